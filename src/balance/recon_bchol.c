/* Reconciliation: block-sparse Cholesky factor of the normal matrix. */
#include "balance/recon_impl.h"

#include <gsl/gsl_blas.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_permutation.h>
#include <gsl/gsl_vector.h>
#include <stdlib.h>
#include <string.h>

/* ---- block-sparse Cholesky -----------------------------------------------------------------
 * H is made of nb x nb blocks, block (b, c) of size d_b x d_c (each basic has the dimension of
 * its own null space); block (b, c) is non-zero only when some measurement involves both basics
 * b and c (e.g. an assay couples its component with solids; two components never meet).
 * Ordering the basics by ascending block degree (solids, the hub, goes last) keeps the factor
 * nearly free of fill, so a factorisation costs ~nb d^3 instead of (nb d)^3 / 3. The symbolic
 * pattern is fixed before the iterations. */

void orf__bchol_free(bchol *c)
{
    orf_free(c->ctx, c->perm);
    orf_free(c->ctx, c->blk);
    orf_free(c->ctx, c->store);
    orf_free(c->ctx, c->colstart);
    orf_free(c->ctx, c->col);
}
/* pat: nb x nb symmetric pattern over basics (diagonal set). 0 or -1 (memory). */
int orf__bchol_symbolic(bchol *c, const unsigned char *pat, size_t nb, const size_t *bd,
                        const size_t *boff)
{
    c->nb = nb;
    c->bd = bd;
    c->boff = boff;
    c->P = boff[nb];
    c->perm = orf_malloc(c->ctx, nb * sizeof *c->perm);
    c->blk = orf_malloc(c->ctx, nb * nb * sizeof *c->blk);
    c->colstart = orf_calloc(c->ctx, nb + 1, sizeof *c->colstart);
    unsigned char *lp = orf_calloc(c->ctx, nb * nb, 1);
    size_t *deg = orf_calloc(c->ctx, nb, sizeof *deg);
    if (!c->perm || !c->blk || !c->colstart || !lp || !deg) {
        orf_free(c->ctx, lp);
        orf_free(c->ctx, deg);
        return -1;
    }
    for (size_t b = 0; b < nb; b++) {
        for (size_t e = 0; e < nb; e++)
            deg[b] += pat[b * nb + e];
        c->perm[b] = b;
    }
    for (size_t i = 1; i < nb; i++) { /* insertion sort by degree, stable */
        size_t v = c->perm[i], j = i;
        while (j > 0 && deg[c->perm[j - 1]] > deg[v]) {
            c->perm[j] = c->perm[j - 1];
            j--;
        }
        c->perm[j] = v;
    }
    for (size_t i = 0; i < nb; i++)
        for (size_t k = 0; k <= i; k++)
            lp[i * nb + k] = pat[c->perm[i] * nb + c->perm[k]] | (i == k);
    for (size_t k = 0; k < nb; k++) /* symbolic elimination: fill */
        for (size_t i = k + 1; i < nb; i++)
            if (lp[i * nb + k])
                for (size_t j = k + 1; j <= i; j++)
                    if (lp[j * nb + k])
                        lp[i * nb + j] = 1;
    size_t nstore = 0, ncol = 0;
    for (size_t i = 0; i < nb; i++)
        for (size_t k = 0; k < nb; k++) {
            int on = k <= i && lp[i * nb + k];
            c->blk[i * nb + k] = on ? (long)nstore : -1;
            if (on)
                nstore += bd[c->perm[i]] * bd[c->perm[k]];
            if (k < i && lp[i * nb + k])
                ncol++;
        }
    c->store = orf_malloc(c->ctx, (nstore ? nstore : 1) * sizeof *c->store);
    c->col = orf_malloc(c->ctx, (ncol ? ncol : 1) * sizeof *c->col);
    orf_free(c->ctx, lp);
    orf_free(c->ctx, deg);
    if (!c->store || !c->col)
        return -1;
    size_t n = 0;
    for (size_t k = 0; k < nb; k++) {
        c->colstart[k] = n;
        for (size_t i = k + 1; i < nb; i++)
            if (c->blk[i * nb + k] >= 0)
                c->col[n++] = i;
    }
    c->colstart[nb] = n;
    return 0;
}

