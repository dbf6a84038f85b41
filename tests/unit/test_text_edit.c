/* Edits of a flowsheet's YAML text (oreflow/edit.h, src/core/text_edit.c): every byte outside the
 * edit stays (comments, flow and block style), the edited text loads, and the loaded flowsheet has
 * the value set; errors name the unit or the port. Also the text given for a path
 * (orf_input_set_text: loaded instead of the file, by Monte Carlo workers too) and the context's
 * stop flag (orf_ctx_set_stop: Monte Carlo returns ORF_E_STOPPED). */
#include "orf_test.h"

#include "oreflow.h"
#include "oreflow/edit.h"
#include "oreflow/mc.h"

#include <stdlib.h>
#include <string.h>

static const char *const TEXT =
    "# a two-unit test flowsheet\n"
    "name: edit test\n"
    "materials: [chromite, serpentine]\n"
    "sizes: {top_um: 1000, ratio: 2, count: 8}\n"
    "feeds:\n"
    "  feed: {solids_tph: 100, pct_solids: 40, mineralogy: {chromite: 30, serpentine: 70},\n"
    "         psd: {model: rosin_rammler, d63_um: 100, n: 1.0}}\n"
    "units:\n"
    "  # the cyclone: a comment inside the list\n"
    "  - name: cyc\n"
    "    type: hydrocyclone\n"
    "    in: [feed]\n"
    "    out: {overflow: fines, underflow: coarse}\n"
    "    d50c_um: 40       # cut size\n"
    "  - {name: mix, type: mixer, in: [fines, coarse], out: [all]}\n"
    "# trailing comment\n";

static char *edit1(orf_ctx *ctx, const orf_edit_op *op, orf_status want)
{
    char *out = NULL;
    assert_int_equal(orf_text_edit(ctx, "t.yaml", TEXT, op, 1, &out), want);
    return out;
}

/* The text with `old` replaced by `new` (once). */
static char *with(const char *old, const char *new)
{
    const char *p = strstr(TEXT, old);
    assert_non_null(p);
    size_t n = strlen(TEXT) - strlen(old) + strlen(new);
    char *s = malloc(n + 1);
    memcpy(s, TEXT, (size_t)(p - TEXT));
    strcpy(s + (p - TEXT), new);
    strcat(s, p + strlen(old));
    return s;
}

static double param_after_load(orf_ctx *ctx, const char *text, const char *unit, const char *p)
{
    orf_flowsheet *fs = NULL;
    assert_int_equal(orf_flowsheet_load_string(ctx, "t.yaml", text, &fs), ORF_OK);
    double v = *orf_flowsheet_param_ref(fs, unit, p);
    orf_flowsheet_free(fs);
    return v;
}

static void set_replaces_the_value_and_keeps_its_comment(void **state)
{
    (void)state;
    orf_ctx *ctx = orf_ctx_alloc();
    assert_int_equal(param_after_load(ctx, TEXT, "cyc", "d50c_um"), 40);
    orf_edit_op op = {.kind = ORF_EDIT_SET, .unit = "cyc", .param = "d50c_um", .value = "55"};
    char *out = edit1(ctx, &op, ORF_OK);
    char *want = with("d50c_um: 40       # cut size", "d50c_um: 55       # cut size");
    assert_string_equal(out, want);
    ORF_ASSERT_REL(param_after_load(ctx, out, "cyc", "d50c_um"), 55.0, 0.0);
    free(want);
    orf_free(ctx, out);
    orf_ctx_free(ctx);
}

static void set_adds_a_key_in_block_and_in_flow_style(void **state)
{
    (void)state;
    orf_ctx *ctx = orf_ctx_alloc();
    orf_edit_op op = {.kind = ORF_EDIT_SET, .unit = "cyc", .param = "sharpness_m", .value = "3"};
    char *out = edit1(ctx, &op, ORF_OK);
    char *want = with("# cut size\n", "# cut size\n    sharpness_m: 3\n");
    assert_string_equal(out, want);
    ORF_ASSERT_REL(param_after_load(ctx, out, "cyc", "sharpness_m"), 3.0, 0.0);
    free(want);
    orf_free(ctx, out);
    /* a feed written in flow style: the key before its closing brace */
    orf_edit_op f = {.kind = ORF_EDIT_SET, .unit = "feed", .param = "solids_tph", .value = "120"};
    out = edit1(ctx, &f, ORF_OK);
    want = with("solids_tph: 100,", "solids_tph: 120,");
    assert_string_equal(out, want);
    free(want);
    orf_free(ctx, out);
    orf_ctx_free(ctx);
}

static void add_delete_and_connect_keep_every_other_byte(void **state)
{
    (void)state;
    orf_ctx *ctx = orf_ctx_alloc();
    orf_edit_kv kv[] = {{"d50c_um", "20"}};
    orf_edit_op ops[] = {
        {.kind = ORF_EDIT_ADD_UNIT,
         .unit = "cyc2",
         .type = "hydrocyclone",
         .params = kv,
         .nparams = 1},
        {.kind = ORF_EDIT_CONNECT, .stream = "fines", .from = "cyc.overflow", .to = "cyc2.feed"},
        {.kind = ORF_EDIT_CONNECT, .stream = "f2", .from = "cyc2.overflow", .to = "mix.in"},
        {.kind = ORF_EDIT_CONNECT, .stream = "c2", .from = "cyc2.underflow", .to = "mix.in"},
    };
    char *out = NULL;
    assert_int_equal(orf_text_edit(ctx, "t.yaml", TEXT, ops, 4, &out), ORF_OK);
    /* `fines` left the mixer's list for cyc2's inlet; the new unit's lines follow the last unit */
    char *want = with("  - {name: mix, type: mixer, in: [fines, coarse], out: [all]}\n",
                      "  - {name: mix, type: mixer, in: [coarse, f2, c2], out: [all]}\n"
                      "  - name: cyc2\n"
                      "    type: hydrocyclone\n"
                      "    d50c_um: 20\n"
                      "    in: [fines]\n"
                      "    out: {overflow: f2, underflow: c2}\n");
    assert_string_equal(out, want);
    ORF_ASSERT_REL(param_after_load(ctx, out, "cyc2", "d50c_um"), 20.0, 0.0);
    free(want);
    orf_edit_op del = {.kind = ORF_EDIT_DELETE_UNIT, .unit = "cyc2"};
    char *back = NULL;
    assert_int_equal(orf_text_edit(ctx, "t.yaml", out, &del, 1, &back), ORF_OK);
    assert_non_null(strstr(back, "  - {name: mix, type: mixer, in: [coarse, f2, c2], out: [all]}\n"
                                 "# trailing comment\n"));
    assert_null(strstr(back, "cyc2"));
    orf_free(ctx, back);
    orf_free(ctx, out);
    orf_ctx_free(ctx);
}

