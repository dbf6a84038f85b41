/* oreflow — model calibration: fit unit parameters to reconciled plant data.
 *
 * Ownership: the caller owns the parameter array; `ref` points into the flowsheet (borrowed).
 * Not thread-safe per flowsheet.
 */
#ifndef OREFLOW_CALIBRATE_H
#define OREFLOW_CALIBRATE_H

#include "balance.h"
#include "flowsheet.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct orf_calib_param {
    const char *unit;  /* unit name */
    const char *param; /* parameter path as orf_flowsheet_param_ref takes it: "d50c_um",
                          "recovery.chromite" */
    double initial;    /* out: value before the fit */
    double value;      /* out: fitted value */
    double sd;         /* out: standard error */
    double ci95;       /* out: half-width of the 95 % confidence interval */
    double *ref;       /* out: the parameter inside the flowsheet */
} orf_calib_param;

typedef struct orf_calib_info {
    double chi2; /* sum of squared weighted residuals at the optimum */
    int dof;     /* residuals - parameters */
    int iterations;
    size_t nresid;
    int size_data_used; /* 1 when size and size-by-assay residuals entered the fit */
} orf_calib_info;

/* Fit the parameters to the reconciled values of `pd` (orf_plant_reconcile first). The
 * flowsheet is left solved at the fitted values. ORF_OK, ORF_E_UNKNOWN_NAME (no such
 * parameter), ORF_E_INPUT (too few measurements), ORF_E_NUMERIC (fit failed). */
ORF_API orf_status orf_plant_calibrate(orf_ctx *ctx, orf_plant_data *pd, size_t np,
                                       orf_calib_param *p, orf_calib_info *info);
/* Write the flowsheet file with the fitted values in place of the old ones (comments and layout
 * kept), atomically. Each parameter must be written explicitly in the file. */
ORF_API orf_status orf_calib_write_yaml(orf_ctx *ctx, orf_flowsheet *fs, size_t np,
                                        const orf_calib_param *p, const char *path);

#ifdef __cplusplus
}
#endif
#endif
