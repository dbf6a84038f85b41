/* Flowsheet loading, the system: materials, size classes and composition (liberation) classes
 * (docs/format.md "Materials", "Sizes", "Composition classes"). */
#include "flowsheet_impl.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- system: materials, sizes, composition classes ------------------------------------------ */

static orf_status load_materials(orf_flowsheet *fs, const orf_node *root)
{
    orf_ctx *ctx = fs->ctx;
    orf_system *y = &fs->sys;
    const orf_node *ml = orf_node_get(root, "materials");
    const orf_node *mk = orf_node_key(root, "materials");
    if (!ml)
        return orf_diag_emit(ctx, ORF_E_INPUT, &orf_doc_root(fs->doc)->loc, NULL,
                             "missing 'materials': list the materials this flowsheet uses");
    if (orf_node_expect(ctx, ml, ORF_NODE_SEQ, "'materials'"))
        return ORF_E_INPUT;
    (void)mk;
    size_t cap = ml->n + 1;
    y->mat = orf__fs_alloc(fs, cap, sizeof *y->mat);
    y->mat_db_index = orf__fs_alloc(fs, cap, sizeof *y->mat_db_index);
    if (!y->mat || !y->mat_db_index)
        return orf__fs_oom(ctx);
    orf_status st = ORF_OK;
    y->water = -1;
    for (size_t i = 0; i < ml->n; i++) {
        const char *name;
        if (orf_node_string(ctx, ml->items[i], "material name", &name)) {
            st = ORF_E_INPUT;
            continue;
        }
        int k = orf_matdb_material_index(fs->db, name);
        if (k < 0) {
            st = orf_diag_emit(ctx, ORF_E_UNKNOWN_NAME, &ml->items[i]->loc, NULL,
                               "unknown material '%s' (not in the materials database)", name);
            orf_diag_hint_nearest(ctx, name, orf_matdb_material_names(fs->db),
                                  orf_matdb_material_count(fs->db));
            continue;
        }
        for (size_t j = 0; j < y->nm; j++)
            if (y->mat_db_index[j] == k)
                st = orf_diag_emit(ctx, ORF_E_INPUT, &ml->items[i]->loc, NULL,
                                   "material '%s' listed twice", name);
        if (!strcmp(name, "water"))
            y->water = (int)y->nm;
        y->mat[y->nm] = orf_matdb_material(fs->db, (size_t)k);
        y->mat_db_index[y->nm] = k;
        y->nm++;
    }
    if (st)
        return st;
    if (y->water < 0) {
        int k = orf_matdb_material_index(fs->db, "water");
        if (k < 0)
            return orf_diag_emit(ctx, ORF_E_INPUT, NULL, NULL,
                                 "the materials database has no 'water'");
        y->water = (int)y->nm;
        y->mat[y->nm] = orf_matdb_material(fs->db, (size_t)k);
        y->mat_db_index[y->nm] = k;
        y->nm++;
    }
    y->valuable = -1;
    const orf_node *vn = orf_node_get(root, "valuable");
    if (vn) {
        const char *v;
        if (orf_node_string(ctx, vn, "'valuable'", &v))
            return ORF_E_INPUT;
        for (size_t j = 0; j < y->nm; j++)
            if (!strcmp(y->mat[j]->name, v))
                y->valuable = (int)j;
        if (y->valuable < 0)
            return orf_diag_emit(ctx, ORF_E_UNKNOWN_NAME, &vn->loc, NULL,
                                 "valuable: '%s' is not one of this flowsheet's materials", v);
    }
    return ORF_OK;
}

/* Not a modelling cap: 10^6 classes keep an n × n double matrix (crusher, mill) within 2^63
 * bytes on every platform and a count typed with extra zeros an error rather than an
 * out-of-memory. 1,000 classes and more load, solve and report. */
#define ORF__MAX_SIZE_CLASSES 1000000

static int cmp_desc(const void *a, const void *b)
{
    double x = *(const double *)a, z = *(const double *)b;
    return x < z ? 1 : x > z ? -1 : 0;
}

