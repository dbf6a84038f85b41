/* Mass-balance reconciliation by weighted least squares under node balances, bilinear case.
 *
 * Problem (Crowe, Garcia Campos & Hrymak 1983, AIChE J 29:881; Crowe 1986, AIChE J 32:616;
 * Hodouin & Everell 1980, Int J Miner Process 7:91 for mineral processing):
 *
 *     min  sum_i ((f_i(q) - y_i) / sd_i)^2     subject to  M_b q_b = 0 for every basic b,
 *
 * where M_b is the node-stream incidence matrix (+1 inlet, -1 outlet) restricted to the nodes
 * that conserve basic b (all of them, except where orf_recon_exchange says the node exchanges b
 * with the environment, as a water addition does water), q_b the flows of a
 * conserved "basic" quantity (solids or a size class, water, a component, a component in a size
 * class) in every stream, and f_i a flow (linear) or a ratio of flows (an assay, a size
 * fraction, % solids: bilinear once written as flow x assay). The linear node balances are
 * eliminated exactly with an orthonormal basis N_b of the null space of M_b (QR with column
 * pivoting of M_b^T; one per distinct set of nodes): q_b = N_b theta_b, theta_b of the dimension
 * d_b of that null space, so a basic is exactly balanced where it must be and free where it is
 * exchanged, with no pseudo-measurement. What remains is an unconstrained nonlinear least-squares
 * problem in theta, solved by Levenberg–Marquardt steps that become Gauss–Newton steps near the
 * solution (Marquardt 1963, SIAM J Appl Math 11:431). At convergence the gradient J^T W r vanishes,
 * which is exactly the KKT condition of the constrained problem: no linearisation shortcut remains.
 *
 * Statistics from the linearised problem at the solution: Cov(theta) = (J^T W J)^-1 (with a
 * 1e-10 relative ridge so that unobservable directions stay finite and can be detected: a
 * quantity whose variance grows as 1/ridge is unobservable); reconciled SDs; leverage
 * h_i = var(f_i)/sd_i^2 (h_i = 1: a non-redundant measurement); normalised adjustments
 * MT_i = (f_i - y_i) / sqrt(sd_i^2 - var(f_i)) — the measurement test, which for independent
 * errors is the maximum-power test (Mah & Tamhane 1982, AIChE J 28:828), with Sidak's critical
 * value (1 - alpha)^(1/n); the global test chi2 = sum r_i^2/sd_i^2 on dof = n - rank
 * (Reilly & Carpani 1963; Madron 1992, Process Plant Performance, ch. 6).
 *
 * Workspaces are sized once at solve time; the iteration loop allocates nothing.
 *
 * This file: the problem (streams, nodes, guesses, measurements). The solution is in
 * recon_solve.c, the block-sparse Cholesky factor in recon_bchol.c, reading results in
 * recon_stats.c.
 */
#include "balance/recon_impl.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void orf__recon_set_err(orf_recon *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->err, sizeof r->err, fmt, ap);
    va_end(ap);
}

orf_recon *orf_recon_alloc_with(orf_ctx *ctx, size_t nstreams, size_t nnodes, size_t nbasic)
{
    if (nstreams == 0 || nbasic == 0)
        return NULL;
    orf_recon *r = orf_calloc(ctx, 1, sizeof *r);
    if (!r)
        return NULL;
    r->ctx = ctx;
    r->nst = nstreams;
    r->nn = nnodes;
    r->nb = nbasic;
    r->inc = orf_calloc(r->ctx, nnodes ? nnodes * nstreams : 1, sizeof *r->inc);
    r->open = orf_calloc(r->ctx, nnodes ? nnodes * nbasic : 1, sizeof *r->open);
    r->guess = orf_malloc(r->ctx, nbasic * nstreams * sizeof *r->guess);
    if (!r->inc || !r->open || !r->guess) {
        orf_recon_free(r);
        return NULL;
    }
    for (size_t i = 0; i < nbasic * nstreams; i++)
        r->guess[i] = 1.0;
    return r;
}

orf_recon *orf_recon_alloc(size_t nstreams, size_t nnodes, size_t nbasic)
{
    if (nstreams == 0 || nbasic == 0)
        return NULL;
    orf_ctx *ctx = orf_ctx_alloc();
    if (!ctx)
        return NULL;
    orf_recon *r = orf_recon_alloc_with(ctx, nstreams, nnodes, nbasic);
    if (!r) {
        orf_ctx_free(ctx);
        return NULL;
    }
    r->own_ctx = 1;
    return r;
}

