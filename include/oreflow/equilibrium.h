/* oreflow — chemical equilibrium by Gibbs energy minimisation (a Gibbs reactor).
 *
 * A closed system of species (data/thermo.yaml) grouped in phases: an ideal gas, pure condensed
 * phases (one stoichiometric solid or liquid each) and solution phases (ideal, or regular with
 * binary interaction parameters W_ij). At given T and P the amounts n_i minimise
 *   G/RT = Σ_i n_i μ_i,   μ_i = g°_i(T)/RT + ln x_i + ln γ_i (+ ln P/P° for gas species)
 * subject to the element balances A n = b, n ≥ 0, found with the element-potential (Lagrange
 * multiplier) method and phase add/drop (Eriksson 1975, Chem. Scr. 8:100; Smith & Missen 1982,
 * "Chemical Reaction Equilibrium Analysis", RAND; docs/models.md "Equilibrium engine").
 * Regular solution: G^ex = N Σ_{i<j} x_i x_j W_ij, so RT ln γ_i = Σ_j x_j W_ij − Σ_{j<k} x_j x_k
 * W_jk.
 *
 * Amounts are in any one unit (mol or kmol, as the feed); energies come out in J/mol times that
 * unit (kJ when amounts are kmol). Temperatures in K, pressure in bar (P° = 1 bar).
 *
 * Ownership: a system borrows its thermo database (which must outlive it) and owns its phases; a
 * workspace borrows its system and owns every array a solve needs, sized once, so that solving
 * allocates nothing (diagnostics aside: an error, or the first out-of-range warning of a species).
 * Result arrays are borrowed from the workspace until its next solve or its free.
 * Thread safety: a system may be shared by threads once built; a workspace is one thread's.
 */
#ifndef OREFLOW_EQUILIBRIUM_H
#define OREFLOW_EQUILIBRIUM_H

#include "common.h"
#include "thermo.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    ORF_EQ_GAS = 0,    /* ideal gas mixture: μ = g°/RT + ln x + ln(P/P°) */
    ORF_EQ_PURE = 1,   /* one stoichiometric condensed species, activity 1 */
    ORF_EQ_IDEAL = 2,  /* ideal condensed solution: μ = g°/RT + ln x */
    ORF_EQ_REGULAR = 3 /* regular (quadratic) solution, W_ij J/mol */
} orf_eq_phase_kind;

typedef struct orf_eq_system orf_eq_system;
typedef struct orf_eq_work orf_eq_work;

/* An empty system over `db`. */
ORF_API orf_status orf_eq_system_alloc(orf_ctx *ctx, const orf_thermo_db *db, orf_eq_system **out);
ORF_API void orf_eq_system_free(orf_eq_system *sys);
/* Add a phase of `n` thermo species (names of db); a pure phase has exactly one. *phase (may be
 * NULL) gets its index. A species may sit in several phases (pure SiO2 and SiO2 in a slag).
 * Errors (unknown species, with a did-you-mean hint; a gas species in a condensed phase) are
 * ORF_E_INPUT / ORF_E_UNKNOWN_NAME diagnostics naming the phase. Add every phase before the first
 * orf_eq_work_alloc. */
ORF_API orf_status orf_eq_system_add_phase(orf_eq_system *sys, const char *name,
                                           orf_eq_phase_kind kind, const char *const *species,
                                           size_t n, int *phase);
/* Interaction parameter W (J/mol) between species `a` and `b` of regular phase `phase`. */
ORF_API orf_status orf_eq_system_set_w(orf_eq_system *sys, int phase, const char *a, const char *b,
                                       double w_j_mol);
/* The usual set-up: a phase "gas" of every gas species of db made of `elements` (NULL-terminated
 * symbols; NULL: every element) and a pure phase per condensed species made of them, skipping
 * species named in `exclude` (NULL-terminated, may be NULL). */