/* Block L(i, k) of the factor, positions i >= k: d_perm[i] x d_perm[k]. */
static gsl_matrix_view bview(bchol *c, size_t i, size_t k)
{
    return gsl_matrix_view_array(c->store + c->blk[i * c->nb + k], c->bd[c->perm[i]],
                                 c->bd[c->perm[k]]);
}

/* Factor H + mu*diag(dscale) (H dense P x P, row-major). 0 or -1 (not positive definite). */
int orf__bchol_factor(bchol *c, const double *H, double mu, const double *dscale)
{
    size_t nb = c->nb, P = c->P;
    for (size_t i = 0; i < nb; i++)
        for (size_t k = 0; k <= i; k++) {
            long o = c->blk[i * nb + k];
            if (o < 0)
                continue;
            size_t bi = c->perm[i], bk = c->perm[k], di = c->bd[bi], dk = c->bd[bk];
            size_t ri = c->boff[bi], ck = c->boff[bk];
            for (size_t l = 0; l < di; l++)
                memcpy(c->store + o + l * dk, H + (ri + l) * P + ck, dk * sizeof(double));
            if (i == k)
                for (size_t l = 0; l < di; l++)
                    c->store[o + l * di + l] += mu * dscale[ri + l];
        }
    for (size_t k = 0; k < nb; k++) {
        gsl_matrix_view Lkk = bview(c, k, k);
        if (gsl_linalg_cholesky_decomp1(&Lkk.matrix))
            return -1;
        for (size_t a = c->colstart[k]; a < c->colstart[k + 1]; a++) {
            gsl_matrix_view Lik = bview(c, c->col[a], k);
            gsl_blas_dtrsm(CblasRight, CblasLower, CblasTrans, CblasNonUnit, 1.0, &Lkk.matrix,
                           &Lik.matrix);
        }
        for (size_t a = c->colstart[k]; a < c->colstart[k + 1]; a++)
            for (size_t e = c->colstart[k]; e <= a; e++) {
                size_t i = c->col[a], j = c->col[e]; /* i >= j > k */
                gsl_matrix_view Lik = bview(c, i, k), Ljk = bview(c, j, k), Aij = bview(c, i, j);
                gsl_blas_dgemm(CblasNoTrans, CblasTrans, -1.0, &Lik.matrix, &Ljk.matrix, 1.0,
                               &Aij.matrix);
            }
    }
    return 0;
}

/* Solve (L L^T) X = X in place; X is P x nr row-major, rows grouped by basic. */
void orf__bchol_solve(bchol *c, double *X, size_t nr)
{
    size_t nb = c->nb;
#define XROW(pos) gsl_matrix_view_array(X + c->boff[c->perm[pos]] * nr, c->bd[c->perm[pos]], nr)
    for (size_t k = 0; k < nb; k++) {
        gsl_matrix_view Lkk = bview(c, k, k), Xk = XROW(k);
        gsl_blas_dtrsm(CblasLeft, CblasLower, CblasNoTrans, CblasNonUnit, 1.0, &Lkk.matrix,
                       &Xk.matrix);
        for (size_t a = c->colstart[k]; a < c->colstart[k + 1]; a++) {
            size_t i = c->col[a];
            gsl_matrix_view Lik = bview(c, i, k), Xi = XROW(i);
            gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, -1.0, &Lik.matrix, &Xk.matrix, 1.0,
                           &Xi.matrix);
        }
    }
    for (size_t k = nb; k-- > 0;) {
        gsl_matrix_view Lkk = bview(c, k, k), Xk = XROW(k);
        for (size_t a = c->colstart[k]; a < c->colstart[k + 1]; a++) {
            size_t i = c->col[a];
            gsl_matrix_view Lik = bview(c, i, k), Xi = XROW(i);
            gsl_blas_dgemm(CblasTrans, CblasNoTrans, -1.0, &Lik.matrix, &Xi.matrix, 1.0,
                           &Xk.matrix);
        }
        gsl_blas_dtrsm(CblasLeft, CblasLower, CblasTrans, CblasNonUnit, 1.0, &Lkk.matrix,
                       &Xk.matrix);
    }
#undef XROW
}