void orf__recon_free_solution(orf_recon *r)
{
    orf_free(r->ctx, r->bd);
    r->bd = r->boff = r->bnoff = NULL;
    r->P = 0;
    orf_free(r->ctx, r->N);
    orf_free(r->ctx, r->theta);
    orf_free(r->ctx, r->q);
    orf_free(r->ctx, r->hinv);
    orf_free(r->ctx, r->dscale);
    orf_free(r->ctx, r->fhat);
    orf_free(r->ctx, r->varf);
    orf_free(r->ctx, r->est_b);
    orf_free(r->ctx, r->est_c);
    r->N = r->theta = r->q = r->hinv = r->dscale = r->fhat = r->varf = r->est_c = NULL;
    r->est_b = NULL;
    r->solved = 0;
}

void orf_recon_free(orf_recon *r)
{
    if (!r)
        return;
    orf__recon_free_solution(r);
    orf_free(r->ctx, r->inc);
    orf_free(r->ctx, r->open);
    orf_free(r->ctx, r->guess);
    orf_free(r->ctx, r->m);
    orf_free(r->ctx, r->pool);
    orf_ctx *ctx = r->ctx;
    int own = r->own_ctx;
    orf_free(ctx, r);
    if (own)
        orf_ctx_free(ctx);
}

const char *orf_recon_error(const orf_recon *r)
{
    return r->err;
}
size_t orf_recon_meas_count(const orf_recon *r)
{
    return r->nm;
}

orf_status orf_recon_connect(orf_recon *r, size_t node, size_t stream, int sign)
{
    if (node >= r->nn || stream >= r->nst || (sign != 1 && sign != -1)) {
        orf__recon_set_err(r, "connect: node %zu / stream %zu / sign %d out of range", node, stream,
                           sign);
        return ORF_E_RANGE;
    }
    r->inc[node * r->nst + stream] += sign;
    return ORF_OK;
}

orf_status orf_recon_exchange(orf_recon *r, size_t node, size_t basic)
{
    if (node >= r->nn || basic >= r->nb) {
        orf__recon_set_err(r, "exchange: node %zu / basic %zu out of range", node, basic);
        return ORF_E_RANGE;
    }
    r->open[node * r->nb + basic] = 1;
    r->solved = 0;
    return ORF_OK;
}

orf_status orf_recon_set_guess(orf_recon *r, size_t basic, size_t stream, double tph)
{
    if (basic >= r->nb || stream >= r->nst || !isfinite(tph)) {
        orf__recon_set_err(r, "guess: basic %zu / stream %zu out of range", basic, stream);
        return ORF_E_RANGE;
    }
    r->guess[basic * r->nst + stream] = tph;
    return ORF_OK;
}

static int pool_push(orf_recon *r, const size_t *idx, size_t n, size_t *off)
{
    if (r->npool + n > r->cappool) {
        size_t cap = r->cappool ? r->cappool : 64;
        while (cap < r->npool + n)
            cap *= 2;
        size_t *p = orf_realloc(r->ctx, r->pool, cap * sizeof *p);
        if (!p)
            return -1;
        r->pool = p;
        r->cappool = cap;
    }
    *off = r->npool;
    for (size_t i = 0; i < n; i++)
        r->pool[r->npool++] = idx[i];
    return 0;
}

int orf_recon_add_meas(orf_recon *r, const orf_recon_qty *q, double value, double sd)
{
    if (q->stream >= r->nst || q->nnum == 0) {
        orf__recon_set_err(r, "measurement: stream %zu out of range or empty numerator", q->stream);
        return ORF_E_RANGE;
    }
    for (size_t i = 0; i < q->nnum; i++)
        if (q->num[i] >= r->nb)
            return orf__recon_set_err(r, "measurement: basic %zu out of range", q->num[i]),
                   ORF_E_RANGE;
    for (size_t i = 0; i < q->nden; i++)
        if (q->den[i] >= r->nb)
            return orf__recon_set_err(r, "measurement: basic %zu out of range", q->den[i]),
                   ORF_E_RANGE;
    if (!(sd > 0) || !isfinite(sd) || !isfinite(value) || !isfinite(q->scale)) {
        orf__recon_set_err(r, "measurement: value %g and sd %g must be finite, sd > 0", value, sd);
        return ORF_E_INPUT;
    }
    if (r->nm == r->capm) {
        size_t cap = r->capm ? 2 * r->capm : 32;
        meas *p = orf_realloc(r->ctx, r->m, cap * sizeof *p);
        if (!p)
            return ORF_E_NOMEM;
        r->m = p;
        r->capm = cap;
    }
    meas *m = &r->m[r->nm];
    m->stream = q->stream;
    m->nnum = q->nnum;
    m->nden = q->nden;
    m->scale = q->scale;
    m->value = value;
    m->sd = sd;
    if (pool_push(r, q->num, q->nnum, &m->num) || pool_push(r, q->den, q->nden, &m->den))
        return ORF_E_NOMEM;
    r->solved = 0;
    return (int)r->nm++;
}
