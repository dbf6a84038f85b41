/* Plant measurement files on a flowsheet: parse (YAML, CSV), map onto the reconciliation
 * problem of src/balance/recon.c (nodes = units with inlets and outlets), report.
 *
 * Basic balanced quantities: solids (or, when the file gives size distributions, the solids of
 * each size class, solids being their sum), water, and each assayed component (or, for a
 * component assayed by size, that component in each size class). Quantities measured:
 *   solids_tph = sum S;  water_tph = W;  pct_solids = 100 sum S / (sum S + W);
 *   assay k = 100 sum_s A_sk / sum S;  size class s % = 100 S_s / sum S;
 *   size-by-assay (s, k) = 100 A_sk / S_s.
 * The formulation follows the usual mineral-processing practice (Hodouin & Everell 1980, Int J
 * Miner Process 7:91; Lynch 1977 ch. 4 on size-by-assay balances).
 *
 * This file: loading a measurement file. The mapping onto the problem and the reconciliation
 * are in plant_data.c, the reports in plant_data_report.c.
 */
#include "oreflow/balance.h"
#include "oreflow/flowsheet.h"
#include "oreflow/node.h"
#include "oreflow/output.h"
#include "balance/balance_impl.h"
#include "base/base_impl.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef orf__pmeas pmeas;
typedef orf__sd_defaults sd_defaults;
enum {
    Q_SOLIDS = ORF__Q_SOLIDS,
    Q_WATER = ORF__Q_WATER,
    Q_PCT_SOLIDS = ORF__Q_PCT_SOLIDS,
    Q_ASSAY = ORF__Q_ASSAY,
    Q_SIZE = ORF__Q_SIZE,
    Q_SIZE_ASSAY = ORF__Q_SIZE_ASSAY
};
#define MAX_COMP ORF__MAX_COMP
#define MAX_CLS ORF__MAX_CLS

static size_t ncls_of(const orf_plant_data *pd)
{
    return pd->nsieve ? pd->nsieve + 1 : 1;
}

static int comp_index(orf_plant_data *pd, const char *name, int add)
{
    for (size_t k = 0; k < pd->ncomp; k++)
        if (strcmp(pd->comp[k], name) == 0)
            return (int)k;
    if (!add || pd->ncomp == MAX_COMP)
        return -1;
    pd->comp[pd->ncomp] = name;
    return (int)pd->ncomp++;
}

static int push_meas(orf_plant_data *pd, const pmeas *m)
{
    if (pd->nm == pd->capm) {
        size_t cap = pd->capm ? 2 * pd->capm : 64;
        pmeas *p = orf_realloc(pd->ctx, pd->m, cap * sizeof *p);
        if (!p)
            return -1;
        pd->m = p;
        pd->capm = cap;
    }
    pd->m[pd->nm++] = *m;
    return 0;
}

static const char *const *stream_names(const orf_flowsheet *fs, size_t *n)
{
    static const char *names[4096];
    size_t ns = orf_flowsheet_stream_count(fs);
    if (ns > 4095)
        ns = 4095;
    for (size_t i = 0; i < ns; i++)
        names[i] = orf_flowsheet_stream(fs, i)->name;
    names[ns] = NULL;
    *n = ns;
    return names;
}

static orf_status check_value(orf_ctx *ctx, const pmeas *m, const char *sname)
{
    orf_status st = ORF_OK;
    if (!(m->sd > 0) || !isfinite(m->sd))
        st = orf_diag_emit(ctx, ORF_E_INPUT, &m->loc, sname,
                           "standard deviation of '%s' must be positive (got %g)", m->label, m->sd);
    if (!isfinite(m->value) || m->value < 0)
        st = orf_diag_emit(ctx, ORF_E_RANGE, &m->vloc, sname, "'%s' must be >= 0 (got %g)",
                           m->label, m->value);
    else if (m->kind != Q_SOLIDS && m->kind != Q_WATER && m->value > 100)
        st = orf_diag_emit(ctx, ORF_E_RANGE, &m->vloc, sname,
                           "'%s' is a percentage and cannot exceed 100 (got %g)", m->label,
                           m->value);
    return st;
}

