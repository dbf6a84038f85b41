/* Private to src/thermo: the layout of an equilibrium system and its workspace
 * (equilibrium.c builds them, equilibrium_solve.c runs the minimisation). */
#ifndef ORF_EQUILIBRIUM_IMPL_H
#define ORF_EQUILIBRIUM_IMPL_H

#include "oreflow/equilibrium.h"

typedef struct orf__eq_phase {
    const char *name; /* interned in the context */
    orf_eq_phase_kind kind;
    size_t first, n; /* its species: first .. first + n - 1 */
    double *w;       /* n × n interaction parameters J/mol (regular phases), else NULL */
} orf__eq_phase;

struct orf_eq_system {
    orf_ctx *ctx;
    const orf_thermo_db *db;
    size_t nel; /* elements of the matdb */
    size_t ns, cap_s;
    int *thermo; /* ns: thermo species index */
    int *phase;  /* ns: phase index */
    size_t np, cap_p;
    orf__eq_phase *ph;
};

struct orf_eq_work {
    orf_ctx *ctx;
    const orf_eq_system *sys;
    size_t ns, np, ne, mmax;
    double *a;       /* ns × ne element counts */
    double *mu0;     /* ns: g°/RT (+ ln P/P° for gas) */
    double *mu;      /* ns: chemical potential / RT */
    double *n;       /* ns: amounts (the answer) */
    double *lnn;     /* ns: ln n of solution species */
    double *gam;     /* ns: ln γ */
    double *q;       /* ns: Σ_j x_j W_ij / RT (regular phases) */
    double *cost;    /* ns: costs of the linear programme (μ° or the current μ, /RT) */
    double *lpn;     /* ns: its primal solution */
    double *pprev;   /* ne: π of the last Newton system of full rank (per independent row) */
    double *b;       /* ne: element amounts of the feed */
    double *pi;      /* ne: element potentials / RT by element (0 for absent ones) */
    double *lambda;  /* ne: element potentials J/mol (result) */
    double *phase_n; /* np */
    double *pq;      /* np: Σ_{i<j} x_i x_j W_ij / RT per regular phase */
    int *present;    /* np */
    int *elig;       /* ns: species made of present elements only */
    int *var;        /* ns: column of the species in the Newton matrix, -1 if not active */
    int *rows;       /* ne: independent element rows (element indices) */
    size_t nrows;
    double *m;    /* mmax × mmax Newton matrix */
    double *rhs;  /* mmax */
    int *piv;     /* mmax */
    double *rmax; /* mmax: row maxima of the active part during the elimination */
    double *rred; /* mmax: right-hand side, then solution, of the reduced Newton system */
    double *zr;   /* ns × ne: Z = M⁻¹ Aᵀ of the regular phases' species (reduced system) */
    double *yr;   /* ns: y = M⁻¹ μ of the regular phases' species */
    double *mp;   /* nmax × (nmax + ne + 1): [M | Aᵀ μ] of one regular phase */
    int *aidx;    /* ns: active species of one phase */
    int *pcol;    /* np: column of s_p or Δn_c in the reduced system, -1 if none */
    double *rsc;  /* mmax: row scales of the reduced system's factors */
    int *rpiv;    /* mmax: row swap of each step of the reduced system's factors */
    double *rres; /* ne: b − A n per independent row (reduced system) */
    double *dnr;  /* ns: the step as amounts, n_i δ_i or Δn_c (reduced system) */
    double *ar;   /* ns × nrows: the element counts of the independent rows, species by species */
    double *tab;  /* (ne + 1) × (ns + ne + 1) simplex tableau; also rank scratch */
    int *basis;   /* ne */
    int *warned;  /* ns: out-of-range warning already given */
    int *sp_el, *sp_el0; /* elements of species i: sp_el[sp_el0[i] .. sp_el0[i + 1]) */
    int *el_sp, *el_sp0; /* species holding element e: el_sp[el_sp0[e] .. el_sp0[e + 1]) */
    int *key_el;         /* ne: present elements of the last independent_rows() */
    int *key_elig;       /* ns: elig of the last independent_rows() */
    int have_rows;       /* rows/nrows are those of key_el and key_elig */
    int have_last;
    int degenerate; /* the last Newton matrix was rank deficient: π not unique */
    int have_prev;  /* pprev is set */
    double t_k, p_bar;
    double mu0_t_k, mu0_p_bar; /* T, P of mu0 (-1: not set) */
};

static inline double orf__eq_arow(const orf_eq_work *w, size_t i, size_t r)
{
    return w->ar[i * w->nrows + r]; /* = w->a[i * w->ne + w->rows[r]] */
}

/* π·a_i over the independent rows (π indexed by row). */
static inline double orf__eq_pia(const orf_eq_work *w, const double *pi_r, size_t i)
{
    double s = 0.0;
    for (size_t r = 0; r < w->nrows; r++)
        s += pi_r[r] * orf__eq_arow(w, i, r);
    return s;
}

/* equilibrium_lp.c: the LP min Σ w->cost_j n_j, A n = b, n ≥ 0 over the eligible species: its
 * solution into n (ns), its duals into pi_r (per independent row). 0, or -1 on failure. */
int orf__eq_level(orf_eq_work *w, double *n, double *pi_r);
/* equilibrium_lp.c: pure phase `add` enters by a simplex pivot when its composition is a
 * combination of the present pure phases (1), else nothing is done (0). */
int orf__eq_exchange(orf_eq_work *w, size_t add);

/* equilibrium_newton.c: Gaussian elimination with complete pivoting of the row-equilibrated n × n
 * system m (in place; the solution replaces rhs; col and rmax are n scratch entries); free
 * unknowns of a consistent rank-deficient system are 0. 0, or -1 when inconsistent. */
int orf__eq_lu_solve(double *m, double *rhs, int *col, double *rmax, size_t n, size_t *rank_out);
/* equilibrium_newton.c: the Newton step of the present assemblage from the reduced system (π,
 * Δln N of each solution phase, Δn of each pure phase): w->var and *msp set, the step into w->rhs
 * as the full system lays it out, w->degenerate = 0. -1 (nothing usable in w->rhs) when the
 * reduced system is rank deficient or a regular phase's block near singular. Needs potentials(). */
int orf__eq_newton_reduced(orf_eq_work *w, size_t *msp_out);

/* equilibrium_solve.c: the minimisation of one call, after the checks of orf_eq_solve_tp (b,
 * mu0, elig, rows set). Returns ORF_OK or an error with its diagnostic. */
orf_status orf__eq_minimise(orf_eq_work *w, const double *feed, const orf_eq_options *o,
                            int *iterations);

#endif