static orf_status load_sizes(orf_flowsheet *fs, const orf_node *root)
{
    orf_ctx *ctx = fs->ctx;
    orf_system *y = &fs->sys;
    const orf_node *sn = orf_node_get(root, "sizes");
    double *sieves = NULL; /* upper bounds, descending */
    size_t n = 0;
    if (!sn) {
        /* no sizes: one class holding everything (chemistry-only flowsheets) */
        n = 1;
        sieves = orf__fs_alloc(fs, 1, sizeof *sieves);
        if (!sieves)
            return orf__fs_oom(ctx);
        sieves[0] = 1e6;
        y->ns = 1;
        y->upper_um = sieves;
        y->lower_um = orf__fs_alloc(fs, 1, sizeof(double));
        y->mid_um = orf__fs_alloc(fs, 1, sizeof(double));
        if (!y->lower_um || !y->mid_um)
            return orf__fs_oom(ctx);
        y->mid_um[0] = 100.0;
        return ORF_OK;
    }
    if (orf_node_expect(ctx, sn, ORF_NODE_MAP, "'sizes'"))
        return ORF_E_INPUT;
    static const char *const keys[] = {"top_um", "ratio", "count", "sieves_um", "mean", NULL};
    if (orf_node_check_keys(ctx, sn, keys, "'sizes'"))
        return ORF_E_INPUT;
    /* representative size of a class: geometric (default) or arithmetic mean of its bounds (the
     * latter is Dyssol's GetClassesMeans, for twins of Dyssol flowsheets) */
    int arithmetic = 0;
    const orf_node *mn = orf_node_get(sn, "mean");
    if (mn) {
        if (mn->kind != ORF_NODE_SCALAR ||
            (strcmp(mn->str, "geometric") != 0 && strcmp(mn->str, "arithmetic") != 0))
            return orf_diag_emit(ctx, ORF_E_INPUT, &mn->loc, NULL,
                                 "sizes.mean: expected 'geometric' or 'arithmetic'");
        arithmetic = strcmp(mn->str, "arithmetic") == 0;
    }
    const orf_node *sv = orf_node_get(sn, "sieves_um");
    if (sv) {
        if (orf_node_expect(ctx, sv, ORF_NODE_SEQ, "sizes.sieves_um"))
            return ORF_E_INPUT;
        n = sv->n;
        if (n < 1 || n > ORF__MAX_SIZE_CLASSES)
            return orf_diag_emit(ctx, ORF_E_RANGE, &sv->loc, NULL,
                                 "sizes.sieves_um: expected 1 to %d sieve sizes, found %zu",
                                 ORF__MAX_SIZE_CLASSES, n);
        sieves = orf__fs_alloc(fs, n, sizeof *sieves);
        if (!sieves)
            return orf__fs_oom(ctx);
        for (size_t i = 0; i < n; i++) {
            if (orf_node_number(ctx, sv->items[i], "sieve size (µm)", &sieves[i]))
                return ORF_E_INPUT;
            if (!(sieves[i] > 0))
                return orf_diag_emit(ctx, ORF_E_RANGE, &sv->items[i]->loc, NULL,
                                     "sieve size must be > 0 µm, found %g", sieves[i]);
        }
        qsort(sieves, n, sizeof *sieves, cmp_desc);
        for (size_t i = 1; i < n; i++)
            if (sieves[i] == sieves[i - 1])
                return orf_diag_emit(ctx, ORF_E_INPUT, &sv->loc, NULL,
                                     "sizes.sieves_um: %g µm is listed twice", sieves[i]);
    } else {
        double top = 0, ratio = 1.4142135623730951;
        long count = 0;
        const orf_node *t = orf_node_get(sn, "top_um"), *r = orf_node_get(sn, "ratio"),
                       *c = orf_node_get(sn, "count");
        if (!t || !c)
            return orf_diag_emit(ctx, ORF_E_INPUT, &sn->loc, NULL,
                                 "sizes: give either sieves_um or top_um and count (ratio "
                                 "defaults to √2)");
        if (orf_node_number(ctx, t, "sizes.top_um", &top) ||
            (r && orf_node_number(ctx, r, "sizes.ratio", &ratio)) ||
            orf_node_int(ctx, c, "sizes.count", &count))
            return ORF_E_INPUT;
        if (!(top > 0))
            return orf_diag_emit(ctx, ORF_E_RANGE, &t->loc, NULL, "sizes.top_um must be > 0");
        if (!(ratio > 1.0))
            return orf_diag_emit(ctx, ORF_E_RANGE, r ? &r->loc : &sn->loc, NULL,
                                 "sizes.ratio must be > 1, found %g", ratio);
        /* no fixed cap: the bound only keeps n × n matrices (crushers, mills) addressable */
        if (count < 1 || count > ORF__MAX_SIZE_CLASSES)
            return orf_diag_emit(ctx, ORF_E_RANGE, &c->loc, NULL,
                                 "sizes.count must be within 1..%d, found %ld",
                                 ORF__MAX_SIZE_CLASSES, count);
        n = (size_t)count;
        sieves = orf__fs_alloc(fs, n, sizeof *sieves);
        if (!sieves)
            return orf__fs_oom(ctx);
        for (size_t i = 0; i < n; i++)
            sieves[i] = top / pow(ratio, (double)i);
    }
    /* n sieves give n classes: [sieve[i+1], sieve[i]) plus the pan [0, sieve[n-1]). */
    y->ns = n;
    y->upper_um = sieves;
    y->lower_um = orf__fs_alloc(fs, n, sizeof(double));
    y->mid_um = orf__fs_alloc(fs, n, sizeof(double));
    if (!y->lower_um || !y->mid_um)
        return orf__fs_oom(ctx);
    for (size_t i = 0; i < n; i++) {
        y->lower_um[i] = i + 1 < n ? sieves[i + 1] : 0.0;
        /* pan: representative size half the last sieve (a √2-series continuation would give
         * 0.707; half is the convention of King 2001 for an open-ended pan) */
        if (arithmetic)
            y->mid_um[i] = 0.5 * (y->lower_um[i] + sieves[i]); /* the pan: half its sieve too */
        else
            y->mid_um[i] = y->lower_um[i] > 0 ? sqrt(y->lower_um[i] * sieves[i]) : 0.5 * sieves[i];
    }
    return ORF_OK;
}