/* Read `n` as a measured value: a number (default SD) or {value, sd | sd_rel}. */
static orf_status read_value(orf_ctx *ctx, const orf_node *n, const char *what, double dflt_sd,
                             int dflt_rel, pmeas *m)
{
    m->loc = m->vloc = n->loc;
    if (n->kind == ORF_NODE_SCALAR) {
        orf_status st = orf_node_number(ctx, n, what, &m->value);
        if (st)
            return st;
        m->sd = dflt_rel ? dflt_sd / 100 * fabs(m->value) : dflt_sd;
        if (m->sd == 0) /* a zero measured with a relative SD: keep it informative */
            m->sd = dflt_sd / 100;
        m->sd_rel = dflt_rel ? dflt_sd : 0;
        m->sd_default = 1;
        return ORF_OK;
    }
    static const char *const keys[] = {"value", "sd", "sd_rel", NULL};
    orf_status st = orf_node_expect(ctx, n, ORF_NODE_MAP, what);
    if (!st)
        st = orf_node_check_keys(ctx, n, keys, what);
    if (st)
        return st;
    const orf_node *v = orf_node_get(n, "value"), *sd = orf_node_get(n, "sd"),
                   *sr = orf_node_get(n, "sd_rel");
    if (!v)
        return orf_diag_emit(ctx, ORF_E_INPUT, &n->loc, NULL, "%s: missing 'value'", what);
    if ((st = orf_node_number(ctx, v, what, &m->value)))
        return st;
    m->loc = m->vloc = v->loc;
    if (sd && sr)
        return orf_diag_emit(ctx, ORF_E_INPUT, &sr->loc, NULL,
                             "%s: give either 'sd' or 'sd_rel', not both", what);
    if (sd) {
        if ((st = orf_node_number(ctx, sd, what, &m->sd)))
            return st;
        m->loc = sd->loc;
    } else if (sr) {
        double rel;
        if ((st = orf_node_number(ctx, sr, what, &rel)))
            return st;
        m->sd = rel / 100 * fabs(m->value);
        m->sd_rel = rel;
        m->loc = sr->loc;
        if (!(rel > 0))
            m->sd = rel;
    } else {
        m->sd = dflt_rel ? dflt_sd / 100 * fabs(m->value) : dflt_sd;
        m->sd_rel = dflt_rel ? dflt_sd : 0;
    }
    return ORF_OK;
}

static orf_status add_checked(orf_ctx *ctx, orf_plant_data *pd, pmeas *m, const char *sname)
{
    orf_status st = check_value(ctx, m, sname);
    if (st)
        return st;
    if (push_meas(pd, m))
        return orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL, "out of memory");
    return ORF_OK;
}

/* Is `name` an assay the flowsheet understands, and balanceable (not a ratio)? */
static orf_status check_assay(orf_ctx *ctx, orf_plant_data *pd, const char *name,
                              const orf_loc *loc, const char *sname)
{
    if (strchr(name, '/'))
        return orf_diag_emit(ctx, ORF_E_INPUT, loc, sname,
                             "assay '%s' is a ratio and cannot be balanced: give the two "
                             "elements separately",
                             name);
    if (orf_flowsheet_stream_count(pd->fs) > 0) {
        double v;
        if (orf_stream_assay(orf_flowsheet_stream(pd->fs, 0), name, &v) == ORF_E_UNKNOWN_NAME)
            return orf_diag_emit(ctx, ORF_E_UNKNOWN_NAME, loc, sname,
                                 "unknown assay '%s' (an element, oxide or material of the "
                                 "flowsheet)",
                                 name);
    }
    return ORF_OK;
}

static int find_stream(orf_ctx *ctx, orf_plant_data *pd, const char *name, const orf_loc *loc)
{
    int j = orf_flowsheet_stream_index(pd->fs, name);
    if (j < 0) {
        size_t n;
        const char *const *names = stream_names(pd->fs, &n);
        orf_diag_emit(ctx, ORF_E_UNKNOWN_NAME, loc, name, "unknown stream '%s' in %s", name,
                      orf_flowsheet_name(pd->fs));
        orf_diag_hint_nearest(ctx, name, names, n);
    }
    return j;
}

