/* Flowsheet loading, the options: `solver:` (tolerances, acceleration) and `report:` (assays,
 * products, valuable element) of docs/format.md. */
#include "flowsheet_impl.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

orf_status orf__load_solver(orf_flowsheet *fs, const orf_node *root)
{
    orf_ctx *ctx = fs->ctx;
    fs->opts.tol = 1e-12;
    fs->opts.max_iter = 500;
    fs->opts.accel = ORF_ACCEL_AUTO;
    fs->opts.q_min = -5.0;
    fs->opts.q_max = 0.0;
    fs->opts.sequencing = ORF_SEQ_AUTO;
    const orf_node *sn = orf_node_get(root, "solver");
    if (!sn)
        return ORF_OK;
    if (orf_node_expect(ctx, sn, ORF_NODE_MAP, "'solver'"))
        return ORF_E_INPUT;
    static const char *const keys[] = {"tol",   "max_iter",   "method", "q_min",
                                       "q_max", "sequencing", NULL};
    orf_status st = orf_node_check_keys(ctx, sn, keys, "'solver'");
    const orf_node *v;
    if ((v = orf_node_get(sn, "tol"))) {
        if (orf_node_number(ctx, v, "solver.tol", &fs->opts.tol))
            st = ORF_E_INPUT;
        else if (!(fs->opts.tol > 0 && fs->opts.tol < 1))
            st = orf_diag_emit(ctx, ORF_E_RANGE, &v->loc, NULL,
                               "solver.tol must be within (0, 1), found %g", fs->opts.tol);
    }
    if ((v = orf_node_get(sn, "max_iter"))) {
        long it;
        if (orf_node_int(ctx, v, "solver.max_iter", &it))
            st = ORF_E_INPUT;
        else if (it < 1 || it > 1000000)
            st = orf_diag_emit(ctx, ORF_E_RANGE, &v->loc, NULL,
                               "solver.max_iter must be within 1..1000000, found %ld", it);
        else
            fs->opts.max_iter = (int)it;
    }
    if ((v = orf_node_get(sn, "method"))) {
        const char *m;
        if (orf_node_string(ctx, v, "solver.method", &m))
            st = ORF_E_INPUT;
        else if (!strcmp(m, "wegstein"))
            fs->opts.accel = ORF_ACCEL_WEGSTEIN;
        else if (!strcmp(m, "plain") || !strcmp(m, "direct"))
            fs->opts.accel = ORF_ACCEL_NONE;
        else if (!strcmp(m, "anderson"))
            fs->opts.accel = ORF_ACCEL_ANDERSON;
        else if (!strcmp(m, "auto"))
            fs->opts.accel = ORF_ACCEL_AUTO;
        else {
            static const char *const methods[] = {"auto", "wegstein", "anderson", "plain"};
            st = orf_diag_emit(ctx, ORF_E_UNKNOWN_NAME, &v->loc, NULL,
                               "solver.method: expected auto, wegstein, anderson or plain, "
                               "found '%s'",
                               m);
            orf_diag_hint_nearest(ctx, m, methods, 4);
        }
    }
    if ((v = orf_node_get(sn, "sequencing"))) {
        const char *m;
        if (orf_node_string(ctx, v, "solver.sequencing", &m))
            st = ORF_E_INPUT;
        else if (!strcmp(m, "nested"))
            fs->opts.sequencing = ORF_SEQ_NESTED;
        else if (!strcmp(m, "flat"))
            fs->opts.sequencing = ORF_SEQ_FLAT;
        else if (!strcmp(m, "auto"))
            fs->opts.sequencing = ORF_SEQ_AUTO;
        else {
            static const char *const seqs[] = {"nested", "flat", "auto"};
            st = orf_diag_emit(ctx, ORF_E_UNKNOWN_NAME, &v->loc, NULL,
                               "solver.sequencing: expected nested, flat or auto, found '%s'", m);
            orf_diag_hint_nearest(ctx, m, seqs, 3);
        }
    }
    if ((v = orf_node_get(sn, "q_min")) && orf_node_number(ctx, v, "solver.q_min", &fs->opts.q_min))
        st = ORF_E_INPUT;
    if ((v = orf_node_get(sn, "q_max")) && orf_node_number(ctx, v, "solver.q_max", &fs->opts.q_max))
        st = ORF_E_INPUT;
    if (!st && !(fs->opts.q_min <= fs->opts.q_max && fs->opts.q_max < 1))
        st = orf_diag_emit(ctx, ORF_E_RANGE, &sn->loc, NULL,
                           "solver: need q_min <= q_max < 1 (found %g, %g)", fs->opts.q_min,
                           fs->opts.q_max);
    return st;
}

