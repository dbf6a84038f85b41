/* Plant summary of a solved flowsheet: what a metallurgist reads first — per final product the mass
 * pull and the recovery of the valuable element (overall and by size class), the installed power of
 * the units, and the water balance. Recovery R = (element in product) / (element in all feeds)
 * (Wills & Finch 2016, "Mineral Processing Technology", 8th ed., §1.5). */
#include "io_impl.h"

#include <math.h>
#include <string.h>

static int is_feed_stream(const orf_flowsheet *fs, size_t s)
{
    int src = orf_flowsheet_stream_source(fs, s, NULL);
    return src >= 0 && orf_flowsheet_unit(fs, src)->nin == 0;
}

static int is_boundary_out(const orf_flowsheet *fs, size_t s)
{
    int dst = orf_flowsheet_stream_sink(fs, s, NULL);
    return dst < 0 || orf_flowsheet_unit(fs, dst)->nout == 0;
}

/* the streams of the products tables: report.products when given, else the final products */
static int is_final_stream(const orf_flowsheet *fs, size_t s)
{
    if (orf_flowsheet_product_count(fs)) {
        for (size_t k = 0; k < orf_flowsheet_product_count(fs); k++)
            if ((size_t)orf_flowsheet_product(fs, k) == s)
                return 1;
        return 0;
    }
    return is_boundary_out(fs, s);
}

/* final products that carry size-resolved solids (the ones a by-size recovery table is about) */
static int is_sized_final(const orf_flowsheet *fs, size_t s)
{
    return is_final_stream(fs, s) && orf_stream_particulate_tph(orf_flowsheet_stream(fs, s)) > 0;
}

double orf__element_size_tph(const orf_stream *st, int el, size_t s)
{
    const orf_system *y = st->sys;
    double t = 0;
    for (size_t m = 0; m < y->nm; m++) {
        double f = orf_material_element_frac(y->mat[m], el);
        if (f <= 0 || !orf_has_particles(y, m))
            continue;
        for (size_t c = 0; c < y->nc; c++)
            t += f * st->x[orf_ix(y, m, s, c)];
    }
    return t;
}

void orf__summary_compute(const orf_flowsheet *fs, orf__summary *sm)
{
    memset(sm, 0, sizeof *sm);
    sm->el = orf_flowsheet_valuable_element(fs)
                 ? orf_matdb_element_index(orf_flowsheet_system(fs)->db,
                                           orf_flowsheet_valuable_element(fs))
                 : -1;
    double all_feed_solids_tph = 0;
    for (size_t s = 0; s < orf_flowsheet_stream_count(fs); s++) {
        const orf_stream *st = orf_flowsheet_stream(fs, s);
        if (is_feed_stream(fs, s)) {
            double sol = orf_stream_solids_tph(st);
            all_feed_solids_tph += sol;
            sm->water_in_tph += orf_stream_water_tph(st);
            if (sm->el >= 0) {
                double el = orf_stream_element_tph(st, sm->el);
                sm->feed_el_tph += el;
                /* mass pull is relative to the ore fed, not to reagents (coke, fluxes,
                 * aluminium) added on the way (Wills & Finch 2016, §1.5: C/F) */
                if (el > 0)
                    sm->feed_solids_tph += sol;
            }
        }
        if (is_boundary_out(fs, s))
            sm->water_out_tph += orf_stream_water_tph(st);
    }
    if (!(sm->feed_el_tph > 0))
        sm->feed_solids_tph = all_feed_solids_tph;
    for (size_t u = 0; u < orf_flowsheet_unit_count(fs); u++) {
        const orf_unit_type *t = orf_flowsheet_unit(fs, u)->type;
        for (size_t r = 0; r < t->nresults; r++) {
            double v = orf_flowsheet_unit(fs, u)->r[r];
            if (!isfinite(v))
                continue;
            if (!strcmp(t->results[r].name, "power_kw"))
                sm->power_kw += v;
        }
        sm->water_in_tph += orf_unit_water_added_tph(orf_flowsheet_unit(fs, u));
    }
}

/* The basis of the recovery by size: the valuable element in size class k summed over the products
 * of the table. A crusher or a mill moves mass between classes, so the feed's class k is no basis
 * (the fines of a grinding circuit's product hold many times the feed's fines: 1,580 % of it in
 * examples/recycle/grinding_loop.yaml); the products' class k is, and with it the recoveries of a
 * class sum to 100 % over the products. Where no unit moves mass between classes and the products
 * hold all the ore, it is the feed's class k. */
double orf__summary_size_basis_tph(const orf_flowsheet *fs, const orf__summary *sm, size_t k)
{
    double b = 0;
    for (size_t s = 0; sm->el >= 0 && s < orf_flowsheet_stream_count(fs); s++)
        if (is_final_stream(fs, s))
            b += orf__element_size_tph(orf_flowsheet_stream(fs, s), sm->el, k);
    return b;
}

