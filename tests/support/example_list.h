/* The example flowsheets under a folder (recursively), for the tests that run every example
 * (test_examples, test_sequencing). Files that are not flowsheets (plant surveys for
 * reconciliation name their flowsheet under `flowsheet:` and have neither feeds nor units) are left
 * out. Paths are strdup'ed; orf_test_examples_free releases them. */
#ifndef ORF_TEST_EXAMPLE_LIST_H
#define ORF_TEST_EXAMPLE_LIST_H

#include "oreflow.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define ORF_TEST_MAX_EXAMPLES 256

typedef struct {
    char *path[ORF_TEST_MAX_EXAMPLES];
    size_t n;
} orf_test_examples;

static inline int orf_test_is_flowsheet(const char *path)
{
    orf_ctx *ctx = orf_ctx_alloc();
    orf_doc *doc = NULL;
    int yes = 1;
    if (orf_doc_load(ctx, path, &doc) == ORF_OK) {
        const orf_node *root = orf_doc_root(doc);
        yes = orf_node_get(root, "feeds") != NULL || orf_node_get(root, "units") != NULL;
    }
    orf_doc_free(doc);
    orf_ctx_free(ctx);
    return yes;
}

static inline void orf_test_examples_collect(orf_test_examples *l, const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char path[4096];
        int k = snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        if (k < 0 || (size_t)k >= sizeof path)
            continue; /* a path too long to hold: not one of ours */
        struct stat sb;
        if (stat(path, &sb))
            continue;
        size_t n = strlen(e->d_name);
        if (S_ISDIR(sb.st_mode))
            orf_test_examples_collect(l, path);
        else if (n > 5 && !strcmp(e->d_name + n - 5, ".yaml") && l->n < ORF_TEST_MAX_EXAMPLES &&
                 orf_test_is_flowsheet(path))
            l->path[l->n++] = strdup(path);
    }
    closedir(d);
}

static inline void orf_test_examples_free(orf_test_examples *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->path[i]);
    l->n = 0;
}

#endif