static orf_status parse_sd_defaults(orf_ctx *ctx, const orf_node *n, sd_defaults *d)
{
    static const char *const keys[] = {"flow_sd_rel",
                                       "water_sd_rel",
                                       "pct_solids_sd",
                                       "assay_sd_rel",
                                       "size_sd",
                                       "size_assay_sd_rel",
                                       NULL};
    if (!n)
        return ORF_OK;
    orf_status st = orf_node_expect(ctx, n, ORF_NODE_MAP, "defaults");
    if (!st)
        st = orf_node_check_keys(ctx, n, keys, "defaults");
    if (st)
        return st;
    double *dst[] = {&d->flow_rel,  &d->water_rel, &d->pct_solids_abs,
                     &d->assay_rel, &d->size_abs,  &d->size_assay_rel};
    for (size_t i = 0; i < 6; i++) {
        const orf_node *v = orf_node_get(n, keys[i]);
        if (v && (st = orf_node_number(ctx, v, keys[i], dst[i])))
            return st;
        if (v && !(*dst[i] > 0))
            st = orf_diag_emit(ctx, ORF_E_INPUT, &v->loc, NULL, "default '%s' must be positive",
                               keys[i]);
    }
    return st;
}

static orf_status parse_yaml(orf_ctx *ctx, orf_plant_data *pd, const orf_node *root)
{
    static const char *const top[] = {"flowsheet", "name",      "date",    "note",
                                      "defaults",  "sieves_um", "streams", NULL};
    static const char *const skeys[] = {"solids_tph", "water_tph",  "pct_solids", "assay",
                                        "size",       "size_assay", "note",       NULL};
    orf_status st = orf_node_check_keys(ctx, root, top, "measurement file"), first = st;
    sd_defaults d = {3, 5, 1, 5, 1, 10};
    if ((st = parse_sd_defaults(ctx, orf_node_get(root, "defaults"), &d)) && !first)
        first = st;
    pd->dflt = d;
    const orf_node *nm = orf_node_get(root, "name"), *nt = orf_node_get(root, "note");
    if (nm && nm->kind == ORF_NODE_SCALAR)
        pd->name = orf_ctx_strdup(ctx, nm->str);
    if (nt && nt->kind == ORF_NODE_SCALAR)
        pd->note = orf_ctx_strdup(ctx, nt->str);
    const orf_node *sv = orf_node_get(root, "sieves_um");
    if (sv) {
        if ((st = orf_node_expect(ctx, sv, ORF_NODE_SEQ, "sieves_um")))
            return st;
        if (sv->n + 1 > MAX_CLS)
            return orf_diag_emit(ctx, ORF_E_RANGE, &sv->loc, NULL, "at most %d sieves",
                                 MAX_CLS - 1);
        for (size_t i = 0; i < sv->n; i++) {
            if ((st = orf_node_number(ctx, sv->items[i], "sieve size", &pd->sieve_um[i])))
                return st;
            pd->sieve_loc[i] = sv->items[i]->loc;
            if (!(pd->sieve_um[i] > 0) || (i && pd->sieve_um[i] >= pd->sieve_um[i - 1]))
                return orf_diag_emit(ctx, ORF_E_INPUT, &sv->items[i]->loc, NULL,
                                     "sieves_um must be positive and descending");
        }
        pd->nsieve = sv->n;
    }
    const orf_node *streams = orf_node_get(root, "streams");
    if (!streams)
        return orf_diag_emit(ctx, ORF_E_INPUT, &root->loc, NULL,
                             "measurement file has no 'streams' section");
    if ((st = orf_node_expect(ctx, streams, ORF_NODE_MAP, "streams")))
        return st;
    size_t ncls = ncls_of(pd);
    for (size_t i = 0; i < streams->n; i++) {
        const orf_node *key = streams->keys[i], *sn = streams->items[i];
        const char *sname = key->str;
        int j = find_stream(ctx, pd, sname, &key->loc);
        if (j < 0) {
            first = first ? first : ORF_E_UNKNOWN_NAME;
            continue;
        }
        if ((st = orf_node_expect(ctx, sn, ORF_NODE_MAP, sname)) ||
            (st = orf_node_check_keys(ctx, sn, skeys, sname))) {
            first = first ? first : st;
            continue;
        }
        struct {
            const char *key;
            int kind;
            double sd;
            int rel;
        } simple[] = {{"solids_tph", Q_SOLIDS, d.flow_rel, 1},
                      {"water_tph", Q_WATER, d.water_rel, 1},
                      {"pct_solids", Q_PCT_SOLIDS, d.pct_solids_abs, 0}};
        for (size_t k = 0; k < 3; k++) {
            const orf_node *v = orf_node_get(sn, simple[k].key);
            if (!v)
                continue;
            pmeas m = {.stream = j, .kind = simple[k].kind, .comp = -1, .cls = -1};
            snprintf(m.label, sizeof m.label, "%s.%s", sname, simple[k].key);
            st = read_value(ctx, v, m.label, simple[k].sd, simple[k].rel, &m);
            if (!st)
                st = add_checked(ctx, pd, &m, sname);
            first = first ? first : st;
        }
        const orf_node *as = orf_node_get(sn, "assay");
        if (as && !(st = orf_node_expect(ctx, as, ORF_NODE_MAP, "assay"))) {
            for (size_t a = 0; a < as->n; a++) {
                const char *an = as->keys[a]->str;
                if ((st = check_assay(ctx, pd, an, &as->keys[a]->loc, sname))) {
                    first = first ? first : st;
                    continue;
                }
                int k = comp_index(pd, an, 1);
                if (k < 0) {
                    first = orf_diag_emit(ctx, ORF_E_RANGE, &as->keys[a]->loc, sname,
                                          "too many assay components (max %d)", MAX_COMP);
                    continue;
                }
                pmeas m = {.stream = j, .kind = Q_ASSAY, .comp = k, .cls = -1};
                snprintf(m.label, sizeof m.label, "%s.assay.%s", sname, an);
                st = read_value(ctx, as->items[a], m.label, d.assay_rel, 1, &m);
                if (!st)
                    st = add_checked(ctx, pd, &m, sname);
                first = first ? first : st;
            }
        } else if (as) {
            first = first ? first : st;
        }
        const orf_node *sz = orf_node_get(sn, "size");
        if (sz) {
            if (!pd->nsieve) {
                first = orf_diag_emit(ctx, ORF_E_INPUT, &sz->loc, sname,
                                      "size data needs the top-level 'sieves_um' list");
            } else if ((st = orf_node_expect(ctx, sz, ORF_NODE_SEQ, "size")) || sz->n != ncls) {
                first = st ? st
                           : orf_diag_emit(ctx, ORF_E_INPUT, &sz->loc, sname,
                                           "size: %zu values for %zu classes (the sieves and "
                                           "the pan), %% retained in each",
                                           sz->n, ncls);
            } else {
                for (size_t c = 0; c < ncls; c++) {
                    pmeas m = {.stream = j, .kind = Q_SIZE, .comp = -1, .cls = (int)c};
                    snprintf(m.label, sizeof m.label, "%s.size.%zu", sname, c);
                    st = read_value(ctx, sz->items[c], m.label, d.size_abs, 0, &m);
                    if (!st)
                        st = add_checked(ctx, pd, &m, sname);
                    first = first ? first : st;
                }
            }
        }
        const orf_node *sa = orf_node_get(sn, "size_assay");
        if (sa && !pd->nsieve) {
            first = orf_diag_emit(ctx, ORF_E_INPUT, &sa->loc, sname,
                                  "size_assay needs the top-level 'sieves_um' list");
        } else if (sa && !(st = orf_node_expect(ctx, sa, ORF_NODE_MAP, "size_assay"))) {
            for (size_t a = 0; a < sa->n; a++) {
                const char *an = sa->keys[a]->str;
                const orf_node *list = sa->items[a];
                if ((st = check_assay(ctx, pd, an, &sa->keys[a]->loc, sname)) ||
                    (st = orf_node_expect(ctx, list, ORF_NODE_SEQ, "size_assay"))) {
                    first = first ? first : st;
                    continue;
                }
                if (list->n != ncls) {
                    first = orf_diag_emit(ctx, ORF_E_INPUT, &list->loc, sname,
                                          "size_assay.%s: %zu values for %zu classes", an, list->n,
                                          ncls);
                    continue;
                }
                int k = comp_index(pd, an, 1);
                if (k < 0)
                    continue;
                pd->comp_by_size[k] = 1;
                for (size_t c = 0; c < ncls; c++) {
                    pmeas m = {.stream = j, .kind = Q_SIZE_ASSAY, .comp = k, .cls = (int)c};
                    snprintf(m.label, sizeof m.label, "%s.size_assay.%s.%zu", sname, an, c);
                    st = read_value(ctx, list->items[c], m.label, d.size_assay_rel, 1, &m);
                    if (!st)
                        st = add_checked(ctx, pd, &m, sname);
                    first = first ? first : st;
                }
            }
        } else if (sa) {
            first = first ? first : st;
        }
    }
    return first;
}

