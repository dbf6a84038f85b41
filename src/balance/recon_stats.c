/* Reconciliation: reading the results of a solve (reconciled measurements and their tests,
 * estimates of any quantity with its SD and observability, the balance self-check). */
#include "balance/recon_impl.h"

#include <math.h>
#include <stdlib.h>

orf_status orf_recon_meas_get(const orf_recon *r, size_t i, orf_recon_meas_result *out)
{
    if (!r->solved || i >= r->nm)
        return ORF_E_RANGE;
    const meas *m = &r->m[i];
    double var = r->varf[i], h = orf__recon_h(var, m->sd);
    out->measured = m->value;
    out->sd = m->sd;
    out->reconciled = r->fhat[i];
    out->sd_reconciled = sqrt(var);
    /* every statistic from ratios to the SD, never from a squared SD (which may overflow) */
    out->adjust_sd = (r->fhat[i] - m->value) / m->sd;
    out->redundant = 1.0 - h > REDUNDANCY_MIN;
    /* MT = (fhat - y) / sqrt(sd² - var) = adjust_sd / sqrt(1 - h) */
    out->mt = out->redundant ? out->adjust_sd / sqrt(1.0 - h) : (double)NAN;
    out->suspect = out->redundant && fabs(out->mt) > r->info.mt_crit;
    return ORF_OK;
}

orf_status orf_recon_estimate(const orf_recon *r, const orf_recon_qty *q, double *value, double *sd,
                              int *observable)
{
    if (!r->solved || q->stream >= r->nst || q->nnum == 0)
        return ORF_E_RANGE;
    size_t nb = r->nb, P = r->P;
    for (size_t i = 0; i < q->nnum; i++)
        if (q->num[i] >= nb)
            return ORF_E_RANGE;
    for (size_t i = 0; i < q->nden; i++)
        if (q->den[i] >= nb)
            return ORF_E_RANGE;
    const double *qj = r->q + q->stream * nb;
    double n = 0, dd = 0;
    for (size_t i = 0; i < q->nnum; i++)
        n += qj[q->num[i]];
    for (size_t i = 0; i < q->nden; i++)
        dd += qj[q->den[i]];
    double f = q->nden ? q->scale * n / dd : q->scale * n;
    /* gradient over the involved basics: one coefficient per distinct basic */
    size_t nt = q->nnum + q->nden, nbl = 0;
    size_t *bl = r->est_b; /* nbl <= nb distinct basics */
    double *cf = r->est_c;
    for (size_t x = 0; x < nt; x++) {
        size_t b = x < q->nnum ? q->num[x] : q->den[x - q->nnum];
        double c = x < q->nnum ? (q->nden ? q->scale / dd : q->scale) : -q->scale * n / (dd * dd);
        size_t k;
        for (k = 0; k < nbl && bl[k] != b; k++)
            ;
        if (k == nbl) {
            bl[nbl] = b;
            cf[nbl++] = 0;
        }
        cf[k] += c;
    }
    size_t j = q->stream;
    /* var = a^T Hinv a over the support blocks of a */
    double var = 0;
    for (size_t x = 0; x < nbl; x++)
        for (size_t y = 0; y < nbl; y++) {
            const double *njx = orf__recon_nrow(r, bl[x], j), *njy = orf__recon_nrow(r, bl[y], j);
            double s = 0;
            for (size_t l = 0; l < r->bd[bl[x]]; l++) {
                const double *row = r->hinv + (r->boff[bl[x]] + l) * P + r->boff[bl[y]];
                double t = 0;
                for (size_t k = 0; k < r->bd[bl[y]]; k++)
                    t += row[k] * njy[k];
                s += njx[l] * t;
            }
            var += cf[x] * cf[y] * s;
        }
    if (observable) {
        /* ridge indicator: ridge * |Hinv a|^2_D / var -> 1 for an unobservable quantity (its
         * variance grows as 1/ridge), -> 0 for an observable one */
        double pen = 0;
        for (size_t i = 0; i < P; i++) {
            const double *row = r->hinv + i * P;
            double hi = 0;
            for (size_t x = 0; x < nbl; x++) {
                const double *rb = row + r->boff[bl[x]], *nj = orf__recon_nrow(r, bl[x], j);
                double s = 0;
                for (size_t l = 0; l < r->bd[bl[x]]; l++)
                    s += rb[l] * nj[l];
                hi += cf[x] * s;
            }
            pen += hi * hi * r->dscale[i];
        }
        *observable = !(r->ridge * pen > 0.5 * var);
    }
    if (value)
        *value = f;
    if (sd)
        *sd = sqrt(fmax(var, 0));
    return ORF_OK;
}

double orf_recon_basic_tph(const orf_recon *r, size_t basic, size_t stream)
{
    if (!r->solved || basic >= r->nb || stream >= r->nst)
        return NAN;
    return r->q[stream * r->nb + basic];
}

double orf_recon_balance_residual(const orf_recon *r)
{
    if (!r->solved)
        return NAN;
    double worst = 0;
    for (size_t i = 0; i < r->nn; i++)
        for (size_t b = 0; b < r->nb; b++) {
            if (r->open[i * r->nb + b])
                continue; /* exchanged with the environment there: no balance */
            double s = 0, scale = 0;
            for (size_t j = 0; j < r->nst; j++) {
                double a = r->inc[i * r->nst + j];
                if (a != 0) {
                    s += a * r->q[j * r->nb + b];
                    scale = fmax(scale, fabs(r->q[j * r->nb + b]));
                }
            }
            if (scale > 0)
                worst = fmax(worst, fabs(s) / scale);
        }
    return worst;
}
