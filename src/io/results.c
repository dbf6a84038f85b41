/* Run results: JSON (schema in docs/json.md), the terminal stream table, CSV files. */
#include "io_impl.h"

#include <math.h>
#include <string.h>

static const char *port_name(const char *const *ports, size_t nports, size_t k)
{
    if (!ports)
        return "out";
    if (nports == ORF_PORTS_VARIADIC)
        return ports[0];
    return k < nports ? ports[k] : "?";
}

static void write_stream(const orf_flowsheet *fs, size_t i, orf_json *j)
{
    const orf_stream *st = orf_flowsheet_stream(fs, i);
    const orf_system *y = orf_flowsheet_system(fs);
    orf_json_key(j, st->name);
    orf_json_begin_object(j);
    int su = orf_flowsheet_stream_source(fs, i, NULL), du = orf_flowsheet_stream_sink(fs, i, NULL);
    orf_json_key_string(j, "from", su >= 0 ? orf_flowsheet_unit(fs, su)->name : NULL);
    orf_json_key_string(j, "to", du >= 0 ? orf_flowsheet_unit(fs, du)->name : NULL);
    orf_json_key_number(j, "solids_tph", orf_stream_solids_tph(st));
    orf_json_key_number(j, "water_tph", orf_stream_water_tph(st));
    orf_json_key_number(j, "total_tph", orf_stream_total_tph(st));
    orf_json_key_number(j, "pct_solids", orf_stream_pct_solids(st));
    orf_json_key_number(j, "slurry_m3h", orf_stream_slurry_m3h(st));
    orf_json_key_number(j, "temperature_c", orf_stream_temp_c(st));
    orf_json_key_number(j, "p80_um", y->ns > 1 ? orf_stream_pxx_um(st, 80) : nan(""));
    orf_json_key_number(j, "p50_um", y->ns > 1 ? orf_stream_pxx_um(st, 50) : nan(""));
    orf_json_key(j, "assay");
    orf_json_begin_object(j);
    for (size_t a = 0; a < orf_flowsheet_assay_count(fs); a++) {
        double v = nan("");
        orf_stream_assay(st, orf_flowsheet_assay_name(fs, a), &v);
        orf_json_key_number(j, orf_flowsheet_assay_name(fs, a), v);
    }
    orf_json_end_object(j);
    orf_json_key(j, "materials_tph");
    orf_json_begin_object(j);
    for (size_t m = 0; m < y->nm; m++)
        orf_json_key_number(j, y->mat[m]->name, orf_stream_material_tph(st, m));
    orf_json_end_object(j);
    orf_json_key(j, "element_tph");
    orf_json_begin_object(j);
    size_t nel = orf_matdb_element_count(y->db);
    for (size_t e = 0; e < nel; e++) {
        int present = 0;
        for (size_t m = 0; m < y->nm && !present; m++)
            present = orf_material_element_frac(y->mat[m], (int)e) > 0;
        if (!present)
            continue;
        orf_json_key_number(j, orf_matdb_element(y->db, e)->symbol,
                            orf_stream_element_tph(st, (int)e));
    }
    orf_json_end_object(j);
    orf_json_key(j, "phases_tph");
    orf_json_begin_object(j);
    for (int ph = 0; ph < 4; ph++) {
        orf_json_key_number(j, orf_phase_name((orf_phase)ph),
                            orf_stream_phase_tph(st, (orf_phase)ph));
    }
    orf_json_end_object(j);
    if (y->ns > 1) {
        orf_json_key(j, "size");
        orf_json_begin_object(j);
        orf_json_key(j, "tph");
        orf_json_begin_array(j);
        for (size_t s = 0; s < y->ns; s++)
            orf_json_number(j, orf_stream_size_tph(st, s));
        orf_json_end_array(j);
        /* orf_stream_passing's arithmetic, class by class: no buffer, any number of classes */
        double total = orf_stream_particulate_tph(st), above = 0.0;
        orf_json_key(j, "passing_pct");
        orf_json_begin_array(j);
        for (size_t s = 0; s < y->ns; s++) {
            orf_json_number(j, total > 0 ? 100.0 * (1.0 - above / total) : nan(""));
            above += orf_stream_size_tph(st, s);
        }
        orf_json_end_array(j);
        if (orf_flowsheet_valuable_element(fs)) {
            int el = orf_matdb_element_index(y->db, orf_flowsheet_valuable_element(fs));
            orf_json_key(j, "valuable_element_tph");
            orf_json_begin_array(j);
            for (size_t s = 0; s < y->ns; s++)
                orf_json_number(j, orf__element_size_tph(st, el, s));
            orf_json_end_array(j);
        }
        orf_json_end_object(j);
    }
    orf__liberation_write_json(st, j);
    orf_json_end_object(j);
}