int orf__assay_valid(orf_flowsheet *fs, const char *a)
{
    double v;
    return fs->nstreams == 0 || orf_stream_assay(&fs->streams[0], a, &v) == ORF_OK;
}

orf_status orf__load_report(orf_flowsheet *fs, const orf_node *root)
{
    orf_ctx *ctx = fs->ctx;
    const orf_node *rn = orf_node_get(root, "report");
    orf_status st = ORF_OK;
    const orf_node *an = NULL;
    if (rn) {
        if (orf_node_expect(ctx, rn, ORF_NODE_MAP, "'report'"))
            return ORF_E_INPUT;
        static const char *const keys[] = {"assays", "valuable_element", "products", NULL};
        st = orf_node_check_keys(ctx, rn, keys, "'report'");
        const orf_node *pn = orf_node_get(rn, "products");
        if (pn && orf_node_expect(ctx, pn, ORF_NODE_SEQ, "report.products"))
            st = ORF_E_INPUT;
        else if (pn) {
            fs->report_streams = orf__fs_alloc(fs, pn->n, sizeof *fs->report_streams);
            if (!fs->report_streams)
                return orf__fs_oom(ctx);
            for (size_t i = 0; i < pn->n; i++) {
                const char *sn;
                if (orf_node_string(ctx, pn->items[i], "report.products stream", &sn)) {
                    st = ORF_E_INPUT;
                    continue;
                }
                int si = orf_flowsheet_stream_index(fs, sn);
                if (si < 0) {
                    st = orf_diag_emit(ctx, ORF_E_UNKNOWN_NAME, &pn->items[i]->loc, NULL,
                                       "report.products: unknown stream '%s'", sn);
                    continue;
                }
                fs->report_streams[fs->nreport_streams++] = si;
            }
        }
        an = orf_node_get(rn, "assays");
        const orf_node *ve = orf_node_get(rn, "valuable_element");
        if (ve) {
            if (orf_node_string(ctx, ve, "report.valuable_element", &fs->valuable_element))
                st = ORF_E_INPUT;
            else if (orf_matdb_element_index(fs->db, fs->valuable_element) < 0)
                st = orf_diag_emit(ctx, ORF_E_UNKNOWN_NAME, &ve->loc, NULL,
                                   "report.valuable_element: '%s' is not an element symbol",
                                   fs->valuable_element);
        }
    }
    /* default valuable element: the database's (Cr) when a material carries it (with or without
     * report.assays) */
    const char *dve = orf_matdb_default_valuable_element(fs->db);
    if (fs->valuable_element == NULL && dve) {
        for (size_t m = 0; m < fs->sys.nm; m++)
            if (orf_material_element_frac(fs->sys.mat[m], orf_matdb_element_index(fs->db, dve)) > 0)
                fs->valuable_element = dve;
    }
    if (an) {
        if (orf_node_expect(ctx, an, ORF_NODE_SEQ, "report.assays"))
            return ORF_E_INPUT;
        fs->assays = orf__fs_alloc(fs, an->n, sizeof *fs->assays);
        if (!fs->assays)
            return orf__fs_oom(ctx);
        for (size_t i = 0; i < an->n; i++) {
            const char *a;
            if (orf_node_string(ctx, an->items[i], "assay name", &a)) {
                st = ORF_E_INPUT;
                continue;
            }
            if (!orf__assay_valid(fs, a)) {
                st = orf_diag_emit(ctx, ORF_E_UNKNOWN_NAME, &an->items[i]->loc, NULL,
                                   "assay '%s' is not an element, an oxide of one element, a "
                                   "material of this flowsheet, or a ratio like Cr/Fe",
                                   a);
                continue;
            }
            fs->assays[fs->nassays++] = a;
        }
        return st;
    }
    /* default: the valuable mineral, and the main oxides present */
    static const char *const dflt[] = {"Cr2O3", "FeO", "MgO", "SiO2", "Al2O3", "CaO", "Cu", "S"};
    fs->assays = orf__fs_alloc(fs, 10, sizeof *fs->assays);
    if (!fs->assays)
        return orf__fs_oom(ctx);
    for (size_t i = 0; i < sizeof dflt / sizeof *dflt && fs->nassays < 6; i++) {
        int el;
        double f;
        if (orf_oxide_factor(fs->db, dflt[i], &el, &f) != 0)
            el = orf_matdb_element_index(fs->db, dflt[i]);
        int present = 0;
        for (size_t m = 0; m < fs->sys.nm; m++)
            if ((int)m != fs->sys.water && orf_material_element_frac(fs->sys.mat[m], el) > 0)
                present = 1;
        if (present)
            fs->assays[fs->nassays++] = dflt[i];
    }
    return st;
}
