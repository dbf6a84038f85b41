/* Every example under examples/ solves, and its mass balance closes: total mass and every
 * element, per unit and over the plant, to 1e-9 relative (conservation of mass — no published
 * figure needed). The run's JSON is read back with the core's own YAML reader (JSON is YAML 1.2)
 * and checked against docs/json.md and against the numbers in memory. */
#include "example_list.h"
#include "orf_test.h"

#include "oreflow.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static orf_test_examples ex;

static int setup(void **state)
{
    (void)state;
    orf_test_examples_collect(&ex, "examples");
    return ex.n > 0 ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    orf_test_examples_free(&ex);
    return 0;
}

/* Overall element balance computed here from the streams, independently of balance.c: feeds and
 * water added by units in, final products out. */
static void check_overall_elements(const orf_flowsheet *fs, const char *file)
{
    const orf_system *y = orf_flowsheet_system(fs);
    size_t nel = orf_matdb_element_count(y->db);
    double added = 0;
    for (size_t u = 0; u < orf_flowsheet_unit_count(fs); u++) {
        const orf_unit *un = orf_flowsheet_unit(fs, u);
        for (size_t r = 0; r < un->type->nresults; r++)
            if (!strcmp(un->type->results[r].name, "water_added_tph") && isfinite(un->r[r]))
                added += un->r[r];
    }
    double total_in = added, total_out = 0;
    for (size_t s = 0; s < orf_flowsheet_stream_count(fs); s++) {
        const orf_stream *st = orf_flowsheet_stream(fs, s);
        int src = orf_flowsheet_stream_source(fs, s, NULL);
        int dst = orf_flowsheet_stream_sink(fs, s, NULL);
        if (src >= 0 && orf_flowsheet_unit(fs, (size_t)src)->nin == 0)
            total_in += orf_stream_total_tph(st);
        if (dst < 0 || orf_flowsheet_unit(fs, (size_t)dst)->nout == 0)
            total_out += orf_stream_total_tph(st);
    }
    if (fabs(total_in - total_out) > 1e-9 * total_in)
        fprintf(stderr, "%s: overall mass %g in, %g out\n", file, total_in, total_out);
    ORF_ASSERT_REL(total_out, total_in, 1e-9);
    for (size_t e = 0; e < nel; e++) {
        double ein = added * orf_material_element_frac(y->mat[y->water], (int)e), eout = 0;
        for (size_t s = 0; s < orf_flowsheet_stream_count(fs); s++) {
            const orf_stream *st = orf_flowsheet_stream(fs, s);
            int src = orf_flowsheet_stream_source(fs, s, NULL);
            int dst = orf_flowsheet_stream_sink(fs, s, NULL);
            if (src >= 0 && orf_flowsheet_unit(fs, (size_t)src)->nin == 0)
                ein += orf_stream_element_tph(st, (int)e);
            if (dst < 0 || orf_flowsheet_unit(fs, (size_t)dst)->nout == 0)
                eout += orf_stream_element_tph(st, (int)e);
        }
        if (ein == 0 && eout == 0)
            continue;
        if (fabs(ein - eout) > 1e-9 * ein)
            fprintf(stderr, "%s: element %s: %g in, %g out\n", file,
                    orf_matdb_element(y->db, e)->symbol, ein, eout);
        ORF_ASSERT_REL(eout, ein, 1e-9);
    }
}

static void every_example_converges_and_closes_its_element_balance(void **state)
{
    (void)state;
    for (size_t i = 0; i < ex.n; i++) {
        orf_ctx *ctx = orf_ctx_alloc();
        orf_flowsheet *fs = NULL;
        orf_status st = orf_flowsheet_load(ctx, ex.path[i], &fs);
        if (st) {
            orf_ctx_print_diags(ctx, stderr);
            fail_msg("%s does not load", ex.path[i]);
        }
        orf_solve_info info;
        st = orf_flowsheet_solve(fs, &info);
        if (st) {
            orf_ctx_print_diags(ctx, stderr);
            fail_msg("%s does not solve", ex.path[i]);
        }
        assert_true(info.converged);
        orf_balance bal;
        assert_int_equal(orf_flowsheet_balance(fs, &bal), ORF_OK);
        if (!(bal.max_relative_error < 1e-9))
            fail_msg("%s: balance error %g (%s, %s)", ex.path[i], bal.max_relative_error,
                     bal.worst_unit ? bal.worst_unit : "overall", bal.worst_what);
        for (size_t u = 0; u < orf_flowsheet_unit_count(fs); u++)
            assert_true(orf_flowsheet_unit_balance_error(fs, u) < 1e-9);
        check_overall_elements(fs, ex.path[i]);
        orf_flowsheet_free(fs);
        orf_ctx_free(ctx);
    }
}