double orf__summary_recovery_pct(const orf_flowsheet *fs, const orf__summary *sm, size_t s)
{
    if (sm->el < 0 || !(sm->feed_el_tph > 0))
        return nan("");
    return 100.0 * orf_stream_element_tph(orf_flowsheet_stream(fs, s), sm->el) / sm->feed_el_tph;
}

/* Ratio of concentration F/C (ore solids fed per t of product) and enrichment ratio c/f (the
 * product's grade of the valuable element over the ore feed's), Wills & Finch 2016, §1.5; NaN
 * where they do not exist (a product without solids, no valuable element in the feed). */
double orf__summary_concentration_ratio(const orf_flowsheet *fs, const orf__summary *sm, size_t s)
{
    double c = orf_stream_solids_tph(orf_flowsheet_stream(fs, s));
    return c > 0 && sm->feed_solids_tph > 0 ? sm->feed_solids_tph / c : nan("");
}

double orf__summary_enrichment_ratio(const orf_flowsheet *fs, const orf__summary *sm, size_t s)
{
    const orf_stream *st = orf_flowsheet_stream(fs, s);
    double c = orf_stream_solids_tph(st);
    if (sm->el < 0 || !(sm->feed_el_tph > 0) || !(sm->feed_solids_tph > 0) || !(c > 0))
        return nan("");
    return (orf_stream_element_tph(st, sm->el) / c) / (sm->feed_el_tph / sm->feed_solids_tph);
}

/* a ratio in a 9-character column; '-' when it does not exist */
static void put_ratio(FILE *fp, double v)
{
    if (isfinite(v))
        fprintf(fp, " %8.3f", v);
    else
        fprintf(fp, " %8s", "-");
}

/* A sieve size as a table label, at a fixed precision for its magnitude: whole µm from 10 µm
 * up, one decimal from 1 µm, two below (5.52 µm of a √2 series is "5.5", not "6"). */
static void fmt_um(char *buf, size_t size, double v)
{
    snprintf(buf, size, v >= 10 ? "%.0f" : v >= 1 ? "%.1f" : "%.2f", v);
}

/* a percentage in a 13-character column; '-' when it does not exist (no feed, no element) */
static void put_pct(FILE *fp, double v)
{
    if (isfinite(v))
        fprintf(fp, " %12.2f", v);
    else
        fprintf(fp, " %12s", "-");
}

void orf__summary_write_table(const orf_flowsheet *fs, FILE *fp)
{
    orf__summary sm;
    orf__summary_compute(fs, &sm);
    const orf_system *y = orf_flowsheet_system(fs);
    size_t nfinal = 0;
    for (size_t s = 0; s < orf_flowsheet_stream_count(fs); s++)
        nfinal += (size_t)is_final_stream(fs, s);
    if (!nfinal)
        return;
    /* the recovery column only when there is a valuable element in the feeds */
    int has_rec = sm.el >= 0 && sm.feed_el_tph > 0;
    char rec[32];
    snprintf(rec, sizeof rec, "%s rec. %%", has_rec ? orf_flowsheet_valuable_element(fs) : "");
    fprintf(fp, "\n%s\n  %-20s %12s %12s",
            orf_flowsheet_product_count(fs) ? "products (report.products)" : "final products", "",
            "solids t/h", "mass pull %");
    fprintf(fp, " %8s", "F/C");
    if (has_rec)
        fprintf(fp, " %12s %8s", rec, "c/f");
    fputc('\n', fp);
    for (size_t s = 0; s < orf_flowsheet_stream_count(fs); s++) {
        if (!is_final_stream(fs, s))
            continue;
        const orf_stream *st = orf_flowsheet_stream(fs, s);
        double sol = orf_stream_solids_tph(st);
        double pull = sm.feed_solids_tph > 0 ? 100.0 * sol / sm.feed_solids_tph : nan("");
        fputs("  ", fp);
        orf__fput_padded(fp, st->name, 20, 1);
        fprintf(fp, " %12.3f", sol);
        put_pct(fp, pull);
        put_ratio(fp, orf__summary_concentration_ratio(fs, &sm, s));
        if (has_rec) {
            put_pct(fp, orf__summary_recovery_pct(fs, &sm, s));
            put_ratio(fp, orf__summary_enrichment_ratio(fs, &sm, s));
        }
        fputc('\n', fp);
    }
    if (has_rec && y->ns > 1) {
        fprintf(fp,
                "\nrecovery of %s by size class, %% of the %s in that size class of these products "
                "(product-size basis)\n",
                orf_flowsheet_valuable_element(fs), orf_flowsheet_valuable_element(fs));
        fputs("  ", fp);
        orf__fput_padded(fp, "size µm", 14, 1);
        for (size_t s = 0; s < orf_flowsheet_stream_count(fs); s++)
            if (is_sized_final(fs, s)) {
                /* at most 14 characters, never half a UTF-8 sequence */
                char h[64];
                size_t n = 0;
                int w = 0;
                for (const char *c = orf_flowsheet_stream(fs, s)->name; *c && n + 1 < sizeof h;
                     c++) {
                    if (((unsigned char)*c & 0xC0) != 0x80 && ++w > 14)
                        break;
                    h[n++] = *c;
                }
                while (n && ((unsigned char)h[n - 1] & 0xC0) == 0xC0)
                    n--; /* a lead byte whose continuation did not fit */
                h[n] = 0;
                fputc(' ', fp);
                orf__fput_padded(fp, h, 14, 0);
            }
        fputc('\n', fp);
        for (size_t k = 0; k < y->ns; k++) {
            double fk = orf__summary_size_basis_tph(fs, &sm, k);
            if (!(fk > 0))
                continue;
            char range[48], lo[20], up[20];
            fmt_um(lo, sizeof lo, y->lower_um[k]);
            fmt_um(up, sizeof up, y->upper_um[k]);
            if (y->lower_um[k] > 0)
                snprintf(range, sizeof range, "%s-%s", lo, up);
            else
                snprintf(range, sizeof range, "<%s", up);
            fprintf(fp, "  %-14s", range);
            for (size_t s = 0; s < orf_flowsheet_stream_count(fs); s++)
                if (is_sized_final(fs, s))
                    fprintf(fp, " %14.2f",
                            100.0 * orf__element_size_tph(orf_flowsheet_stream(fs, s), sm.el, k) /
                                fk);
            fputc('\n', fp);
        }
    }
    fprintf(fp, "\npower %.1f kW (sum of the units' power_kw)\n", sm.power_kw);
    fprintf(fp, "water: in %.3f t/h (feeds and additions), out %.3f t/h in final products",
            sm.water_in_tph, sm.water_out_tph);
    if (fabs(sm.water_in_tph - sm.water_out_tph) > 1e-9 * (sm.water_in_tph + 1e-300))
        fputs(" (the difference is water made or used by reactions, or leaving as vapour)", fp);
    fputc('\n', fp);
}