ORF_API orf_status orf_eq_system_add_defaults(orf_eq_system *sys, const char *const *elements,
                                              const char *const *exclude);

/* Named solution models with published parameters (src/thermo/solution_models.c; docs/models.md
 * "Solution models"): "fecr_metal" (liquid Fe–Cr–Si–C) and "oxide_slag" (SiO2–Al2O3–MgO–CaO–
 * FeO–Cr2O3–TiO2). Adds regular phase `phase_name` with the model's species that the thermo
 * database has and `keep` accepts (keep may be NULL: all), and its W_ij. No phase is added (and
 * *phase is -1) when none of its species is kept. Unknown model: ORF_E_UNKNOWN_NAME with a hint. */
ORF_API orf_status orf_eq_system_add_solution(orf_eq_system *sys, const char *model,
                                              const char *phase_name,
                                              int (*keep)(const char *species, void *arg),
                                              void *arg, int *phase);
/* Source of solution model `model` (NULL if unknown); the i-th model's name (NULL past the end). */
ORF_API const char *orf_eq_solution_source(const char *model);
ORF_API const char *orf_eq_solution_name(size_t i);
/* The context of a system; whether its thermo database has species `name`. */
ORF_API orf_ctx *orf_eq_system_ctx(const orf_eq_system *sys);
ORF_API int orf_eq_system_knows(const orf_eq_system *sys, const char *name);

ORF_API size_t orf_eq_species_count(const orf_eq_system *sys);
ORF_API size_t orf_eq_phase_count(const orf_eq_system *sys);
/* System species index of thermo species `name` in phase `phase` (-1: the first of any phase);
 * -1 if absent. */
ORF_API int orf_eq_species_find(const orf_eq_system *sys, const char *name, int phase);
ORF_API const orf_species *orf_eq_species_get(const orf_eq_system *sys, size_t i);
ORF_API int orf_eq_species_phase(const orf_eq_system *sys, size_t i);
ORF_API const char *orf_eq_phase_name(const orf_eq_system *sys, size_t p);
ORF_API orf_eq_phase_kind orf_eq_phase_kind_of(const orf_eq_system *sys, size_t p);
/* Species of phase p: indices first .. first + count - 1. */
ORF_API void orf_eq_phase_species(const orf_eq_system *sys, size_t p, size_t *first, size_t *count);

/* The workspace of every solve (allocates once, through the system's context). */
ORF_API orf_status orf_eq_work_alloc(const orf_eq_system *sys, orf_eq_work **out);
ORF_API void orf_eq_work_free(orf_eq_work *w);

typedef enum {
    ORF_EQ_START_LEVEL = 0, /* linear-programming estimate (ideal mixing ignored): default */
    ORF_EQ_START_FEED = 1,  /* the feed itself, phases with feed present */
    ORF_EQ_START_LAST = 2   /* the workspace's last converged answer (sweeps); else LEVEL */
} orf_eq_start;

typedef struct orf_eq_options {
    int max_iter;       /* Newton iterations over all phase changes (default 300) */
    double tol;         /* convergence, relative to the total amount (default 1e-13) */
    orf_eq_start start; /* initial estimate */
    int strict_range;   /* 1: a species outside its data's temperature range is an error */
} orf_eq_options;

ORF_API void orf_eq_options_init(orf_eq_options *o);

typedef struct orf_eq_result {
    double t_k, p_bar;
    const double *n;       /* per system species: equilibrium amount (feed unit) */
    const double *phase_n; /* per phase: total amount */
    const int *present;    /* per phase: 1 stable, 0 absent */
    const double *lambda;  /* per matdb element: element potential J/mol (0 if absent) */
    double g_j;            /* Σ n_i μ_i, J/mol × amount unit */
    double h_j;            /* Σ n_i H_i(T) on the formation scale, J/mol × amount unit */
    double balance_error;  /* largest element imbalance, relative to that element's amount */
    int iterations;        /* Newton iterations used */
    size_t out_of_range;   /* species present in the system used outside their data range */
} orf_eq_result;