static const orf_node *need(const orf_node *map, const char *key, orf_node_kind kind)
{
    const orf_node *n = orf_node_get(map, key);
    if (!n)
        fail_msg("JSON: missing key '%s'", key);
    if (n->kind != kind)
        fail_msg("JSON: key '%s' has the wrong kind", key);
    return n;
}

static double num(const orf_node *map, const char *key)
{
    const orf_node *n = need(map, key, ORF_NODE_SCALAR);
    double v;
    if (!strcmp(n->str, "null"))
        return nan("");
    if (!orf_parse_number(n->str, &v))
        fail_msg("JSON: '%s' is not a number: %s", key, n->str);
    return v;
}

/* Same number, or both absent (NaN is written as null). */
static void same(double json, double mem)
{
    if (isnan(mem)) {
        assert_true(isnan(json));
        return;
    }
    ORF_ASSERT_REL(json, mem, 1e-15);
}

static void json_of_every_example_reads_back_with_the_documented_keys(void **state)
{
    (void)state;
    for (size_t i = 0; i < ex.n; i++) {
        orf_ctx *ctx = orf_ctx_alloc();
        orf_flowsheet *fs = NULL;
        assert_int_equal(orf_flowsheet_load(ctx, ex.path[i], &fs), ORF_OK);
        orf_solve_info info;
        assert_int_equal(orf_flowsheet_solve(fs, &info), ORF_OK);
        char path[] = "/tmp/orf_json_XXXXXX";
        int fd = mkstemp(path);
        assert_true(fd >= 0);
        FILE *fp = fdopen(fd, "w");
        assert_non_null(fp);
        orf_result_write_json(fs, &info, fp, NULL, NULL);
        assert_int_equal(fclose(fp), 0);
        orf_doc *doc = NULL;
        orf_status st = orf_doc_load(ctx, path, &doc);
        unlink(path);
        if (st)
            orf_ctx_print_diags(ctx, stderr);
        assert_int_equal(st, ORF_OK);
        const orf_node *root = orf_doc_root(doc);
        assert_int_equal(root->kind, ORF_NODE_MAP);
        assert_string_equal(need(root, "oreflow_version", ORF_NODE_SCALAR)->str,
                            ORF_VERSION_STRING);
        assert_string_equal(need(root, "converged", ORF_NODE_SCALAR)->str, "true");
        ORF_ASSERT_REL(num(root, "iterations"), info.iterations, 0);
        ORF_ASSERT_REL(num(root, "unit_evaluations"), info.unit_evals, 0);
        const orf_node *tears = need(root, "tears", ORF_NODE_SEQ);
        assert_int_equal(tears->n, info.ntears);
        for (size_t k = 0; k < tears->n; k++) {
            need(tears->items[k], "stream", ORF_NODE_SCALAR);
            assert_true(num(tears->items[k], "residual") < orf_flowsheet_solver_opts(fs).tol);
        }
        const orf_node *sys = need(root, "system", ORF_NODE_MAP);
        assert_int_equal(need(sys, "materials", ORF_NODE_SEQ)->n, orf_flowsheet_system(fs)->nm);
        const orf_node *sc = need(sys, "size_classes", ORF_NODE_MAP);
        assert_int_equal(need(sc, "upper_um", ORF_NODE_SEQ)->n, orf_flowsheet_system(fs)->ns);
        need(need(sys, "composition_classes", ORF_NODE_MAP), "vfrac", ORF_NODE_SEQ);
        need(sys, "assays", ORF_NODE_SEQ);

        const orf_node *streams = need(root, "streams", ORF_NODE_MAP);
        assert_int_equal(streams->n, orf_flowsheet_stream_count(fs));
        for (size_t s = 0; s < orf_flowsheet_stream_count(fs); s++) {
            const orf_stream *ms = orf_flowsheet_stream(fs, s);
            const orf_node *js = need(streams, ms->name, ORF_NODE_MAP);
            same(num(js, "solids_tph"), orf_stream_solids_tph(ms));
            same(num(js, "water_tph"), orf_stream_water_tph(ms));
            same(num(js, "total_tph"), orf_stream_total_tph(ms));
            same(num(js, "temperature_c"), orf_stream_temp_c(ms));
            same(num(js, "p80_um"),
                 orf_flowsheet_system(fs)->ns > 1 ? orf_stream_pxx_um(ms, 80) : nan(""));
            num(js, "pct_solids");
            num(js, "slurry_m3h");
            num(js, "p50_um");
            need(js, "from", ORF_NODE_SCALAR);
            need(js, "to", ORF_NODE_SCALAR);
            const orf_node *as = need(js, "assay", ORF_NODE_MAP);
            assert_int_equal(as->n, orf_flowsheet_assay_count(fs));
            for (size_t a = 0; a < orf_flowsheet_assay_count(fs); a++) {
                double v = nan("");
                orf_stream_assay(ms, orf_flowsheet_assay_name(fs, a), &v);
                same(num(as, orf_flowsheet_assay_name(fs, a)), v);
            }
            need(js, "materials_tph", ORF_NODE_MAP);
            need(js, "element_tph", ORF_NODE_MAP);
            const orf_node *ph = need(js, "phases_tph", ORF_NODE_MAP);
            num(ph, "solid");
            num(ph, "liquid");
            num(ph, "gas");
            num(ph, "aqueous");
            if (orf_flowsheet_system(fs)->ns > 1) {
                const orf_node *sz = need(js, "size", ORF_NODE_MAP);
                assert_int_equal(need(sz, "tph", ORF_NODE_SEQ)->n, orf_flowsheet_system(fs)->ns);
                assert_int_equal(need(sz, "passing_pct", ORF_NODE_SEQ)->n,
                                 orf_flowsheet_system(fs)->ns);
            }
        }
        const orf_node *units = need(root, "units", ORF_NODE_MAP);
        assert_int_equal(units->n, orf_flowsheet_unit_count(fs));
        for (size_t u = 0; u < orf_flowsheet_unit_count(fs); u++) {
            const orf_unit *mu = orf_flowsheet_unit(fs, u);
            const orf_node *ju = need(units, mu->name, ORF_NODE_MAP);
            assert_string_equal(need(ju, "type", ORF_NODE_SCALAR)->str, mu->type->name);
            need(ju, "family", ORF_NODE_SCALAR);
            assert_int_equal(need(ju, "in", ORF_NODE_SEQ)->n, mu->nin);
            assert_int_equal(need(ju, "out", ORF_NODE_MAP)->n, mu->nout);
            need(ju, "params", ORF_NODE_MAP);
            assert_int_equal(need(ju, "results", ORF_NODE_MAP)->n, mu->type->nresults);
            same(num(ju, "balance_error"), orf_flowsheet_unit_balance_error(fs, u));
        }
        need(root, "specs", ORF_NODE_SEQ);
        const orf_node *bal = need(root, "balance", ORF_NODE_MAP);
        orf_balance b;
        orf_flowsheet_balance(fs, &b);
        same(num(bal, "max_relative_error"), b.max_relative_error);
        assert_true(num(bal, "max_relative_error") < 1e-9);
        same(num(bal, "overall_in_tph"), b.overall_in_tph);
        same(num(bal, "overall_out_tph"), b.overall_out_tph);
        need(bal, "worst_unit", ORF_NODE_SCALAR);
        need(bal, "worst_what", ORF_NODE_SCALAR);
        orf_doc_free(doc);
        orf_flowsheet_free(fs);
        orf_ctx_free(ctx);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_example_converges_and_closes_its_element_balance),
        cmocka_unit_test(json_of_every_example_reads_back_with_the_documented_keys),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
