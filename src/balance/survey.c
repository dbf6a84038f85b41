/* Synthetic plant surveys: the values a measurement file's quantities take in a solved flowsheet
 * (the "truth" of a simulation), and a measurement file written from them plus Gaussian noise of
 * the file's own standard deviations.
 *
 * This is the standard way to test a mass-balance reconciliation package on a circuit whose
 * true balance is known (simulated plant data with random errors of known variance: Hodouin &
 * Everell 1980, Int J Miner Process 7:91; Crowe 1996, J Process Control 6:89, "Data
 * reconciliation — progress and challenges"): the reconciled values can then be compared with the
 * truth, the chi-square statistic with its distribution, and fitted model parameters with those
 * that generated the data. The noise is N(0, sd^2) with sd as the file gives it (absolute, or
 * relative to the true value), drawn from GSL's MT19937 generator with the caller's seed
 * (gsl_ran_gaussian), so a seed always gives the same file. Values below 0 are set to 0 and
 * percentages above 100 to 100 (a real measurement cannot fall outside).
 *
 * Size classes of the file must be unions of the flowsheet's: every sieve must be one of the
 * flowsheet's class boundaries (within 2.5 %, so nominal ISO sieves 355/180/90/45 µm match a √2
 * series from 1000 µm).
 */
#include "balance/balance_impl.h"
#include "oreflow/flowsheet.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Measurement size class of each flowsheet size class (cls[s]); located error when a sieve is
 * not a class boundary of the flowsheet. */
static orf_status class_map(orf_ctx *ctx, const orf_plant_data *pd, size_t *cls)
{
    const orf_system *y = orf_flowsheet_system(pd->fs);
    orf_status st = ORF_OK;
    for (size_t i = 0; i < pd->nsieve; i++) {
        double best = INFINITY, near = 0;
        for (size_t s = 0; s + 1 < y->ns; s++) {
            double e = fabs(y->lower_um[s] / pd->sieve_um[i] - 1);
            if (e < best) {
                best = e;
                near = y->lower_um[s];
            }
        }
        if (!(best <= 0.025))
            st = orf_diag_emit(ctx, ORF_E_INPUT, &pd->sieve_loc[i], NULL,
                               "sieve %g µm is not a size-class boundary of the flowsheet "
                               "(nearest %.4g µm): a simulated survey needs sieves at class "
                               "boundaries",
                               pd->sieve_um[i], near);
    }
    for (size_t s = 0; s < y->ns; s++) {
        size_t c = 0;
        for (size_t i = 0; i < pd->nsieve; i++)
            if (pd->sieve_um[i] > y->mid_um[s])
                c++;
        cls[s] = c;
    }
    return st;
}

/* Value of measurement m in the flowsheet's streams; `tmp` is a scratch stream. */
static double truth_of(const orf_plant_data *pd, const orf__pmeas *m, const size_t *cls,
                       orf_stream *tmp)
{
    const orf_stream *s = orf_flowsheet_stream(pd->fs, (size_t)m->stream);
    const orf_system *y = s->sys;
    double v = NAN;
    switch (m->kind) {
    case ORF__Q_SOLIDS:
        return orf_stream_solids_tph(s);
    case ORF__Q_WATER:
        return orf_stream_water_tph(s);
    case ORF__Q_PCT_SOLIDS:
        return orf_stream_pct_solids(s);
    case ORF__Q_ASSAY:
        orf_stream_assay(s, pd->comp[m->comp], &v);
        return v;
    case ORF__Q_SIZE: {
        double in = 0, all = 0;
        for (size_t k = 0; k < y->ns; k++) {
            double t = orf_stream_size_tph(s, k);
            all += t;
            if (cls[k] == (size_t)m->cls)
                in += t;
        }
        return all > 0 ? 100 * in / all : (double)NAN;
    }
    case ORF__Q_SIZE_ASSAY: {
        /* the stream's particles of this size class only */
        memset(tmp->x, 0, y->nvar * sizeof *tmp->x);
        for (size_t mat = 0; mat < y->nm; mat++)
            for (size_t k = 0; orf_has_particles(y, mat) && k < y->ns; k++)
                if (cls[k] == (size_t)m->cls)
                    for (size_t c = 0; c < y->nc; c++)
                        tmp->x[orf_ix(y, mat, k, c)] = s->x[orf_ix(y, mat, k, c)];
        orf_stream_assay(tmp, pd->comp[m->comp], &v);
        return v;
    }
    default:
        return NAN;
    }
}