/* CSV: header "stream,quantity,value,sd,sd_rel"; quantity is solids_tph, water_tph,
 * pct_solids, assay:NAME, size:CLASS (0 = coarsest), size_assay:CLASS:NAME; either sd or
 * sd_rel (%) per row. Sieves: a row "#sieves_um,500,250,..." before the data. */
static orf_status parse_csv(orf_ctx *ctx, orf_plant_data *pd, const char *path)
{
    /* read once, capped (orf_input_read); the lines come from the text in memory */
    const char *text;
    size_t tlen;
    orf_status rst = orf_input_read(ctx, path, &text, &tlen);
    if (rst)
        return rst;
    if (tlen == 0)
        return orf_diag_emit(ctx, ORF_E_INPUT, NULL, NULL, "'%s' is empty", path);
    FILE *fp = fmemopen((void *)text, tlen, "r");
    if (!fp)
        return orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL, "out of memory reading '%s'", path);
    const char *file = orf_ctx_strdup(ctx, path);
    char line[1024];
    int ln = 0;
    orf_status first = ORF_OK, st;
    while (fgets(line, sizeof line, fp)) {
        ln++;
        line[strcspn(line, "\r\n")] = 0;
        if (ln == 1 && strncmp(line, "stream,", 7) == 0)
            continue;
        if (strncmp(line, "#sieves_um,", 11) == 0) {
            char *p = line + 11, *e;
            pd->nsieve = 0;
            while (*p && pd->nsieve + 1 < MAX_CLS) {
                pd->sieve_loc[pd->nsieve] = (orf_loc){file, ln, (int)(p - line) + 1};
                pd->sieve_um[pd->nsieve++] = strtod(p, &e);
                if (e == p)
                    break;
                p = *e == ',' ? e + 1 : e;
            }
            continue;
        }
        if (line[0] == '#' || line[0] == 0)
            continue;
        char *field[5] = {0};
        int col[5] = {0};
        char *p = line;
        for (int f = 0; f < 5; f++) {
            field[f] = p;
            col[f] = (int)(p - line) + 1;
            char *c = strchr(p, ',');
            if (!c) {
                for (int g = f + 1; g < 5; g++) {
                    field[g] = p + strlen(p);
                    col[g] = (int)(field[g] - line) + 1;
                }
                break;
            }
            *c = 0;
            p = c + 1;
        }
        orf_loc loc = {file, ln, 1};
        int j = find_stream(ctx, pd, field[0], &loc);
        if (j < 0) {
            first = first ? first : ORF_E_UNKNOWN_NAME;
            continue;
        }
        pmeas m = {.stream = j, .comp = -1, .cls = -1};
        const char *q = field[1];
        loc.col = col[1];
        char *colon;
        if (!strcmp(q, "solids_tph"))
            m.kind = Q_SOLIDS;
        else if (!strcmp(q, "water_tph"))
            m.kind = Q_WATER;
        else if (!strcmp(q, "pct_solids"))
            m.kind = Q_PCT_SOLIDS;
        else if (!strncmp(q, "assay:", 6)) {
            m.kind = Q_ASSAY;
            const char *an = orf_ctx_strdup(ctx, q + 6);
            if ((st = check_assay(ctx, pd, an, &loc, field[0]))) {
                first = first ? first : st;
                continue;
            }
            m.comp = comp_index(pd, an, 1);
        } else if (!strncmp(q, "size:", 5) && pd->nsieve) {
            m.kind = Q_SIZE;
            m.cls = atoi(q + 5);
        } else if (!strncmp(q, "size_assay:", 11) && pd->nsieve && (colon = strchr(q + 11, ':'))) {
            m.kind = Q_SIZE_ASSAY;
            m.cls = atoi(q + 11);
            const char *an = orf_ctx_strdup(ctx, colon + 1);
            if ((st = check_assay(ctx, pd, an, &loc, field[0]))) {
                first = first ? first : st;
                continue;
            }
            m.comp = comp_index(pd, an, 1);
            if (m.comp >= 0)
                pd->comp_by_size[m.comp] = 1;
        } else {
            first = orf_diag_emit(ctx, ORF_E_INPUT, &loc, field[0],
                                  "unknown quantity '%s' (solids_tph, water_tph, pct_solids, "
                                  "assay:NAME, size:CLASS, size_assay:CLASS:NAME; size data "
                                  "needs a '#sieves_um,...' row)",
                                  q);
            continue;
        }
        if ((m.kind == Q_ASSAY || m.kind == Q_SIZE_ASSAY) && m.comp < 0) {
            first = orf_diag_emit(ctx, ORF_E_RANGE, &loc, field[0], "too many components");
            continue;
        }
        if ((m.kind == Q_SIZE || m.kind == Q_SIZE_ASSAY) &&
            (m.cls < 0 || (size_t)m.cls >= ncls_of(pd))) {
            first = orf_diag_emit(ctx, ORF_E_RANGE, &loc, field[0],
                                  "size class %d out of range 0..%zu", m.cls, ncls_of(pd) - 1);
            continue;
        }
        snprintf(m.label, sizeof m.label, "%.40s.%.50s", field[0], q);
        for (char *c = m.label; *c; c++)
            if (*c == ':')
                *c = '.';
        loc.col = col[2];
        if (!orf_parse_number(field[2], &m.value)) {
            first =
                orf_diag_emit(ctx, ORF_E_SYNTAX, &loc, field[0], "'%s' is not a number", field[2]);
            continue;
        }
        double sd;
        m.loc = m.vloc = loc;
        if (field[3][0] && orf_parse_number(field[3], &sd)) {
            m.sd = sd;
            m.loc.col = col[3];
        } else if (field[4][0] && orf_parse_number(field[4], &sd)) {
            m.sd = sd > 0 ? sd / 100 * fabs(m.value) : sd;
            m.sd_rel = sd;
            m.loc.col = col[4];
        } else {
            loc.col = col[3];
            first = orf_diag_emit(ctx, ORF_E_INPUT, &loc, field[0],
                                  "row needs an 'sd' or an 'sd_rel' (%%)");
            continue;
        }
        st = add_checked(ctx, pd, &m, field[0]);
        first = first ? first : st;
    }
    fclose(fp);
    if (ln == 0)
        first = orf_diag_emit(ctx, ORF_E_INPUT, NULL, NULL, "'%s' is empty", path);
    return first;
}

