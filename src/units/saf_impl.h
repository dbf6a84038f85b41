/* Private to the submerged-arc ferrochrome furnace: its state, parameter and result slots, shared
 * by saf_ferrochrome.c (the unit type, the recovery model) and saf_equilibrium.c (the predictive
 * model: Gibbs equilibrium plus the non-equilibrium losses). */
#ifndef ORF_SAF_IMPL_H
#define ORF_SAF_IMPL_H

#include "chem_impl.h"
#include "oreflow/equilibrium.h"
#include "oreflow/slag.h"
#include "oreflow/slag_liquidus.h"

enum { O_ALLOY, O_SLAG, O_GAS, O_DUST, NOUT };
#define SAF_GRAIN_NODES 161 /* trapezoidal nodes over ±5 σ of the grain sizes */

typedef struct saf_state {
    orf__chem c;
    int cr, fe, si, c_, cr2o3, feo, fe2o3, sio2, co, co2, o2, h2o, h2ol, caco3, cao, mgo, al2o3, n2;
    int reductant; /* inlet index or -1 */
    int *route;    /* nsp: outlet for slag/gas/alloy split (dust separate) */
    double *dust;  /* nsp */
    int *oxide;    /* nsp: orf_slag_oxide of each species, -1 if none (slag properties) */
    /* the predictive model (model: equilibrium), built in setup */
    int model;          /* SAF_RECOVERY or SAF_EQUILIBRIUM */
    orf_eq_system *sys; /* gas, metal and slag solutions, pure condensed phases */
    orf_eq_work *w;
    size_t ns;             /* system species */
    int *th;               /* ns: thermo species of each system species */
    int *grp;              /* ns: outlet group (O_ALLOY, O_SLAG, O_GAS) of each system species */
    double *feed;          /* ns: kmol/h */
    double *undis;         /* nsp: undissolved chromite, kmol/h */
    int metal_ph, slag_ph; /* phases, -1 if absent */
    int *sysidx;           /* nsp: system species of each thermo species, -1 if none */
    int el_cr, el_c, el_si, el_o; /* matdb elements, -1 if absent */
    /* grain-size quadrature of the undissolved chromite, keyed by (d50, σ) (saf_equilibrium.c) */
    int grain_ok;
    double grain_key[2];
    double grain_r0[SAF_GRAIN_NODES], grain_w[SAF_GRAIN_NODES], grain_wsum;
    orf_slag_liq *liq;     /* slag liquidus (both models) */
    const char *liq_phase; /* primary phase of the last liquidus, or NULL */
} saf_state;

enum { SAF_RECOVERY = 0, SAF_EQUILIBRIUM = 1 };

enum {
    P_CRR,
    P_FER,
    P_SI,
    P_C,
    P_TA,
    P_TS,
    P_TG,
    P_DUST,
    P_LOSS,
    P_EFF,
    P_ELEC,
    P_RED,
    P_MODEL,
    P_GRAIN,
    P_RES,
    P_SOL,
    P_DEPTH,
    P_SETTLE,
    P_D50,
    P_SIG,
    P_RHOM,
    P_GSIG,
    P_NFURN,
    P_C3,
    P_PF,
    P_MINSH,
    P_MAXC,
    P_MAXVISC
};

enum {
    R_ALLOY,
    R_CR,
    R_FE,
    R_SI,
    R_C,
    R_CRREC,
    R_SLAG,
    R_SLAGR,
    R_MGAL,
    R_BAS,
    R_SCR,
    R_NM3,
    R_NM3T,
    R_CO,
    R_CO2,
    R_N2,
    R_DUST,
    R_CKG,
    R_REDT,
    R_REDD,
    R_SHORT,
    R_ELEC,
    R_KW,
    R_SPEC,
    R_LOSS,
    R_DH,
    R_EBAL,
    R_UNDIS,
    R_PRILL,
    R_LDUST,
    R_LUND,
    R_LDIS,
    R_LPRILL,
    R_VISC,
    R_RHOS,
    R_DCRIT,
    R_DIFF,
    R_XC,
    R_ACT_C,
    R_GRAPH,
    R_SIO2A,
    R_EQIT,
    R_FMW,
    R_IKA,
    R_MVA,
    R_RMOHM,
    R_VSEC,
    R_VISCW,
    R_TLIQ,
    R_SUPERHEAT,
    R_LIQW,
    R_MELT,
    R_SOLIDS,
    R_ETAEFF,
    R_CSAT,
    NRES_SAF
};

/* saf_ferrochrome.c: outlets from c->out, energy balance and the common results. slag_liq: oxide
 * masses (t/h) of the liquid slag for its heat of melting (NULL: the slag outlet's oxides). */
int orf__saf_finish(orf_unit *u, const orf_stream *const *in, orf_stream *const *out,
                    double h_in_kw, double cr_fed_t, double c_fed_kmol, double need_t, int short_c,
                    const double *slag_liq);

/* saf_ferrochrome.c: liquidus, superheat, its warning and the solid fraction of slag oxide masses
 * at the slag temperature into the results; returns the solid mass fraction (0 when liquid). */
double orf__saf_liquidus(orf_unit *u, const double mass[ORF_SLAG_NOX]);
/* Roscoe's (1952, Br. J. Appl. Phys. 3:267) relative viscosity of a suspension of solid fraction
 * f: (1 − f/0.74)^−2.5 (0.74: close packing), capped near packing. */
#define ROSCOE_PACKING 0.74
double orf__saf_roscoe(double f_solid);

/* saf_equilibrium.c */
/* Oxide masses (t/h) per orf_slag_oxide of species flows n, for the slag-property models;
 * gangue != 0 leaves out the reducible Cr2O3, FeO and Fe2O3 (the gangue slag). */
void orf__saf_slag_masses(const saf_state *s, const double *n, int gangue, double *mass);
orf_status orf__saf_eq_setup(orf_unit *u, orf_ctx *ctx);
void orf__saf_eq_teardown(orf_unit *u, orf_ctx *ctx);
int orf__saf_eq_compute(orf_unit *u, const orf_stream *const *in, orf_stream *const *out);

#endif