orf_status orf_plant_truth(orf_ctx *ctx, const orf_plant_data *pd, double *values)
{
    const orf_system *y = orf_flowsheet_system(pd->fs);
    size_t *cls = orf_malloc(ctx, y->ns * sizeof *cls);
    double *x = orf_calloc(ctx, y->nvar, sizeof *x);
    if (!cls || !x) {
        orf_free(ctx, cls);
        orf_free(ctx, x);
        return orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL, "out of memory");
    }
    orf_status st = class_map(ctx, pd, cls);
    orf_stream tmp = {"size class", y, x};
    for (size_t i = 0; i < pd->nm && !st; i++) {
        values[i] = truth_of(pd, &pd->m[i], cls, &tmp);
        if (!isfinite(values[i]))
            st = orf_diag_emit(ctx, ORF_E_NUMERIC, &pd->m[i].vloc,
                               orf_flowsheet_stream(pd->fs, (size_t)pd->m[i].stream)->name,
                               "'%s' is undefined in the simulation (no solids in the stream "
                               "or the size class)",
                               pd->m[i].label);
    }
    orf_free(ctx, cls);
    orf_free(ctx, x);
    return st;
}

static void put_string(FILE *fp, const char *s)
{
    fputc('"', fp);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            fputc('\\', fp);
        if (*s == '\n')
            fputs("\\n", fp);
        else
            fputc(*s, fp);
    }
    fputc('"', fp);
}

/* One value in the form the plan gave its SD: a bare number (default SD), {value, sd} or
 * {value, sd_rel}. */
static void put_value(FILE *fp, const orf__pmeas *m, double v, int prec)
{
    if (m->sd_default)
        fprintf(fp, "%.*g", prec, v);
    else if (m->sd_rel > 0)
        fprintf(fp, "{value: %.*g, sd_rel: %.6g}", prec, v, m->sd_rel);
    else
        fprintf(fp, "{value: %.*g, sd: %.6g}", prec, v, m->sd);
}