static void write_unit(const orf_flowsheet *fs, size_t i, orf_json *j)
{
    const orf_unit *u = orf_flowsheet_unit(fs, i);
    const orf_unit_type *t = u->type;
    orf_json_key(j, u->name);
    orf_json_begin_object(j);
    orf_json_key_string(j, "type", t->name);
    orf_json_key_string(j, "family", t->family);
    orf_json_key(j, "in");
    orf_json_begin_array(j);
    for (size_t k = 0; k < u->nin; k++)
        orf_json_string(j, orf_flowsheet_stream(fs, u->in[k])->name);
    orf_json_end_array(j);
    orf_json_key(j, "out");
    orf_json_begin_object(j);
    for (size_t k = 0; k < u->nout; k++) {
        char port[64];
        if (t->noutlets == ORF_PORTS_VARIADIC)
            snprintf(port, sizeof port, "%s%zu", port_name(t->outlets, t->noutlets, k), k + 1);
        else
            snprintf(port, sizeof port, "%s", port_name(t->outlets, t->noutlets, k));
        orf_json_key_string(j, port, orf_flowsheet_stream(fs, u->out[k])->name);
    }
    orf_json_end_object(j);
    orf_json_key(j, "params");
    orf_json_begin_object(j);
    for (size_t p = 0; p < t->nparams; p++) {
        if (t->params[p].kind != ORF_PARAM_NUMBER)
            continue;
        orf_json_key_number(j, t->params[p].name, u->p[p]);
    }
    orf_json_end_object(j);
    /* the numeric parameters the file gives (the others hold their defaults) */
    orf_json_key(j, "params_given");
    orf_json_begin_array(j);
    for (size_t p = 0; p < t->nparams; p++)
        if (t->params[p].kind == ORF_PARAM_NUMBER && orf_unit_param_node(u, t->params[p].name))
            orf_json_string(j, t->params[p].name);
    orf_json_end_array(j);
    orf_json_key(j, "results");
    orf_json_begin_object(j);
    for (size_t r = 0; r < t->nresults; r++)
        orf_json_key_number(j, t->results[r].name, u->r[r]);
    orf_json_end_object(j);
    orf_json_key_number(j, "balance_error", orf_flowsheet_unit_balance_error(fs, i));
    if (t->report_json)
        t->report_json(u, orf_flowsheet_unit_inlets(fs, i), orf_flowsheet_unit_outlets(fs, i), j);
    orf_json_end_object(j);
}

