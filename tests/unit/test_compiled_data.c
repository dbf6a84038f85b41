/* Compiled data files (issue 20, goal 1; src/base/base_impl.h, orf__doc_blob): the tree a data
 * file's compiled form gives is node for node the parser's (kind, quoting, tag, text, line,
 * column, children, file name), and a file whose text differs by one byte from a compiled one is
 * parsed, so an edited data file (or another ORF_DATA_DIR) always wins. */
#include "orf_test.h"

#include "base/base_impl.h"
#include "oreflow.h"

#include <stdlib.h>
#include <string.h>

static void same_tree(const orf_node *a, const orf_node *b)
{
    assert_int_equal(a->kind, b->kind);
    assert_int_equal(a->quoted, b->quoted);
    assert_int_equal(a->loc.line, b->loc.line);
    assert_int_equal(a->loc.col, b->loc.col);
    assert_string_equal(a->loc.file, b->loc.file);
    assert_int_equal(a->tag == NULL, b->tag == NULL);
    if (a->tag)
        assert_string_equal(a->tag, b->tag);
    assert_int_equal(a->str == NULL, b->str == NULL);
    if (a->str)
        assert_string_equal(a->str, b->str);
    assert_int_equal(a->n, b->n);
    assert_int_equal(a->items == NULL, b->items == NULL);
    assert_int_equal(a->keys == NULL, b->keys == NULL);
    for (size_t i = 0; i < a->n; i++) {
        same_tree(a->items[i], b->items[i]);
        if (a->kind == ORF_NODE_MAP)
            same_tree(a->keys[i], b->keys[i]);
    }
}

static void every_compiled_file_is_the_parsers_tree(void **state)
{
    (void)state;
#if ORF_TEST_COMPILED_DATA
    assert_true(orf__doc_nblobs >= 2); /* at least materials.yaml and thermo.yaml */
#endif
    int materials = 0, thermo = 0;
    for (size_t i = 0; i < orf__doc_nblobs; i++) {
        const orf__doc_blob *bl = &orf__doc_blobs[i];
        materials += !strcmp(bl->name, "materials.yaml");
        thermo += !strcmp(bl->name, "thermo.yaml");
        char path[4096];
        snprintf(path, sizeof path, "%s/data/%s", ORF_SOURCE_DIR, bl->name);
        orf_ctx *ctx = orf_ctx_alloc();
        orf_doc *compiled = NULL, *parsed = NULL;
        assert_int_equal(orf_doc_load(ctx, path, &compiled), ORF_OK);
        /* the file on disk is the one compiled (the build compiles data/ again when it changes) */
        assert_ptr_equal(orf__doc_blob_find(orf_doc_text(compiled), bl->len), bl);
        assert_int_equal(orf__doc_parse_string(ctx, path, bl->text, bl->len, &parsed), ORF_OK);
        const orf_node *rc = orf_doc_root(compiled), *rp = orf_doc_root(parsed);
        /* taken from the compiled form: the texts are the library's, not copies */
        assert_true(rc->kind == ORF_NODE_MAP && rc->n > 0);
        assert_true(rc->keys[0]->str >= bl->strings && rc->keys[0]->str < bl->strings + (1 << 24));
        assert_true(rp->keys[0]->str < bl->strings || rp->keys[0]->str >= bl->strings + (1 << 24));
        same_tree(rc, rp);
        /* text given in memory (the chemistry reads materials.yaml's kept text so) alike */
        orf_doc *mem = NULL;
        assert_int_equal(orf_doc_load_string(ctx, path, bl->text, bl->len, &mem), ORF_OK);
        assert_ptr_equal(orf_doc_root(mem)->keys[0]->str, rc->keys[0]->str);
        same_tree(orf_doc_root(mem), rp);
        orf_doc_free(mem);
        assert_string_equal(orf_doc_text(compiled), orf_doc_text(parsed));
        orf_doc_free(compiled);
        orf_doc_free(parsed);
        assert_int_equal(orf_ctx_error_count(ctx), 0);
        orf_ctx_free(ctx);
    }
#if ORF_TEST_COMPILED_DATA
    assert_int_equal(materials, 1);
    assert_int_equal(thermo, 1);
#endif
}

static char *read_all(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    fseek(fp, 0, SEEK_END);
    long n = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    assert_non_null(s);
    assert_int_equal(fread(s, 1, (size_t)n, fp), (size_t)n);
    s[n] = '\0';
    fclose(fp);
    *len = (size_t)n;
    return s;
}

static void write_all(const char *path, const char *s, size_t len)
{
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(s, 1, len, fp), len);
    assert_int_equal(fclose(fp), 0);
}

static double quartz_density(orf_ctx *ctx, const char *path)
{
    orf_matdb *db = NULL;
    assert_int_equal(orf_matdb_load(ctx, path, &db), ORF_OK);
    int q = orf_matdb_material_index(db, "quartz");
    assert_true(q >= 0);
    double rho = orf_matdb_material(db, (size_t)q)->density_kg_m3;
    orf_matdb_free(db);
    return rho;
}

/* A copy of materials.yaml with quartz at 2651 kg/m³ instead of 2650 (one byte): parsed, and
 * read as edited; the same path back at the original text is the compiled tree again. */
static void an_edited_data_file_is_read_as_edited(void **state)
{
    (void)state;
    size_t len;
    char src[4096], copy[4096];
    snprintf(src, sizeof src, "%s/data/materials.yaml", ORF_SOURCE_DIR);
    snprintf(copy, sizeof copy, "%s/test_compiled_data_materials.yaml", ORF_BINARY_DIR);
    char *text = read_all(src, &len);
    char *q = strstr(text, "  quartz:\n    phase: solid\n    density_kg_m3: 2650\n");
    assert_non_null(q);
    orf_ctx *ctx = orf_ctx_alloc();
    write_all(copy, text, len);
    ORF_ASSERT_REL(quartz_density(ctx, copy), 2650, 0);
    char *digit = strstr(q, "2650") + 3;
    *digit = '1';
    assert_null(orf__doc_blob_find(text, len));
    write_all(copy, text, len);
    ORF_ASSERT_REL(quartz_density(ctx, copy), 2651, 0);
    *digit = '0';
    write_all(copy, text, len);
    ORF_ASSERT_REL(quartz_density(ctx, copy), 2650, 0);
    assert_int_equal(orf_ctx_error_count(ctx), 0);
    orf_ctx_free(ctx);
    remove(copy);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_compiled_file_is_the_parsers_tree),
        cmocka_unit_test(an_edited_data_file_is_read_as_edited),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