orf_status orf_plant_survey_write(orf_ctx *ctx, const orf_plant_data *pd, unsigned long seed,
                                  int exact, const char *command, FILE *fp)
{
    size_t n = pd->nm, ncls = pd->nsieve ? pd->nsieve + 1 : 1;
    double *v = orf_malloc(ctx, (n ? n : 1) * sizeof *v);
    int *done = orf_calloc(ctx, n ? n : 1, sizeof *done);
    /* GSL objects come from GSL's own malloc, out of reach of the context's allocator hook; a NULL
     * from them is handled as ORF_E_NOMEM like any other. */
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    orf_status st = ORF_OK;
    if (!v || !done || !rng) {
        st = orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL, "out of memory");
        goto out;
    }
    /* size lists must be complete (the YAML form has one value per class) */
    for (size_t i = 0; i < n && !st; i++) {
        const orf__pmeas *m = &pd->m[i];
        if (m->kind != ORF__Q_SIZE && m->kind != ORF__Q_SIZE_ASSAY)
            continue;
        size_t have = 0;
        for (size_t k = 0; k < n; k++)
            have += pd->m[k].stream == m->stream && pd->m[k].kind == m->kind &&
                    pd->m[k].comp == m->comp;
        if (have != ncls)
            st = orf_diag_emit(ctx, ORF_E_INPUT, &m->vloc, NULL,
                               "'%s': a survey needs every size class of the stream (%zu of %zu "
                               "given)",
                               m->label, have, ncls);
    }
    if (st || (st = orf_plant_truth(ctx, pd, v)))
        goto out;
    gsl_rng_set(rng, seed);
    for (size_t i = 0; i < n; i++) {
        const orf__pmeas *m = &pd->m[i];
        double sd = m->sd_rel > 0 ? m->sd_rel / 100 * fabs(v[i]) : m->sd;
        double e = gsl_ran_gaussian(rng, sd); /* drawn even when exact: same stream of numbers */
        if (!exact)
            v[i] += e;
        if (v[i] < 0)
            v[i] = 0;
        if (m->kind != ORF__Q_SOLIDS && m->kind != ORF__Q_WATER && v[i] > 100)
            v[i] = 100;
    }
    int prec = exact ? 10 : 4;
    fprintf(fp, "# %s plant survey of %s,\n# written by `%s`.\n",
            exact ? "Noise-free" : "Synthetic", orf_flowsheet_name(pd->fs),
            command ? command : "oreflow survey");
    fprintf(fp, "# Values: the converged simulation of the flowsheet%s", exact ? ".\n" : "");
    if (!exact)
        fprintf(fp,
                " plus Gaussian noise N(0, sd^2) with the SDs\n"
                "# below (relative ones taken of the true value), GSL mt19937, seed %lu.\n",
                seed);
    if (pd->note) {
        fputs("#\n# ", fp);
        for (const char *c = pd->note; *c; c++) {
            fputc(*c, fp);
            if (*c == '\n' && c[1])
                fputs("# ", fp);
        }
        if (pd->note[0] && pd->note[strlen(pd->note) - 1] != '\n')
            fputc('\n', fp);
    }
    if (pd->name) {
        fputs("name: ", fp);
        put_string(fp, pd->name);
        fputc('\n', fp);
    }
    if (orf_flowsheet_path(pd->fs)) {
        fputs("flowsheet: ", fp);
        put_string(fp, orf_flowsheet_path(pd->fs));
        fputc('\n', fp);
    }
    const orf__sd_defaults *d = &pd->dflt;
    fprintf(fp,
            "defaults: {flow_sd_rel: %g, water_sd_rel: %g, pct_solids_sd: %g, assay_sd_rel: %g,\n"
            "           size_sd: %g, size_assay_sd_rel: %g}\n",
            d->flow_rel, d->water_rel, d->pct_solids_abs, d->assay_rel, d->size_abs,
            d->size_assay_rel);
    if (pd->nsieve) {
        fputs("sieves_um: [", fp);
        for (size_t i = 0; i < pd->nsieve; i++)
            fprintf(fp, "%s%g", i ? ", " : "", pd->sieve_um[i]);
        fputs("]\n", fp);
    }
    fputs("streams:\n", fp);
    static const char *const key[] = {"solids_tph", "water_tph", "pct_solids"};
    for (size_t i = 0; i < n; i++) {
        if (done[i])
            continue;
        int j = pd->m[i].stream;
        fprintf(fp, "  %s:\n", orf_flowsheet_stream(pd->fs, (size_t)j)->name);
        for (int kind = ORF__Q_SOLIDS; kind <= ORF__Q_PCT_SOLIDS; kind++)
            for (size_t k = i; k < n; k++)
                if (pd->m[k].stream == j && pd->m[k].kind == kind && !done[k]) {
                    fprintf(fp, "    %s: ", key[kind]);
                    put_value(fp, &pd->m[k], v[k], prec);
                    fputc('\n', fp);
                    done[k] = 1;
                }
        int first = 1;
        for (size_t k = i; k < n; k++)
            if (pd->m[k].stream == j && pd->m[k].kind == ORF__Q_ASSAY && !done[k]) {
                fprintf(fp, "%s%s: ", first ? "    assay: {" : ", ", pd->comp[pd->m[k].comp]);
                put_value(fp, &pd->m[k], v[k], prec);
                done[k] = 1;
                first = 0;
            }
        if (!first)
            fputs("}\n", fp);
        first = 1;
        for (size_t c = 0; c < ncls; c++) /* in class order */
            for (size_t k = i; k < n; k++)
                if (pd->m[k].stream == j && pd->m[k].kind == ORF__Q_SIZE && !done[k] &&
                    pd->m[k].cls == (int)c) {
                    fputs(first ? "    size: [" : ", ", fp);
                    put_value(fp, &pd->m[k], v[k], prec);
                    done[k] = 1;
                    first = 0;
                }
        if (!first)
            fputs("]\n", fp);
        first = 1;
        for (size_t k = i; k < n; k++) {
            if (pd->m[k].stream != j || pd->m[k].kind != ORF__Q_SIZE_ASSAY || done[k])
                continue;
            int comp = pd->m[k].comp;
            fprintf(fp, "%s      %s: [", first ? "    size_assay:\n" : "", pd->comp[comp]);
            int f2 = 1;
            for (size_t c = 0; c < ncls; c++)
                for (size_t l = k; l < n; l++)
                    if (pd->m[l].stream == j && pd->m[l].kind == ORF__Q_SIZE_ASSAY &&
                        pd->m[l].comp == comp && pd->m[l].cls == (int)c && !done[l]) {
                        fputs(f2 ? "" : ", ", fp);
                        put_value(fp, &pd->m[l], v[l], prec);
                        done[l] = 1;
                        f2 = 0;
                    }
            fputs("]\n", fp);
            first = 0;
        }
    }
out:
    orf_free(ctx, v);
    orf_free(ctx, done);
    gsl_rng_free(rng);
    return st;
}