/* ---- mapping onto the reconciliation problem --------------------------------------------- */

static void layout(orf_plant_data *pd)
{
    size_t ncls = ncls_of(pd), b = 0;
    pd->ncls = ncls;
    for (size_t c = 0; c < ncls; c++)
        pd->idx_solids[c] = b++;
    pd->water = b++;
    for (size_t k = 0; k < pd->ncomp; k++) {
        pd->comp0[k] = b;
        b += pd->comp_by_size[k] ? ncls : 1;
    }
    pd->nb = b;
}

/* Quantity descriptor; index lists go in the caller's buffers. */

orf_status orf_plant_data_load(orf_ctx *ctx, orf_flowsheet *fs, const char *path,
                               orf_plant_data **out)
{
    *out = NULL;
    orf_plant_data *pd = orf_calloc(ctx, 1, sizeof *pd);
    if (!pd)
        return orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL, "out of memory");
    pd->ctx = ctx;
    pd->fs = fs;
    pd->dflt = (sd_defaults){3, 5, 1, 5, 1, 10};
    /* any allocation refused while reading (a name, a note, a component) is out of memory, never
     * a file read with a field silently missing */
    orf__ctx_mark mark = orf__ctx_mark_get(ctx);
    pd->nst = orf_flowsheet_stream_count(fs);
    size_t len = strlen(path);
    orf_status st;
    orf_doc *doc = NULL;
    if (len > 4 && strcmp(path + len - 4, ".csv") == 0) {
        st = parse_csv(ctx, pd, path);
    } else {
        st = orf_doc_load(ctx, path, &doc);
        if (!st)
            st = parse_yaml(ctx, pd, orf_doc_root(doc));
    }
    if (!st && pd->nm == 0)
        st = orf_diag_emit(ctx, ORF_E_INPUT, NULL, NULL, "'%s' holds no measurements", path);
    /* component names must outlive the document */
    for (size_t k = 0; k < pd->ncomp && !st; k++)
        if (!(pd->comp[k] = orf_ctx_strdup(ctx, pd->comp[k])))
            st = ORF_E_NOMEM;
    orf_doc_free(doc);
    st = orf__ctx_oom_since(ctx, &mark, st, "reading the plant data");
    if (st) {
        orf_plant_data_free(pd);
        return st;
    }
    layout(pd);
    *out = pd;
    return ORF_OK;
}

void orf_plant_data_free(orf_plant_data *pd)
{
    if (!pd)
        return;
    orf_recon_free(pd->r);
    orf_free(pd->ctx, pd->m);
    orf_free(pd->ctx, pd);
}
