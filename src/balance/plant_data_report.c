/* Plant data reports: the terminal table, the JSON "reconciliation" section and the CSV of every
 * measured and estimated quantity. */
#include "oreflow/balance.h"
#include "oreflow/flowsheet.h"
#include "oreflow/node.h"
#include "oreflow/output.h"
#include "balance/balance_impl.h"
#include "base/base_impl.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static int widest(int w, const char *s)
{
    int n = s ? orf__utf8_width(s) : 0;
    return n > w ? n : w;
}

void orf_plant_write_table(const orf_plant_data *pd, FILE *fp)
{
    if (!pd->solved)
        return;
    const orf_recon_info *in = &pd->info;
    fprintf(fp,
            "Reconciliation of %s: %zu measurements, %zu redundant, chi2 = %.3g on %d dof "
            "(critical %.3g at 95 %%, p = %.3g)%s\n",
            orf_flowsheet_name(pd->fs), in->nmeas, in->nredundant, in->chi2, in->dof, in->chi2_crit,
            in->p_value, in->dof > 0 && in->chi2 > in->chi2_crit ? ": GROSS ERROR LIKELY" : "");
    if (in->worst >= 0)
        fprintf(fp, "Largest normalised adjustment: %s (MT critical value %.3g)\n\n",
                pd->m[in->worst].label, in->mt_crit);
    else
        fputc('\n', fp);
    /* labels and names padded by their display width (UTF-8: 'питание', 'P80 µm'), each
     * column as wide as its widest entry */
    int wl = 36, wsn = 24;
    for (size_t i = 0; i < pd->nm; i++)
        wl = widest(wl, pd->m[i].label);
    for (size_t j = 0; j < pd->nst; j++)
        wsn = widest(wsn, orf_flowsheet_stream(pd->fs, j)->name);
    orf__fput_padded(fp, "measurement", wl, 1);
    fprintf(fp, " %12s %10s %12s %10s %8s %8s\n", "measured", "sd", "reconciled", "sd rec",
            "adj/sd", "MT");
    for (size_t i = 0; i < pd->nm; i++) {
        orf_recon_meas_result m;
        orf_recon_meas_get(pd->r, i, &m);
        char mt[16];
        if (m.redundant)
            snprintf(mt, sizeof mt, "%8.2f", fabs(m.mt) < 0.005 ? 0.0 : m.mt); /* no -0.00 */
        else
            snprintf(mt, sizeof mt, "%8s", "n/r");
        orf__fput_padded(fp, pd->m[i].label, wl, 1);
        /* an adjustment that rounds to zero prints 0.00 whatever its sign (round-off decides it) */
        double adj = fabs(m.adjust_sd) < 0.005 ? 0.0 : m.adjust_sd;
        fprintf(fp, " %12.4g %10.3g %12.4g %10.3g %8.2f %s%s\n", m.measured, m.sd, m.reconciled,
                m.sd_reconciled, adj, mt, m.suspect ? "  <-- suspect" : "");
    }
    fputs("\nStreams (reconciled; * = unobservable)\n", fp);
    orf__fput_padded(fp, "stream", wsn, 1);
    fprintf(fp, " %14s %14s %10s", "solids t/h", "water t/h", "% solids");
    for (size_t k = 0; k < pd->ncomp; k++) {
        fputc(' ', fp);
        orf__fput_padded(fp, pd->comp[k], widest(12, pd->comp[k]), 0);
    }
    fputc('\n', fp);
    static const char *const q3[] = {"solids_tph", "water_tph", "pct_solids"};
    for (size_t j = 0; j < pd->nst; j++) {
        const char *sn = orf_flowsheet_stream(pd->fs, j)->name;
        orf__fput_padded(fp, sn, wsn, 1);
        for (size_t k = 0; k < 3 + pd->ncomp; k++) {
            double v, sd;
            int obs;
            char what[80];
            if (k < 3)
                snprintf(what, sizeof what, "%s", q3[k]);
            else
                snprintf(what, sizeof what, "assay.%s", pd->comp[k - 3]);
            orf_plant_estimate(pd, sn, what, &v, &sd, &obs);
            int w = k < 2 ? 14 : (k == 2 ? 10 : widest(12, pd->comp[k - 3]));
            if (obs)
                fprintf(fp, " %*.4g", w, v);
            else
                fprintf(fp, " %*s", w, "*");
        }
        fputc('\n', fp);
    }
}