void orf__summary_write_json(const orf_flowsheet *fs, orf_json *j)
{
    orf__summary sm;
    orf__summary_compute(fs, &sm);
    const orf_system *y = orf_flowsheet_system(fs);
    orf_json_key(j, "summary");
    orf_json_begin_object(j);
    orf_json_key_string(j, "valuable_element",
                        sm.el >= 0 ? orf_flowsheet_valuable_element(fs) : NULL);
    orf_json_key_number(j, "feed_solids_tph", sm.feed_solids_tph);
    orf_json_key_number(j, "power_kw", sm.power_kw);
    orf_json_key_number(j, "water_in_tph", sm.water_in_tph);
    orf_json_key_number(j, "water_out_tph", sm.water_out_tph);
    if (sm.el >= 0 && y->ns > 1)
        orf_json_key_string(j, "recovery_by_size_basis",
                            "product_size: % of the valuable element in that size class summed "
                            "over the products");
    orf_json_key(j, "products");
    orf_json_begin_object(j);
    for (size_t s = 0; s < orf_flowsheet_stream_count(fs); s++) {
        if (!is_final_stream(fs, s))
            continue;
        const orf_stream *st = orf_flowsheet_stream(fs, s);
        orf_json_key(j, st->name);
        orf_json_begin_object(j);
        orf_json_key_number(j, "solids_tph", orf_stream_solids_tph(st));
        orf_json_key(j, "mass_pull_pct");
        orf_json_number(j, sm.feed_solids_tph > 0
                               ? 100.0 * orf_stream_solids_tph(st) / sm.feed_solids_tph
                               : nan(""));
        orf_json_key_number(j, "ratio_of_concentration",
                            orf__summary_concentration_ratio(fs, &sm, s));
        orf_json_key_number(j, "recovery_pct", orf__summary_recovery_pct(fs, &sm, s));
        orf_json_key_number(j, "enrichment_ratio", orf__summary_enrichment_ratio(fs, &sm, s));
        if (sm.el >= 0 && y->ns > 1) {
            orf_json_key(j, "recovery_by_size_pct");
            orf_json_begin_array(j);
            for (size_t k = 0; k < y->ns; k++) {
                double fk = orf__summary_size_basis_tph(fs, &sm, k);
                orf_json_number(j, fk > 0 ? 100.0 * orf__element_size_tph(st, sm.el, k) / fk
                                          : nan(""));
            }
            orf_json_end_array(j);
        }
        orf_json_end_object(j);
    }
    orf_json_end_object(j);
    orf_json_end_object(j);
}