/* Equilibrium of `feed` (amount per system species, ≥ 0) at t_k and p_bar. Returns ORF_OK;
 * ORF_E_INPUT (no element, a negative or non-finite amount), ORF_E_RANGE (T or P not positive,
 * T outside every species' data; with strict_range, any species), ORF_E_NOT_CONVERGED (after
 * max_iter iterations, with the residual in the diagnostic: never a silent wrong answer),
 * ORF_E_NUMERIC. A species used outside its data's range gets one warning diagnostic per
 * workspace naming it and the range. opt may be NULL (defaults). */
ORF_API orf_status orf_eq_solve_tp(orf_eq_work *w, const double *feed, double t_k, double p_bar,
                                   const orf_eq_options *opt, orf_eq_result *res);
/* Equilibrium at given enthalpy: the T in [t_lo_k, t_hi_k] where Σ n_i H_i(T) = h_j (an outer
 * 1-D solve on T, Illinois regula falsi, to 1e-6 K). Adiabatic: h_j = enthalpy of the feed at
 * its temperature; with a heat input Q, add Q. ORF_E_RANGE when h_j is outside H(t_lo)..H(t_hi). */
ORF_API orf_status orf_eq_solve_h(orf_eq_work *w, const double *feed, double h_j, double p_bar,
                                  double t_lo_k, double t_hi_k, const orf_eq_options *opt,
                                  orf_eq_result *res);
/* Excess enthalpy of regular phase p at amounts n (per system species): N Σ_{i<j} x_i x_j W_ij,
 * J/mol × amount unit (W does not depend on T: the excess is all enthalpy). 0 for other phases. */
ORF_API double orf_eq_excess_h_j(const orf_eq_system *sys, size_t p, const double *n);
/* As orf_eq_solve_h, with extra(T, arg) (J/mol × amount unit) added to the equilibrium's enthalpy
 * at every trial T: species outside the system that leave at the same temperature (inert solids
 * of a charge). extra may be NULL. */
ORF_API orf_status orf_eq_solve_h_extra(orf_eq_work *w, const double *feed, double h_j,
                                        double (*extra)(double t_k, void *arg), void *arg,
                                        double p_bar, double t_lo_k, double t_hi_k,
                                        const orf_eq_options *opt, orf_eq_result *res);
/* As orf_eq_solve_h_extra, searched from t_guess_k instead of over the whole range: Newton steps
 * on the heat capacity of the equilibrium's composition held fixed (Σ n_i c_p,i plus the slope of
 * extra), then secant steps, inside the bracket the trials find (bisection where a step leaves it
 * or |H − h_j| did not halve); a melting step of H on the way (a range boundary where the amounts
 * step H) is tried just below and just above, and where H steps over h_j the answer is the trial
 * just above it. Steps dt_k, 2 dt_k, 4 dt_k, ... where no slope is positive. Converged at
 * |H − h_j| ≤ 1e-11 |h_j| or a bracket of 1e-7 K. The same root to the tolerance of
 * orf_eq_solve_h_extra where H(T) - h_j changes sign once in [t_lo_k, t_hi_k]; where the search
 * reaches an end of the range it falls back to orf_eq_solve_h_extra. */
ORF_API orf_status orf_eq_solve_h_near(orf_eq_work *w, const double *feed, double h_j,
                                       double (*extra)(double t_k, void *arg), void *arg,
                                       double p_bar, double t_lo_k, double t_hi_k, double t_guess_k,
                                       double dt_k, const orf_eq_options *opt, orf_eq_result *res);
/* Σ n_i H_i(t_k) of amounts n per system species, J/mol × amount unit. */
ORF_API double orf_eq_enthalpy_j(const orf_eq_system *sys, const double *n, double t_k);

#ifdef __cplusplus
}
#endif
#endif