void orf_plant_write_json_section(void *ud, orf_json *j)
{
    const orf_plant_data *pd = ud;
    if (!pd->solved)
        return;
    const orf_recon_info *in = &pd->info;
    orf_json_key(j, "reconciliation");
    orf_json_begin_object(j);
    orf_json_key(j, "converged");
    orf_json_bool(j, in->converged);
    orf_json_key(j, "iterations");
    orf_json_int(j, in->iterations);
    orf_json_key(j, "measurements_count");
    orf_json_int(j, (long)in->nmeas);
    orf_json_key(j, "redundant_count");
    orf_json_int(j, (long)in->nredundant);
    orf_json_key(j, "dof");
    orf_json_int(j, in->dof);
    orf_json_key_number(j, "chi2", in->chi2);
    orf_json_key_number(j, "chi2_critical", in->chi2_crit);
    orf_json_key_number(j, "p_value", in->p_value);
    orf_json_key_number(j, "mt_critical", in->mt_crit);
    orf_json_key(j, "suspects");
    orf_json_begin_array(j);
    for (size_t i = 0; i < pd->nm; i++) {
        orf_recon_meas_result m;
        orf_recon_meas_get(pd->r, i, &m);
        if (m.suspect)
            orf_json_string(j, pd->m[i].label);
    }
    orf_json_end_array(j);
    orf_json_key_string(j, "worst", in->worst >= 0 ? pd->m[in->worst].label : NULL);
    orf_json_key_number(j, "balance_residual", in->max_balance_residual);
    orf_json_key(j, "measurements");
    orf_json_begin_array(j);
    for (size_t i = 0; i < pd->nm; i++) {
        orf_recon_meas_result m;
        orf_recon_meas_get(pd->r, i, &m);
        orf_json_begin_object(j);
        orf_json_key_string(j, "name", pd->m[i].label);
        orf_json_key_string(j, "stream",
                            orf_flowsheet_stream(pd->fs, (size_t)pd->m[i].stream)->name);
        orf_json_key_number(j, "measured", m.measured);
        orf_json_key_number(j, "sd", m.sd);
        orf_json_key_number(j, "reconciled", m.reconciled);
        orf_json_key_number(j, "sd_reconciled", m.sd_reconciled);
        orf_json_key_number(j, "adjustment_sd", m.adjust_sd);
        orf_json_key_number(j, "mt", m.mt);
        orf_json_key(j, "redundant");
        orf_json_bool(j, m.redundant);
        orf_json_key(j, "suspect");
        orf_json_bool(j, m.suspect);
        orf_json_end_object(j);
    }
    orf_json_end_array(j);
    orf_json_key(j, "streams");
    orf_json_begin_object(j);
    for (size_t s = 0; s < pd->nst; s++) {
        const char *sn = orf_flowsheet_stream(pd->fs, s)->name;
        orf_json_key(j, sn);
        orf_json_begin_object(j);
        /* flows, % solids, assays; then, with size data, each size class (% of the solids)
         * and each component assayed by size in each class */
        size_t nsz = pd->nsieve ? pd->ncls : 0, nq = 3 + pd->ncomp + nsz;
        for (size_t k = 0; k < pd->ncomp; k++)
            nq += pd->comp_by_size[k] ? nsz : 0;
        for (size_t k = 0; k < nq; k++) {
            static const char *const q3[] = {"solids_tph", "water_tph", "pct_solids"};
            char what[96];
            if (k < 3)
                snprintf(what, sizeof what, "%s", q3[k]);
            else if (k < 3 + pd->ncomp)
                snprintf(what, sizeof what, "assay.%s", pd->comp[k - 3]);
            else if (k < 3 + pd->ncomp + nsz)
                snprintf(what, sizeof what, "size.%zu", k - 3 - pd->ncomp);
            else {
                size_t x = k - 3 - pd->ncomp - nsz, c = 0;
                while (!pd->comp_by_size[c] || x >= nsz) {
                    x -= pd->comp_by_size[c] ? nsz : 0;
                    c++;
                }
                snprintf(what, sizeof what, "size_assay.%.60s.%zu", pd->comp[c], x);
            }
            double v = NAN, sd = NAN;
            int obs = 0;
            orf_plant_estimate(pd, sn, what, &v, &sd, &obs);
            orf_json_key(j, what);
            orf_json_begin_object(j);
            orf_json_key_number(j, "value", v);
            orf_json_key_number(j, "sd", sd);
            orf_json_key(j, "observable");
            orf_json_bool(j, obs);
            orf_json_end_object(j);
        }
        orf_json_end_object(j);
    }
    orf_json_end_object(j);
    orf_json_end_object(j);
}

orf_status orf_plant_write_csv(orf_ctx *ctx, const orf_plant_data *pd, const char *path)
{
    orf_atomic a;
    orf_status st = orf_atomic_open(ctx, &a, path);
    if (st)
        return st;
    fprintf(a.fp, "measurement,stream,measured,sd,reconciled,sd_reconciled,adjustment_sd,mt,"
                  "redundant,suspect\n");
    for (size_t i = 0; i < pd->nm; i++) {
        orf_recon_meas_result m;
        orf_recon_meas_get(pd->r, i, &m);
        orf_csv_text(a.fp, pd->m[i].label);
        fputc(',', a.fp);
        orf_csv_text(a.fp, orf_flowsheet_stream(pd->fs, (size_t)pd->m[i].stream)->name);
        const double v[] = {m.measured, m.sd, m.reconciled, m.sd_reconciled, m.adjust_sd, m.mt};
        for (size_t k = 0; k < sizeof v / sizeof *v; k++) {
            fputc(',', a.fp);
            orf_csv_number(a.fp, v[k], k < 4 ? 10 : 6);
        }
        fprintf(a.fp, ",%d,%d\n", m.redundant, m.suspect);
    }
    return orf_atomic_commit(ctx, &a);
}
