/* Private declarations shared by the reconciliation's files: the problem (recon.c), its
 * solution (recon_solve.c), the block-sparse Cholesky factor (recon_bchol.c) and the reading of
 * results (recon_stats.c). */
#ifndef ORF_RECON_IMPL_H
#define ORF_RECON_IMPL_H

#include "oreflow/balance.h"

#include "base/base_impl.h"

#include <math.h>
#include <stddef.h>

/* A measurement is redundant when its redundancy 1 - h_i = 1 - var(f_i)/sd_i^2 exceeds this.
 * The ridge and round-off leave 1 - h_i of order 1e-6 on measurements that the balances do not
 * check at all (their adjustments are ~1e-14 SD); a redundancy below 1e-4 could move a value by
 * at most 1 % of its SD, so such a measurement cannot be tested either (MT would be noise). */
#define REDUNDANCY_MIN 1e-4

/* Share h = var(reconciled)/sd² of a measurement's variance that the balances cannot reduce
 * (0: fully redundant, 1: not redundant), scaled before squaring so that no SD overflows
 * (an SD of 3e298 squares to inf: h would be 0/inf or inf/inf). var_rec is the variance of the
 * reconciled value, sd the measurement's SD (> 0). */
static inline double orf__recon_h(double var_rec, double sd)
{
    double t = sqrt(var_rec) / sd;
    return t * t;
}

typedef struct meas {
    size_t stream;
    size_t num, nnum, den, nden; /* offsets into the index pool */
    double scale, value, sd;
} meas;

struct orf_recon {
    orf_ctx *ctx; /* every allocation goes through it */
    int own_ctx;  /* made by orf_recon_alloc, freed with the problem */
    size_t nst, nn, nb;
    double *inc;         /* nn x nst */
    unsigned char *open; /* nn x nb: 1 = basic b is exchanged with the environment at node i */
    double *guess;       /* nb x nst */
    meas *m;
    size_t nm, capm;
    size_t *pool;
    size_t npool, cappool;
    /* solution */
    /* Each basic b has its own null-space basis N_b (nst x bd[b], rows of the incidence matrix
     * restricted to the nodes that conserve b; basics with the same nodes share one basis) and
     * its coordinates theta[boff[b] .. boff[b] + bd[b]). P = boff[nb]. */
    size_t *bd, *boff, *bnoff; /* nb, nb + 1, nb: dimension, offset in theta, offset in N */
    size_t P;
    double *N;      /* the bases, N_b row j at N + bnoff[b] + j * bd[b] */
    double *theta;  /* P */
    double *q;      /* nst x nb basic flows at theta */
    double *hinv;   /* P x P inverse of the regularised normal matrix */
    double *dscale; /* P: ridge scale */
    double ridge;
    double *fhat, *varf; /* per measurement */
    /* orf_recon_estimate's workspace (nb each), allocated with the solution: an estimate, called
     * by every writer of the results, allocates nothing and so cannot fail for memory (issue 15,
     * finding 4: a refused allocation there once left a stale value in the printed table) */
    size_t *est_b;
    double *est_c;
    orf_recon_info info;
    int solved;
    char err[256];
};

void orf__recon_set_err(orf_recon *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Drop the solution arrays (a new solve, or a failed one). */
void orf__recon_free_solution(orf_recon *r);

/* Row j of basic b's null-space basis (bd[b] entries). */
static inline const double *orf__recon_nrow(const orf_recon *r, size_t b, size_t j)
{
    return r->N + r->bnoff[b] + j * r->bd[b];
}

/* ---- block-sparse Cholesky (recon_bchol.c) ---------------------------------------------------
 * H is made of nb x nb blocks, block (b, c) of size bd[b] x bd[c] at rows boff[b], columns
 * boff[c]; it is non-zero only when some measurement involves both basics b and c. */
typedef struct bchol {
    orf_ctx *ctx; /* allocator of the arrays below */
    size_t nb, P;
    const size_t *bd, *boff; /* borrowed from the problem */
    size_t *perm;            /* position -> basic */
    long *blk;               /* [i*nb + k], positions i >= k: offset of block L(i,k) or -1 */
    double *store;
    size_t *colstart; /* rows i > k with a block in column k: col[colstart[k] .. colstart[k+1]) */
    size_t *col;
} bchol;

void orf__bchol_free(bchol *c);
/* pat: nb x nb symmetric pattern over basics (diagonal set); bd, boff: block sizes and offsets
 * (borrowed, must outlive c). 0 or -1 (memory). */
int orf__bchol_symbolic(bchol *c, const unsigned char *pat, size_t nb, const size_t *bd,
                        const size_t *boff);
/* Factor H + mu*diag(dscale) (H dense P x P, row-major). 0 or -1 (not positive definite). */
int orf__bchol_factor(bchol *c, const double *H, double mu, const double *dscale);
/* Solve (L L^T) X = X in place; X is P x nr row-major, rows grouped by basic. */
void orf__bchol_solve(bchol *c, double *X, size_t nr);

#endif