void orf_result_write_json(const orf_flowsheet *fs, const orf_solve_info *info, FILE *fp,
                           orf_json_section_fn extra, void *extra_ud)
{
    const orf_system *y = orf_flowsheet_system(fs);
    orf_json jj, *j = &jj;
    orf_json_init(j, fp, 1);
    orf_json_begin_object(j);
    orf_json_key_string(j, "oreflow_version", ORF_VERSION_STRING);
    orf_json_key(j, "flowsheet");
    orf_json_begin_object(j);
    orf_json_key_string(j, "name", orf_flowsheet_name(fs));
    orf_json_key_string(j, "file", orf_flowsheet_path(fs));
    orf_json_end_object(j);
    orf_json_key(j, "converged");
    orf_json_bool(j, info && info->converged);
    orf_json_key(j, "specs_met");
    orf_json_bool(j, info && info->specs_met);
    orf_json_key(j, "iterations");
    orf_json_int(j, info ? info->iterations : 0);
    orf_json_key(j, "unit_evaluations");
    orf_json_int(j, info ? info->unit_evals : 0);
    orf_json_key(j, "tears");
    orf_json_begin_array(j);
    for (size_t k = 0; k < orf_flowsheet_tear_count(fs); k++) {
        orf_json_begin_object(j);
        orf_json_key_string(
            j, "stream", orf_flowsheet_stream(fs, (size_t)orf_flowsheet_tear(fs, k)->stream)->name);
        orf_json_key_number(j, "residual", orf_flowsheet_tear(fs, k)->residual);
        orf_json_end_object(j);
    }
    orf_json_end_array(j);
    orf_json_key(j, "system");
    orf_json_begin_object(j);
    orf_json_key(j, "materials");
    orf_json_begin_array(j);
    for (size_t m = 0; m < y->nm; m++)
        orf_json_string(j, y->mat[m]->name);
    orf_json_end_array(j);
    orf_json_key_string(j, "valuable", y->valuable >= 0 ? y->mat[y->valuable]->name : NULL);
    orf_json_key_string(j, "valuable_element", orf_flowsheet_valuable_element(fs));
    orf_json_key(j, "size_classes");
    orf_json_begin_object(j);
    const double *arrs[3] = {y->upper_um, y->lower_um, y->mid_um};
    const char *names[3] = {"upper_um", "lower_um", "mid_um"};
    for (int a = 0; a < 3; a++)
        orf_json_key_numbers(j, names[a], arrs[a], y->ns);
    orf_json_end_object(j);
    orf_json_key(j, "composition_classes");
    orf_json_begin_object(j);
    orf_json_key_numbers(j, "vfrac", y->vfrac, y->nc);
    orf_json_end_object(j);
    orf_json_key(j, "assays");
    orf_json_begin_array(j);
    for (size_t a = 0; a < orf_flowsheet_assay_count(fs); a++)
        orf_json_string(j, orf_flowsheet_assay_name(fs, a));
    orf_json_end_array(j);
    orf_json_end_object(j);

    orf_json_key(j, "streams");
    orf_json_begin_object(j);
    for (size_t i = 0; i < orf_flowsheet_stream_count(fs); i++)
        write_stream(fs, i, j);
    orf_json_end_object(j);
    orf_json_key(j, "units");
    orf_json_begin_object(j);
    for (size_t i = 0; i < orf_flowsheet_unit_count(fs); i++)
        write_unit(fs, i, j);
    orf_json_end_object(j);
    orf_json_key(j, "specs");
    orf_json_begin_array(j);
    for (size_t k = 0; k < orf_flowsheet_spec_count(fs); k++) {
        const orf_spec_info *sp = orf_flowsheet_spec(fs, k);
        orf_json_begin_object(j);
        orf_json_key_string(j, "name", sp->name);
        orf_json_key_string(j, "unit", sp->unit);
        orf_json_key_string(j, "param", sp->param);
        orf_json_key_string(j, "status", orf_spec_status_name(sp->status));
        orf_json_key_number(j, "value", sp->value);
        orf_json_key_number(j, "target", sp->target);
        orf_json_key_number(j, "achieved", sp->achieved);
        if (sp->bound) { /* a limit: its kind, and whether it binds */
            orf_json_key_string(j, "limit", sp->bound > 0 ? "at_most" : "at_least");
            orf_json_key(j, "active");
            orf_json_bool(j, sp->active);
        }
        orf_json_key(j, "iterations");
        orf_json_int(j, sp->iterations);
        orf_json_end_object(j);
    }
    orf_json_end_array(j);
    orf__summary_write_json(fs, j);
    orf_balance bal;
    orf_flowsheet_balance(fs, &bal);
    orf_json_key(j, "balance");
    orf_json_begin_object(j);
    orf_json_key_number(j, "max_relative_error", bal.max_relative_error);
    orf_json_key_string(j, "worst_unit", bal.worst_unit);
    orf_json_key_string(j, "worst_what", bal.worst_what);
    orf_json_key_number(j, "unit_max_error", bal.unit_max_error);
    orf_json_key_number(j, "overall_max_error", bal.overall_max_error);
    orf_json_key_number(j, "overall_in_tph", bal.overall_in_tph);
    orf_json_key_number(j, "overall_out_tph", bal.overall_out_tph);
    orf_json_end_object(j);
    if (extra)
        extra(extra_ud, j);
    orf_json_end_object(j);
    orf_json_end(j);
}

/* ---- terminal table -----------------------------------------------------------------------------
 */

static void fmt_num(char *buf, size_t n, double v, int prec)
{
    if (!isfinite(v))
        snprintf(buf, n, "-");
    else
        snprintf(buf, n, "%.*f", prec, v);
}

