/* The solver's memo of ORF_UNIT_MEMO units (src/core/solver.c; docs/architecture.md): a unit whose
 * parameters and inlets are those of its last compute in the same solve is not recomputed, its
 * outlets and results restored; the answer is the one without the memo; the memos are cleared when
 * a solve starts, so a solve never depends on an earlier one. Checked with a counting copy of the
 * black-box separator inside the rougher–scavenger recycle loop (examples/recycle). */
#include "orf_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oreflow.h"

static long computes;
static int (*base_compute)(orf_unit *, const orf_stream *const *, orf_stream *const *);

static int counting_compute(orf_unit *u, const orf_stream *const *in, orf_stream *const *out)
{
    computes++;
    return base_compute(u, in, out);
}

static const char *loop_yaml(const char *scav_type)
{
    static char buf[2048];
    snprintf(buf, sizeof buf,
             "name: loop\n"
             "materials: [chromite, serpentine, olivine]\n"
             "sizes: {top_um: 1000, ratio: 1.41421356, count: 12}\n"
             "feeds:\n"
             "  plant_feed:\n"
             "    solids_tph: 100\n"
             "    pct_solids: 35\n"
             "    mineralogy: {chromite: 25, serpentine: 55, olivine: 20}\n"
             "    psd: {model: rosin_rammler, d63_um: 150, n: 1.1}\n"
             "units:\n"
             "  - {name: sump, type: mixer, in: [plant_feed, scav_conc], out: [rougher_feed]}\n"
             "  - {name: rougher, type: recovery_separator, in: [rougher_feed],\n"
             "     out: {concentrate: concentrate, tailings: rougher_tails},\n"
             "     recovery: {chromite: 0.80, serpentine: 0.05, olivine: 0.08}, "
             "water_recovery: 0.15}\n"
             "  - {name: scavenger, type: %s, in: [rougher_tails],\n"
             "     out: {concentrate: scav_conc, tailings: final_tailings},\n"
             "     recovery: {chromite: 0.60, serpentine: 0.10, olivine: 0.12}, "
             "water_recovery: 0.20}\n"
             "solver: {tol: 1.0e-14, max_iter: 500, method: direct}\n",
             scav_type);
    return buf;
}

/* Solve the loop with the scavenger of type `type`; the concentrate's Cr2O3 (t/h × %) into
 * *chromite and the scavenger's compute count per solve into n1 (first solve) and n2 (second
 * solve). */
static void run(orf_ctx *ctx, const char *type, double *chromite, long *n1, long *n2)
{
    orf_flowsheet *fs = NULL;
    orf_status st = orf_flowsheet_load_string(ctx, "loop.yaml", loop_yaml(type), &fs);
    if (st)
        orf_ctx_print_diags(ctx, stderr);
    assert_int_equal(st, ORF_OK);
    orf_solve_info info;
    computes = 0;
    assert_int_equal(orf_flowsheet_solve(fs, &info), ORF_OK);
    assert_true(info.converged);
    *n1 = computes;
    int si = orf_flowsheet_stream_index(fs, "concentrate");
    const orf_stream *c = orf_flowsheet_stream(fs, (size_t)si);
    double a;
    assert_int_equal(orf_stream_assay(c, "Cr2O3", &a), ORF_OK);
    *chromite = orf_stream_total_tph(c) * a; /* t/h × % of Cr2O3 */
    computes = 0;
    assert_int_equal(orf_flowsheet_solve(fs, &info), ORF_OK);
    *n2 = computes;
    assert_int_equal(orf_stream_assay(c, "Cr2O3", &a), ORF_OK);
    ORF_ASSERT_REL(orf_stream_total_tph(c) * a, *chromite, 1e-12);
    orf_flowsheet_free(fs);
}

static void memo_skips_only_unchanged_computes(void **state)
{
    (void)state;
    orf_ctx *ctx = orf_ctx_alloc();
    static orf_unit_type memo, plain;
    const orf_unit_type *sep = orf_unit_types_find(ctx, "recovery_separator");
    assert_non_null(sep);
    base_compute = sep->compute;
    memo = *sep;
    memo.name = "memo_separator";
    memo.compute = counting_compute;
    memo.flags = ORF_UNIT_MEMO;
    plain = memo;
    plain.name = "plain_separator";
    plain.flags = 0;
    const orf_unit_type *list[] = {&memo, &plain};
    assert_int_equal(orf_unit_types_register(ctx, list, 2), ORF_OK);
    double c_memo, c_plain;
    long m1, m2, p1, p2;
    run(ctx, "memo_separator", &c_memo, &m1, &m2);
    run(ctx, "plain_separator", &c_plain, &p1, &p2);
    /* the same answer; with the memo no more computes, and fewer when the loop settles */
    ORF_ASSERT_REL(c_memo, c_plain, 1e-12);
    assert_true(m1 < p1); /* 17 against 20: the settled iterations */
    assert_true(m1 > 0);
    /* the memos are cleared when a solve starts: the second solve computes the scavenger at least
     * once although nothing changed */
    assert_true(m2 >= 1);
    fprintf(stderr, "scavenger computes: memo %ld then %ld, plain %ld then %ld\n", m1, m2, p1, p2);
    orf_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(memo_skips_only_unchanged_computes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
