/* Private to the aluminothermic unit: its state, shared by the yield model (aluminothermic.c) and
 * the equilibrium model (aluminothermic_eq.c). */
#ifndef ORF_ALU_IMPL_H
#define ORF_ALU_IMPL_H

#include "chem_impl.h"
#include "oreflow/equilibrium.h"

enum { ORF__ALU_METAL, ORF__ALU_SLAG, ORF__ALU_NOUT };

/* Parameters, in the order of the unit's table. */
enum { ORF__ALU_P_Y, ORF__ALU_P_T, ORF__ALU_P_MODEL, ORF__ALU_P_LOSS };

/* Results, in the order of the unit's table. */
enum {
    ORF__ALU_R_METAL,
    ORF__ALU_R_CR,
    ORF__ALU_R_AL,
    ORF__ALU_R_CRREC,
    ORF__ALU_R_ALST,
    ORF__ALU_R_ALEX,
    ORF__ALU_R_ALKG,
    ORF__ALU_R_SLAG,
    ORF__ALU_R_SAL,
    ORF__ALU_R_SCR,
    ORF__ALU_R_SPH,
    ORF__ALU_R_TAD,
    ORF__ALU_R_SURP,
    ORF__ALU_R_SELF,
    ORF__ALU_R_EBAL,
    ORF__ALU_R_LOSS,
    ORF__ALU_R_AAL2O3,
    ORF__ALU_R_SLIQ,
    ORF__ALU_R_MLIQ,
    ORF__ALU_R_HEATOK,
    ORF__ALU_R_MOLTEN,
    ORF__ALU_R_BAL,
    ORF__ALU_R_WARN
};

/* The equilibrium model's system: a liquid metal and a liquid slag (regular solutions), built in
 * setup; amounts per system species. */
typedef struct orf__alu_eq {
    orf_ctx *ctx; /* for the error of a heat balance that does not settle */
    orf_eq_system *sys;
    orf_eq_work *w;
    size_t ns;
    int *th;      /* ns: thermo species of each system species */
    int *outlet;  /* ns: ORF__ALU_METAL or ORF__ALU_SLAG */
    double *wm;   /* ns × ns: interaction parameters J/mol (0 across phases) */
    int *in_sys;  /* thermo nsp: 1 when the species is in the system (else it passes inert) */
    double *feed; /* ns: kmol/h */
    int s_al2o3;  /* system index of Al2O3 (slag) */
    int s_cr;     /* system index of Cr (metal) */
    double tm_al2o3_k, dhf_al2o3_j; /* fusion of Al2O3 from its data */
    double tm_cr_k, dhf_cr_j;       /* fusion of Cr from its data */
    double *tm_k, *dhf_j;           /* ns: fusion of each system species (NaN: none in its data) */
} orf__alu_eq;

typedef struct orf__alu_state {
    orf__chem c; /* first: orf__chem_teardown reads it */
    int cr, al, cr2o3, al2o3, feo, fe2o3, fe;
    int *route;
    int equilibrium; /* model: equilibrium */
    int t_given;     /* product_temp_c written: the split at that temperature */
    orf__alu_eq e;
} orf__alu_state;

/* aluminothermic_eq.c */
orf_status orf__alu_eq_setup(orf_unit *u, orf_ctx *ctx, orf__alu_state *s);
void orf__alu_eq_free(orf__alu_state *s);
int orf__alu_eq_compute(orf_unit *u, const orf_stream *const *in, orf_stream *const *out);
/* aluminothermic.c: the results both models share, from the metal and slag species flows (kmol/h)
 * and the mixed feed n_in (kmol/h). */
void orf__alu_results(orf_unit *u, const double *n_in, const double *me, const double *sl);

#endif