static orf_status load_comp_classes(orf_flowsheet *fs, const orf_node *root)
{
    orf_ctx *ctx = fs->ctx;
    orf_system *y = &fs->sys;
    const orf_node *cn = orf_node_get(root, "composition_classes");
    if (!cn || (cn->kind == ORF_NODE_SCALAR && !strcmp(cn->str, "liberated"))) {
        y->nc = 1;
        y->vfrac = orf__fs_alloc(fs, 1, sizeof(double));
        y->liberated = orf__fs_alloc(fs, 1, sizeof(int));
        if (!y->vfrac || !y->liberated)
            return orf__fs_oom(ctx);
        y->vfrac[0] = nan("");
        y->liberated[0] = 1;
        return ORF_OK;
    }
    if (orf_node_expect(ctx, cn, ORF_NODE_MAP, "'composition_classes' (or the word liberated)"))
        return ORF_E_INPUT;
    static const char *const keys[] = {"vfrac", NULL};
    if (orf_node_check_keys(ctx, cn, keys, "'composition_classes'"))
        return ORF_E_INPUT;
    const orf_node *vf = orf_node_get(cn, "vfrac");
    if (orf_node_expect(ctx, vf, ORF_NODE_SEQ, "composition_classes.vfrac"))
        return ORF_E_INPUT;
    if (y->valuable < 0)
        return orf_diag_emit(ctx, ORF_E_INPUT, &cn->loc, NULL,
                             "composition classes need 'valuable: MATERIAL' (the mineral whose "
                             "volume fraction defines each class)");
    if (vf->n < 2 || vf->n > 50)
        return orf_diag_emit(ctx, ORF_E_RANGE, &vf->loc, NULL,
                             "composition_classes.vfrac: expected 2 to 50 classes, found %zu",
                             vf->n);
    y->nc = vf->n;
    y->vfrac = orf__fs_alloc(fs, y->nc, sizeof(double));
    y->liberated = orf__fs_alloc(fs, y->nc, sizeof(int));
    if (!y->vfrac || !y->liberated)
        return orf__fs_oom(ctx);
    for (size_t c = 0; c < y->nc; c++) {
        if (orf_node_number(ctx, vf->items[c], "volume fraction", &y->vfrac[c]))
            return ORF_E_INPUT;
        if (y->vfrac[c] < 0 || y->vfrac[c] > 1)
            return orf_diag_emit(ctx, ORF_E_RANGE, &vf->items[c]->loc, NULL,
                                 "volume fraction must be within 0..1, found %g", y->vfrac[c]);
        y->liberated[c] = y->vfrac[c] == 0.0 || y->vfrac[c] == 1.0;
    }
    return ORF_OK;
}

orf_status orf__load_system(orf_flowsheet *fs, const orf_node *root)
{
    if (load_materials(fs, root) || load_sizes(fs, root) || load_comp_classes(fs, root))
        return ORF_E_INPUT;
    return ORF_OK;
}