static void bad_edits_are_refused_with_a_named_diagnostic(void **state)
{
    (void)state;
    orf_ctx *ctx = orf_ctx_alloc();
    orf_edit_op a = {.kind = ORF_EDIT_SET, .unit = "nope", .param = "x", .value = "1"};
    assert_null(edit1(ctx, &a, ORF_E_UNKNOWN_NAME));
    assert_string_equal(orf_ctx_diag_get(ctx, 0)->object, "nope");
    orf_edit_op b = {.kind = ORF_EDIT_CONNECT, .stream = "s", .from = "cyc.overfow"};
    assert_null(edit1(ctx, &b, ORF_E_UNKNOWN_NAME));
    assert_non_null(strstr(orf_ctx_diag_get(ctx, 1)->hint, "overflow"));
    orf_edit_op c = {.kind = ORF_EDIT_ADD_UNIT, .unit = "cyc", .type = "hydrocyclone"};
    assert_null(edit1(ctx, &c, ORF_E_INPUT)); /* a unit of that name exists */
    orf_edit_op d = {.kind = ORF_EDIT_SET, .unit = "cyc", .param = "d50c_um", .value = "[1"};
    assert_null(edit1(ctx, &d, ORF_E_SYNTAX)); /* the result would not parse */
    char *out = NULL;
    assert_int_equal(orf_text_edit(ctx, "t.yaml", "a: [1\n", NULL, 0, &out), ORF_E_SYNTAX);
    assert_null(out);
    orf_ctx_free(ctx);
}

#define MC_CASE ORF_SOURCE_DIR "/tests/cases/econ_two_stage.yaml"

static char *read_all(const char *path)
{
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    fseek(fp, 0, SEEK_END);
    long n = ftell(fp);
    rewind(fp);
    char *s = malloc((size_t)n + 1);
    assert_int_equal(fread(s, 1, (size_t)n, fp), (size_t)n);
    s[n] = 0;
    fclose(fp);
    return s;
}

static void a_text_set_for_a_path_is_what_every_worker_loads(void **state)
{
    (void)state;
    orf_ctx *ctx = orf_ctx_alloc();
    orf_mc_opts o = {.n = 40, .threads = 2, .seed = 7};
    orf_mc_result a, b;
    assert_int_equal(orf_mc_run(ctx, MC_CASE, &o, &a), ORF_OK);
    /* the same text given for the path: the same numbers, from memory */
    char *text = read_all(MC_CASE);
    orf_ctx *c2 = orf_ctx_alloc();
    assert_int_equal(orf_input_set_text(c2, MC_CASE, text, strlen(text)), ORF_OK);
    assert_int_equal(orf_mc_run(c2, MC_CASE, &o, &b), ORF_OK);
    for (size_t i = 0; i < a.n; i++)
        ORF_ASSERT_REL(b.npv_usd[i], a.npv_usd[i], 0.0);
    orf_mc_result_fini(&b);
    /* a broken text for the path: the run fails on it, though the file on disk is fine */
    const char *broken = "name: [\n";
    assert_int_equal(orf_input_set_text(c2, MC_CASE, broken, strlen(broken)), ORF_OK);
    assert_int_not_equal(orf_mc_run(c2, MC_CASE, &o, &b), ORF_OK);
    orf_mc_result_fini(&b);
    orf_mc_result_fini(&a);
    free(text);
    orf_ctx_free(c2);
    orf_ctx_free(ctx);
}

static void a_stop_flag_set_stops_monte_carlo(void **state)
{
    (void)state;
    orf_ctx *ctx = orf_ctx_alloc();
    volatile sig_atomic_t stop = 1;
    orf_ctx_set_stop(ctx, &stop);
    assert_true(orf_ctx_stopped(ctx));
    orf_mc_opts o = {.n = 1000, .threads = 2, .seed = 7};
    orf_mc_result r;
    assert_int_equal(orf_mc_run(ctx, MC_CASE, &o, &r), ORF_E_STOPPED);
    orf_mc_result_fini(&r);
    stop = 0;
    assert_int_equal(orf_mc_run(ctx, MC_CASE, &o, &r), ORF_OK);
    orf_mc_result_fini(&r);
    orf_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(set_replaces_the_value_and_keeps_its_comment),
        cmocka_unit_test(set_adds_a_key_in_block_and_in_flow_style),
        cmocka_unit_test(add_delete_and_connect_keep_every_other_byte),
        cmocka_unit_test(bad_edits_are_refused_with_a_named_diagnostic),
        cmocka_unit_test(a_text_set_for_a_path_is_what_every_worker_loads),
        cmocka_unit_test(a_stop_flag_set_stops_monte_carlo),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