/* width of an assay column: 9, or its header ("chromite %") when wider */
static int assay_width(const char *assay)
{
    int w = orf__utf8_width(assay) + (strchr(assay, '/') ? 0 : 2);
    return w > 9 ? w : 9;
}

/* After the solver's headline: the design specs that failed, and how many were not evaluated. */
static void write_spec_headline(const orf_flowsheet *fs, const orf_solve_info *info, FILE *fp)
{
    size_t nfail = 0, nskip = 0, n = orf_flowsheet_spec_count(fs);
    for (size_t k = 0; k < n; k++) {
        const orf_spec_info *sp = orf_flowsheet_spec(fs, k);
        if (sp->status == ORF_SPEC_NOT_MET)
            fprintf(fp, "%s'%s'", nfail++ ? ", " : "; design spec NOT MET: ", sp->name);
        nskip += sp->status == ORF_SPEC_NOT_EVALUATED;
    }
    if (info->converged && nskip)
        fprintf(fp, "; %zu design spec%s not evaluated", nskip, nskip == 1 ? "" : "s");
    fputs("\n\n", fp);
}

void orf_result_write_table(const orf_flowsheet *fs, const orf_solve_info *info, FILE *fp)
{
    const orf_system *y = orf_flowsheet_system(fs);
    fprintf(fp, "%s\n", orf_flowsheet_name(fs));
    /* a failed design spec heads the output: the streams below are not at the design point */
    const char *conv = !info                          ? NULL
                       : !info->converged             ? "NOT CONVERGED"
                       : info->specs_met              ? "converged"
                       : orf_flowsheet_tear_count(fs) ? "recycle loops converged"
                                                      : "solved";
    if (info && orf_flowsheet_tear_count(fs) == 0)
        fprintf(fp, "%s: no recycle loops, solved in one pass (%d unit evaluations)", conv,
                info->unit_evals);
    else if (info)
        fprintf(fp, "%s after %d iteration%s (%d unit evaluations, %zu tear stream%s)", conv,
                info->iterations, info->iterations == 1 ? "" : "s", info->unit_evals,
                orf_flowsheet_tear_count(fs), orf_flowsheet_tear_count(fs) == 1 ? "" : "s");
    if (info)
        write_spec_headline(fs, info, fp);
    int namew = 6;
    for (size_t i = 0; i < orf_flowsheet_stream_count(fs); i++)
        if (orf__utf8_width(orf_flowsheet_stream(fs, i)->name) > namew)
            namew = orf__utf8_width(orf_flowsheet_stream(fs, i)->name);
    /* a column for melts, gases and solutions when the flowsheet has any (chemistry units) */
    int other = 0;
    for (size_t i = 0; i < orf_flowsheet_stream_count(fs) && !other; i++) {
        const orf_stream *st = orf_flowsheet_stream(fs, i);
        other = orf_stream_total_tph(st) - orf_stream_solids_tph(st) - orf_stream_water_tph(st) >
                1e-9 * (orf_stream_total_tph(st) + 1e-300);
    }
    orf__fput_padded(fp, "stream", namew, 1);
    fprintf(fp, " %10s %10s", "solids t/h", "water t/h");
    if (other)
        fprintf(fp, " %10s", "other t/h");
    fprintf(fp, " %8s ", "% sol");
    orf__fput_padded(fp, "P80 µm", 8, 0);
    for (size_t a = 0; a < orf_flowsheet_assay_count(fs); a++) {
        char h[48];
        snprintf(h, sizeof h, "%s%s", orf_flowsheet_assay_name(fs, a),
                 strchr(orf_flowsheet_assay_name(fs, a), '/') ? "" : " %");
        fputc(' ', fp);
        orf__fput_padded(fp, h, assay_width(orf_flowsheet_assay_name(fs, a)), 0);
    }
    fputc('\n', fp);
    for (size_t i = 0; i < orf_flowsheet_stream_count(fs); i++) {
        const orf_stream *st = orf_flowsheet_stream(fs, i);
        char b1[32], b2[32], b3[32], b4[32];
        fmt_num(b1, sizeof b1, orf_stream_solids_tph(st), 3);
        fmt_num(b2, sizeof b2, orf_stream_water_tph(st), 3);
        fmt_num(b3, sizeof b3, orf_stream_pct_solids(st), 1);
        fmt_num(b4, sizeof b4, y->ns > 1 ? orf_stream_pxx_um(st, 80) : nan(""), 1);
        orf__fput_padded(fp, st->name, namew, 1);
        fprintf(fp, " %10s %10s", b1, b2);
        if (other) {
            char b5[32];
            double o =
                orf_stream_total_tph(st) - orf_stream_solids_tph(st) - orf_stream_water_tph(st);
            fmt_num(b5, sizeof b5, o > 0 ? o : 0.0, 3);
            fprintf(fp, " %10s", b5);
        }
        fprintf(fp, " %8s %8s", b3, b4);
        for (size_t a = 0; a < orf_flowsheet_assay_count(fs); a++) {
            double v = nan("");
            orf_stream_assay(st, orf_flowsheet_assay_name(fs, a), &v);
            char b[32];
            fmt_num(b, sizeof b, v, 2);
            fprintf(fp, " %*s", assay_width(orf_flowsheet_assay_name(fs, a)), b);
        }
        fputc('\n', fp);
    }
    /* unit results */
    int any = 0;
    for (size_t i = 0; i < orf_flowsheet_unit_count(fs); i++) {
        const orf_unit *u = orf_flowsheet_unit(fs, i);
        if (!u->type->nresults || u->nin == 0 || u->nout == 0)
            continue;
        if (!any) {
            fputs("\nunit results\n", fp);
            any = 1;
        }
        fputs("  ", fp);
        orf__fput_padded(fp, u->name, 16, 1);
        fprintf(fp, " %-20s", u->type->name);
        int col = 39; /* wrap long result lists under the unit's name */
        for (size_t r = 0; r < u->type->nresults; r++) {
            if (!isfinite(u->r[r]))
                continue;
            const orf_result_def *d = &u->type->results[r];
            int unitless = !*d->unit || !strcmp(d->unit, "-") || !strcmp(d->unit, "warning");
            char item[160];
            int n = snprintf(item, sizeof item, " %s=%.4g%s%s", d->name, u->r[r],
                             unitless ? "" : " ", unitless ? "" : d->unit);
            if (col + n > 110) {
                fprintf(fp, "\n%39s", "");
                col = 39;
            }
            fputs(item, fp);
            col += n;
        }
        fputc('\n', fp);
    }
    /* results of unit "warning" (a condition the model flags) that are set */
    int warned = 0;
    for (size_t i = 0; i < orf_flowsheet_unit_count(fs); i++) {
        const orf_unit *u = orf_flowsheet_unit(fs, i);
        for (size_t r = 0; r < u->type->nresults; r++) {
            const orf_result_def *d = &u->type->results[r];
            if (strcmp(d->unit, "warning") || !isfinite(u->r[r]) || u->r[r] == 0.0)
                continue;
            fprintf(fp, "%swarning: unit '%s': %s: %s\n", warned++ ? "" : "\n", u->name, d->name,
                    d->doc);
        }
    }
    for (size_t k = 0; k < orf_flowsheet_spec_count(fs); k++) {
        const orf_spec_info *sp = orf_flowsheet_spec(fs, k);
        if (sp->status == ORF_SPEC_OFF)
            fprintf(fp, "%sspec %-14s %s.%s = %.6g: off\n", k ? "" : "\n", sp->name, sp->unit,
                    sp->param, sp->value);
        else if (sp->status == ORF_SPEC_NOT_EVALUATED)
            fprintf(fp, "%sspec %-14s %s.%s = %.6g  (target %.6g): not evaluated\n", k ? "" : "\n",
                    sp->name, sp->unit, sp->param, sp->value, sp->target);
        else if (sp->bound)
            fprintf(fp, "%sspec %-14s %s.%s = %.6g  →  %.6g (%s %.6g: %s)%s\n", k ? "" : "\n",
                    sp->name, sp->unit, sp->param, sp->value, sp->achieved,
                    sp->bound > 0 ? "at most" : "at least", sp->target,
                    sp->active ? "the limit binds" : "not binding",
                    sp->status == ORF_SPEC_NOT_MET ? ": NOT MET" : "");
        else
            fprintf(fp, "%sspec %-14s %s.%s = %.6g  →  %.6g (target %.6g)%s\n", k ? "" : "\n",
                    sp->name, sp->unit, sp->param, sp->value, sp->achieved, sp->target,
                    sp->status == ORF_SPEC_NOT_MET ? ": NOT MET" : "");
    }
    orf__summary_write_table(fs, fp);
    orf_balance bal;
    orf_flowsheet_balance(fs, &bal);
    fprintf(fp, "\nmass balance: in %.3f t/h, out %.3f t/h, max relative error %.2e",
            bal.overall_in_tph, bal.overall_out_tph, bal.max_relative_error);
    if (bal.max_relative_error > 0)
        fprintf(fp, " (%s%s%s)", bal.worst_unit ? bal.worst_unit : "overall", ", ", bal.worst_what);
    fputc('\n', fp);
}

