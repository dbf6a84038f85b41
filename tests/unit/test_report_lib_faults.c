/* Allocation failures inside Graphviz and libxlsxwriter (issue 15, finding 12): their own mallocs
 * cannot be failed under ASan, so this program is linked with GNU ld's --wrap for the calls that
 * allocate (agnode, agedge, workbook_add_format, worksheet_write_string; tests/CMakeLists.txt) and
 * makes the Nth call fail as the library does when it runs out of memory. For every N: no crash,
 * a clear diagnostic, and never a workbook with cells silently missing. (Before the fix a NULL node
 * was passed on to agsafeset and the HTML report crashed; a refused cell left a workbook written
 * with the cell missing and status OK.) */
#include "oreflow.h"
#include "oreflow/report.h"
#include "orf_test.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#if defined(ORF_WITH_GRAPHVIZ) && defined(ORF_WITH_XLSX)
#include <graphviz/cgraph.h>
#include <xlsxwriter.h>

static int fail_at, ncalls; /* the call that fails (0: none), calls counted so far */

static int refuse(void)
{
    ncalls++;
    return fail_at && ncalls == fail_at;
}

Agnode_t *__real_agnode(Agraph_t *g, char *name, int createflag);
Agnode_t *__wrap_agnode(Agraph_t *g, char *name, int createflag);
Agnode_t *__wrap_agnode(Agraph_t *g, char *name, int createflag)
{
    return refuse() ? NULL : __real_agnode(g, name, createflag);
}

Agedge_t *__real_agedge(Agraph_t *g, Agnode_t *t, Agnode_t *h, char *name, int createflag);
Agedge_t *__wrap_agedge(Agraph_t *g, Agnode_t *t, Agnode_t *h, char *name, int createflag);
Agedge_t *__wrap_agedge(Agraph_t *g, Agnode_t *t, Agnode_t *h, char *name, int createflag)
{
    return refuse() ? NULL : __real_agedge(g, t, h, name, createflag);
}

lxw_format *__real_workbook_add_format(lxw_workbook *wb);
lxw_format *__wrap_workbook_add_format(lxw_workbook *wb);
lxw_format *__wrap_workbook_add_format(lxw_workbook *wb)
{
    return refuse() ? NULL : __real_workbook_add_format(wb);
}

lxw_error __real_worksheet_write_string(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s,
                                        lxw_format *f);
lxw_error __wrap_worksheet_write_string(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s,
                                        lxw_format *f);
lxw_error __wrap_worksheet_write_string(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s,
                                        lxw_format *f)
{
    return refuse() ? LXW_ERROR_MEMORY_MALLOC_FAILED
                    : __real_worksheet_write_string(ws, r, c, s, f);
}

static orf_doc *result_of(orf_ctx *ctx, const char *path)
{
    orf_flowsheet *fs = NULL;
    assert_int_equal(orf_flowsheet_load(ctx, path, &fs), ORF_OK);
    orf_solve_info info;
    assert_int_equal(orf_flowsheet_solve(fs, &info), ORF_OK);
    orf_doc *doc = NULL;
    assert_int_equal(orf_report_result_doc(ctx, fs, &info, NULL, NULL, &doc), ORF_OK);
    orf_flowsheet_free(fs);
    return doc;
}

static int diag_says(const orf_ctx *ctx, const char *what)
{
    for (size_t i = 0; i < orf_ctx_diag_count(ctx); i++)
        if (strstr(orf_ctx_diag_get(ctx, i)->message, what))
            return 1;
    return 0;
}

/* Every node and edge Graphviz refuses in turn: the page is still written, the diagram replaced by
 * a note, and the context says Graphviz ran out of memory. */
static void graphviz_refusals_degrade_to_a_clear_error(void **state)
{
    (void)state;
    orf_ctx *ctx = orf_ctx_alloc();
    orf_doc *doc = result_of(ctx, ORF_SOURCE_DIR "/examples/recycle/scavenger_loop.yaml");
    char dir[512];
    snprintf(dir, sizeof dir, "%s/test_report_lib_faults.html", ORF_BINARY_DIR);
    fail_at = 0;
    ncalls = 0;
    assert_int_equal(orf_report_write_html(ctx, orf_doc_root(doc), dir), ORF_OK);
    int total = ncalls; /* agnode + agedge calls of one diagram (xlsx calls are not made) */
    assert_true(total > 4);
    for (int n = 1; n <= total; n++) {
        orf_ctx_clear_diags(ctx);
        fail_at = n;
        ncalls = 0;
        orf_report_write_html(ctx, orf_doc_root(doc), dir);
        assert_true(diag_says(ctx, "Graphviz ran out of memory"));
    }
    fail_at = 0;
    orf_doc_free(doc);
    orf_ctx_free(ctx);
}

/* Every format and string cell libxlsxwriter refuses in turn: out of memory, and no workbook. */
static void workbook_refusals_write_no_file(void **state)
{
    (void)state;
    orf_ctx *ctx = orf_ctx_alloc();
    orf_doc *doc = result_of(ctx, ORF_SOURCE_DIR "/examples/recycle/scavenger_loop.yaml");
    char path[512];
    snprintf(path, sizeof path, "%s/test_report_lib_faults.xlsx", ORF_BINARY_DIR);
    fail_at = 0;
    ncalls = 0;
    assert_int_equal(orf_report_write_xlsx(ctx, orf_doc_root(doc), path), ORF_OK);
    int total = ncalls;
    assert_true(total > 10);
    int stride = total > 200 ? total / 200 : 1;
    for (int n = 1; n <= total; n += stride) {
        unlink(path);
        orf_ctx_clear_diags(ctx);
        fail_at = n;
        ncalls = 0;
        assert_int_equal(orf_report_write_xlsx(ctx, orf_doc_root(doc), path), ORF_E_NOMEM);
        struct stat sb;
        assert_int_not_equal(stat(path, &sb), 0);
    }
    fail_at = 0;
    orf_doc_free(doc);
    orf_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(graphviz_refusals_degrade_to_a_clear_error),
        cmocka_unit_test(workbook_refusals_write_no_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
#else
int main(void)
{
    puts("test_report_lib_faults: built without Graphviz or libxlsxwriter: nothing to test");
    return 0;
}
#endif