/* ---- CSV
 * ------------------------------------------------------------------------------------------- */

/* every cell through the one CSV cell writer (orf_csv_text, orf_csv_number: formula-safe text) */
static void csv_str(FILE *fp, const char *s)
{
    orf_csv_text(fp, s);
}

static void csv_num(FILE *fp, double v)
{
    orf_csv_number(fp, v, 10);
}

orf_status orf_result_write_csv(orf_ctx *ctx, const orf_flowsheet *fs, const char *dir)
{
    const orf_system *y = orf_flowsheet_system(fs);
    orf_status st = orf_mkdir_p(ctx, dir);
    if (st)
        return st;
    char path[4096];
    orf_atomic a;
    /* streams.csv */
    snprintf(path, sizeof path, "%s/streams.csv", dir);
    if ((st = orf_atomic_open(ctx, &a, path)))
        return st;
    fputs("stream,from,to,solids_tph,water_tph,total_tph,pct_solids,slurry_m3h,temperature_c,p80_"
          "um,p50_um",
          a.fp);
    for (size_t k = 0; k < orf_flowsheet_assay_count(fs); k++) {
        fputc(',', a.fp);
        char h[64];
        snprintf(h, sizeof h, "%s%s", orf_flowsheet_assay_name(fs, k),
                 strchr(orf_flowsheet_assay_name(fs, k), '/') ? "" : "_pct");
        csv_str(a.fp, h);
    }
    for (size_t m = 0; m < y->nm; m++) {
        /* one name per column: the material 'water' beside the stream's water_tph is
         * water_material_tph */
        char h[256];
        snprintf(h, sizeof h, "%s_tph", y->mat[m]->name);
        if (!strcmp(h, "water_tph") || !strcmp(h, "solids_tph") || !strcmp(h, "total_tph"))
            snprintf(h, sizeof h, "%s_material_tph", y->mat[m]->name);
        fputc(',', a.fp);
        csv_str(a.fp, h);
    }
    fputc('\n', a.fp);
    for (size_t i = 0; i < orf_flowsheet_stream_count(fs); i++) {
        const orf_stream *s = orf_flowsheet_stream(fs, i);
        csv_str(a.fp, s->name);
        fputc(',', a.fp);
        if (orf_flowsheet_stream_source(fs, i, NULL) >= 0)
            csv_str(a.fp, orf_flowsheet_unit(fs, orf_flowsheet_stream_source(fs, i, NULL))->name);
        fputc(',', a.fp);
        if (orf_flowsheet_stream_sink(fs, i, NULL) >= 0)
            csv_str(a.fp, orf_flowsheet_unit(fs, orf_flowsheet_stream_sink(fs, i, NULL))->name);
        double v[] = {orf_stream_solids_tph(s),
                      orf_stream_water_tph(s),
                      orf_stream_total_tph(s),
                      orf_stream_pct_solids(s),
                      orf_stream_slurry_m3h(s),
                      orf_stream_temp_c(s),
                      y->ns > 1 ? orf_stream_pxx_um(s, 80) : nan(""),
                      y->ns > 1 ? orf_stream_pxx_um(s, 50) : nan("")};
        for (size_t k = 0; k < sizeof v / sizeof *v; k++) {
            fputc(',', a.fp);
            csv_num(a.fp, v[k]);
        }
        for (size_t k = 0; k < orf_flowsheet_assay_count(fs); k++) {
            double x = nan("");
            orf_stream_assay(s, orf_flowsheet_assay_name(fs, k), &x);
            fputc(',', a.fp);
            csv_num(a.fp, x);
        }
        for (size_t m = 0; m < y->nm; m++) {
            fputc(',', a.fp);
            csv_num(a.fp, orf_stream_material_tph(s, m));
        }
        fputc('\n', a.fp);
    }
    if ((st = orf_atomic_commit(ctx, &a)))
        return st;
    /* units.csv: one row per unit result */
    snprintf(path, sizeof path, "%s/units.csv", dir);
    if ((st = orf_atomic_open(ctx, &a, path)))
        return st;
    fputs("unit,type,quantity,value,unit_of_measure\n", a.fp);
    for (size_t i = 0; i < orf_flowsheet_unit_count(fs); i++) {
        const orf_unit *u = orf_flowsheet_unit(fs, i);
        for (size_t r = 0; r < u->type->nresults; r++) {
            csv_str(a.fp, u->name);
            fputc(',', a.fp);
            csv_str(a.fp, u->type->name);
            fputc(',', a.fp);
            csv_str(a.fp, u->type->results[r].name);
            fputc(',', a.fp);
            csv_num(a.fp, u->r[r]);
            fputc(',', a.fp);
            csv_str(a.fp, u->type->results[r].unit);
            fputc('\n', a.fp);
        }
        for (size_t p = 0; p < u->type->nparams; p++) {
            if (u->type->params[p].kind != ORF_PARAM_NUMBER)
                continue;
            char q[160];
            snprintf(q, sizeof q, "param:%s", u->type->params[p].name);
            csv_str(a.fp, u->name);
            fputc(',', a.fp);
            csv_str(a.fp, u->type->name);
            fputc(',', a.fp);
            csv_str(a.fp, q);
            fputc(',', a.fp);
            csv_num(a.fp, u->p[p]);
            fputc(',', a.fp);
            csv_str(a.fp, u->type->params[p].unit);
            fputc('\n', a.fp);
        }
    }
    if ((st = orf_atomic_commit(ctx, &a)))
        return st;
    /* balance.csv */
    snprintf(path, sizeof path, "%s/balance.csv", dir);
    if ((st = orf_atomic_open(ctx, &a, path)))
        return st;
    fputs("scope,relative_error\n", a.fp);
    for (size_t i = 0; i < orf_flowsheet_unit_count(fs); i++) {
        csv_str(a.fp, orf_flowsheet_unit(fs, i)->name);
        fputc(',', a.fp);
        csv_num(a.fp, orf_flowsheet_unit_balance_error(fs, i));
        fputc('\n', a.fp);
    }
    orf_balance bal;
    orf_flowsheet_balance(fs, &bal);
    fputs("overall,", a.fp);
    csv_num(a.fp, bal.overall_max_error);
    fputc('\n', a.fp);
    if ((st = orf_atomic_commit(ctx, &a)))
        return st;
    /* sizes.csv: particulate t/h per size class and stream */
    if (y->ns > 1) {
        snprintf(path, sizeof path, "%s/sizes.csv", dir);
        if ((st = orf_atomic_open(ctx, &a, path)))
            return st;
        fputs("stream,class,upper_um,lower_um,tph,passing_pct\n", a.fp);
        for (size_t i = 0; i < orf_flowsheet_stream_count(fs); i++) {
            /* orf_stream_passing's arithmetic, class by class (any number of classes) */
            const orf_stream *sti = orf_flowsheet_stream(fs, i);
            double total = orf_stream_particulate_tph(sti), above = 0.0;
            for (size_t s = 0; s < y->ns; s++) {
                double pass = total > 0 ? 100.0 * (1.0 - above / total) : nan("");
                above += orf_stream_size_tph(sti, s);
                csv_str(a.fp, orf_flowsheet_stream(fs, i)->name);
                fprintf(a.fp, ",%zu,", s + 1);
                orf_csv_number(a.fp, y->upper_um[s], 6);
                fputc(',', a.fp);
                orf_csv_number(a.fp, y->lower_um[s], 6);
                fputc(',', a.fp);
                csv_num(a.fp, orf_stream_size_tph(orf_flowsheet_stream(fs, i), s));
                fputc(',', a.fp);
                csv_num(a.fp, pass);
                fputc('\n', a.fp);
            }
        }
        if ((st = orf_atomic_commit(ctx, &a)))
            return st;
    }
    return ORF_OK;
}
