/* Loading data/thermo.yaml (format described at the top of that file and in docs/format.md).
 * Every value is checked where it is read; errors carry the file:line:column of the YAML node. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oreflow/thermo.h"
#include "thermo_impl.h"

static orf_status read_numbers(orf_ctx *ctx, const orf_node *seq, size_t n, double *out,
                               const char *what)
{
    if (!seq)
        return orf_diag_emit(ctx, ORF_E_INPUT, NULL, NULL, "missing %s", what);
    orf_status st = orf_node_expect(ctx, seq, ORF_NODE_SEQ, what);
    if (st)
        return st;
    if (seq->n != n)
        return orf_diag_emit(ctx, ORF_E_INPUT, &seq->loc, NULL, "%s: expected %zu numbers, got %zu",
                             what, n, seq->n);
    for (size_t i = 0; i < n; i++)
        if ((st = orf_node_number(ctx, seq->items[i], what, &out[i])))
            return st;
    return ORF_OK;
}

static orf_status read_range(orf_ctx *ctx, const orf_node *m, orf_thermo_kind kind,
                             const char *spname, orf_thermo_range *r)
{
    static const char *const k_nasa[] = {"t_k", "record", "a", "b", NULL};
    static const char *const k_shom[] = {"t_k", "coef", NULL};
    static const char *const k_cons[] = {"t_k", "dhf_kj_mol", "s_j_molk", "cp_j_molk", NULL};
    char what[160];
    orf_status st = orf_node_expect(ctx, m, ORF_NODE_MAP, "temperature range");
    if (st)
        return st;
    memset(r, 0, sizeof *r);
    r->kind = kind;
    snprintf(what, sizeof what, "temperature range of species '%s'", spname);
    st = orf_node_check_keys(ctx, m,
                             kind == ORF_THERMO_NASA9     ? k_nasa
                             : kind == ORF_THERMO_SHOMATE ? k_shom
                                                          : k_cons,
                             what);
    if (st)
        return st;
    double t[2];
    if ((st = read_numbers(ctx, orf_node_get(m, "t_k"), 2, t, "t_k [min, max]")))
        return st;
    if (!(t[0] > 0 && t[1] > t[0]))
        return orf_diag_emit(ctx, ORF_E_RANGE, &orf_node_get(m, "t_k")->loc, spname,
                             "t_k must be [min, max] with 0 < min < max");
    r->tmin_k = t[0];
    r->tmax_k = t[1];
    if (kind == ORF_THERMO_NASA9) {
        if ((st = read_numbers(ctx, orf_node_get(m, "a"), 7, r->c, "a (a1..a7)")))
            return st;
        if ((st = read_numbers(ctx, orf_node_get(m, "b"), 2, r->c + 7, "b (b1, b2)")))
            return st;
    } else if (kind == ORF_THERMO_SHOMATE) {
        if ((st = read_numbers(ctx, orf_node_get(m, "coef"), 8, r->c, "coef (A..H)")))
            return st;
    } else {
        const char *keys[3] = {"dhf_kj_mol", "s_j_molk", "cp_j_molk"};
        for (int i = 0; i < 3; i++) {
            const orf_node *v = orf_node_get(m, keys[i]);
            if (!v)
                return orf_diag_emit(ctx, ORF_E_INPUT, &m->loc, spname, "missing '%s'", keys[i]);
            if ((st = orf_node_number(ctx, v, keys[i], &r->c[i])))
                return st;
        }
        r->c[0] *= 1000.0;
    }
    return ORF_OK;
}

static orf_status read_species(orf_thermo_db *db, const orf_node *m, orf_species *sp)
{
    static const char *const keys[] = {"name",    "formula",     "phase",         "source", "nasa9",
                                       "shomate", "constant_cp", "solution_only", NULL};
    orf_ctx *ctx = db->ctx;
    orf_status st = orf_node_expect(ctx, m, ORF_NODE_MAP, "species");
    if (st)
        return st;
    if ((st = orf_node_check_keys(ctx, m, keys, "species")))
        return st;
    const char *name = NULL, *formula = NULL, *phase = NULL, *source = "";
    const orf_node *nn = orf_node_get(m, "name");
    if (!nn)
        return orf_diag_emit(ctx, ORF_E_INPUT, &m->loc, NULL, "species without a name");
    if ((st = orf_node_string(ctx, nn, "species name", &name)))
        return st;
    const orf_node *nf = orf_node_get(m, "formula");
    if (!nf)
        return orf_diag_emit(ctx, ORF_E_INPUT, &m->loc, name, "species '%s' has no formula", name);
    if ((st = orf_node_string(ctx, nf, "formula", &formula)))
        return st;
    const orf_node *np = orf_node_get(m, "phase");
    if (np && (st = orf_node_string(ctx, np, "phase", &phase)))
        return st;
    const orf_node *ns = orf_node_get(m, "source");
    if (!ns)
        return orf_diag_emit(ctx, ORF_E_INPUT, &m->loc, name,
                             "species '%s' has no source (cite the data)", name);
    if ((st = orf_node_string(ctx, ns, "source", &source)))
        return st;

    sp->loc = m->loc;
    sp->name = orf_ctx_strdup(ctx, name);
    sp->formula = orf_ctx_strdup(ctx, formula);
    sp->source = orf_ctx_strdup(ctx, source);
    if (!sp->name || !sp->formula || !sp->source)
        return orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL, "out of memory");
    sp->phase = ORF_PHASE_SOLID;
    if (phase) {
        if (strcmp(phase, "solid") == 0)
            sp->phase = ORF_PHASE_SOLID;
        else if (strcmp(phase, "liquid") == 0)
            sp->phase = ORF_PHASE_LIQUID;
        else if (strcmp(phase, "gas") == 0)
            sp->phase = ORF_PHASE_GAS;
        else if (strcmp(phase, "aqueous") == 0)
            sp->phase = ORF_PHASE_AQUEOUS;
        else
            return orf_diag_emit(ctx, ORF_E_INPUT, &np->loc, name,
                                 "phase must be solid, liquid, gas or aqueous, not '%s'", phase);
    }
    const orf_node *nso = orf_node_get(m, "solution_only");
    if (nso && (st = orf_node_bool(ctx, nso, "solution_only", &sp->solution_only)))
        return st;
    sp->counts = orf_calloc(ctx, db->nel ? db->nel : 1, sizeof(double));
    if (!sp->counts)
        return orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL, "out of memory");
    if ((st = orf_formula_parse(ctx, db->mdb, formula, &nf->loc, sp->counts)))
        return st;
    sp->molar_mass_g_mol = orf_formula_molar_mass(db->mdb, formula);
    if (!(sp->molar_mass_g_mol > 0))
        return orf_diag_emit(ctx, ORF_E_INPUT, &nf->loc, name, "bad formula '%s'", formula);

    const char *forms[3] = {"nasa9", "shomate", "constant_cp"};
    int found = -1;
    for (int k = 0; k < 3; k++) {
        if (orf_node_get(m, forms[k])) {
            if (found >= 0)
                return orf_diag_emit(ctx, ORF_E_INPUT, &orf_node_get(m, forms[k])->loc, name,
                                     "species '%s' has both '%s' and '%s' data", name, forms[found],
                                     forms[k]);
            found = k;
        }
    }
    if (found < 0)
        return orf_diag_emit(ctx, ORF_E_INPUT, &m->loc, name,
                             "species '%s' has no data (nasa9, shomate or constant_cp)", name);
    const orf_node *d = orf_node_get(m, forms[found]);
    if (found == 2) {
        sp->nr = 1;
        sp->r = orf_calloc(ctx, 1, sizeof *sp->r);
        if (!sp->r)
            return orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL, "out of memory");
        return read_range(ctx, d, ORF_THERMO_CONSTCP, name, &sp->r[0]);
    }
    if ((st = orf_node_expect(ctx, d, ORF_NODE_SEQ, forms[found])))
        return st;
    if (d->n == 0)
        return orf_diag_emit(ctx, ORF_E_INPUT, &d->loc, name, "empty list of ranges");
    sp->nr = d->n;
    sp->r = orf_calloc(ctx, d->n, sizeof *sp->r);
    if (!sp->r)
        return orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL, "out of memory");
    for (size_t i = 0; i < d->n; i++) {
        if ((st = read_range(ctx, d->items[i], found == 0 ? ORF_THERMO_NASA9 : ORF_THERMO_SHOMATE,
                             name, &sp->r[i])))
            return st;
        if (i > 0 && fabs(sp->r[i].tmin_k - sp->r[i - 1].tmax_k) > 1e-9)
            return orf_diag_emit(ctx, ORF_E_INPUT, &d->items[i]->loc, name,
                                 "ranges of species '%s' must be contiguous and ascending "
                                 "(%g K follows %g K)",
                                 name, sp->r[i].tmin_k, sp->r[i - 1].tmax_k);
    }
    return ORF_OK;
}

static orf_status read_bridge(orf_thermo_db *db, const orf_node *b)
{
    orf_ctx *ctx = db->ctx;
    orf_status st = orf_node_expect(ctx, b, ORF_NODE_MAP, "bridge");
    if (st)
        return st;
    for (size_t i = 0; i < b->n; i++) {
        const char *el = b->keys[i]->str, *spn = NULL;
        int e = orf_matdb_element_index(db->mdb, el);
        if (e < 0)
            return orf_diag_emit(ctx, ORF_E_UNKNOWN_NAME, &b->keys[i]->loc, NULL,
                                 "bridge: unknown element '%s'", el);
        if ((st = orf_node_string(ctx, b->items[i], "bridge species", &spn)))
            return st;
        int s = orf_thermo_index(db, spn);
        if (s < 0) {
            orf_status rc = orf_diag_emit(ctx, ORF_E_UNKNOWN_NAME, &b->items[i]->loc, NULL,
                                          "bridge: unknown species '%s'", spn);
            orf_diag_hint_nearest(ctx, spn, (const char *const *)db->names, db->nsp);
            return rc;
        }
        if (!(db->sp[s].counts[e] > 0))
            return orf_diag_emit(ctx, ORF_E_INPUT, &b->items[i]->loc, NULL,
                                 "bridge: species '%s' does not contain %s", spn, el);
        db->bridge[e] = s;
    }
    return ORF_OK;
}

orf_status orf_thermo_load(orf_ctx *ctx, const char *path, const orf_matdb *mdb,
                           orf_thermo_db **out)
{
    *out = NULL;
    orf_doc *doc = NULL;
    orf_status st = orf_doc_load(ctx, path, &doc);
    if (st)
        return st;
    orf_thermo_db *db = orf_calloc(ctx, 1, sizeof *db);
    if (!db) {
        orf_doc_free(doc);
        return orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL, "out of memory");
    }
    db->ctx = ctx;
    db->mdb = mdb;
    db->nel = orf_matdb_element_count(mdb);
    const orf_node *root = orf_doc_root(doc);
    const orf_node *spn = orf_node_get(root, "species");
    if (!spn) {
        st = orf_diag_emit(ctx, ORF_E_INPUT, &root->loc, NULL, "%s: no 'species' list", path);
        goto fail;
    }
    if ((st = orf_node_expect(ctx, spn, ORF_NODE_SEQ, "species")))
        goto fail;
    db->sp = orf_calloc(ctx, spn->n ? spn->n : 1, sizeof *db->sp);
    db->names = orf_calloc(ctx, spn->n + 1, sizeof *db->names);
    db->bridge = orf_malloc(ctx, (db->nel ? db->nel : 1) * sizeof *db->bridge);
    if (!db->sp || !db->names || !db->bridge) {
        st = orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL, "out of memory");
        goto fail;
    }
    for (size_t e = 0; e < db->nel; e++)
        db->bridge[e] = -1;
    for (size_t i = 0; i < spn->n; i++) {
        orf_species *cur = &db->sp[db->nsp];
        orf_status s1 = read_species(db, spn->items[i], cur);
        if (!s1 && orf_thermo_index(db, cur->name) >= 0)
            s1 = orf_diag_emit(ctx, ORF_E_INPUT, &cur->loc, cur->name, "species '%s' defined twice",
                               cur->name);
        if (s1) { /* drop the slot and go on collecting errors */
            orf_free(ctx, cur->counts);
            orf_free(ctx, cur->r);
            memset(cur, 0, sizeof *cur);
            st = st ? st : s1;
            if (s1 == ORF_E_NOMEM)
                goto fail;
            continue;
        }
        db->names[db->nsp] = db->sp[db->nsp].name;
        db->nsp++;
    }
    if (st)
        goto fail;
    const orf_node *b = orf_node_get(root, "bridge");
    if (b && (st = read_bridge(db, b)))
        goto fail;
    orf_doc_free(doc);
    *out = db;
    return ORF_OK;
fail:
    orf_doc_free(doc);
    orf_thermo_free(db);
    return st ? st : ORF_E_INPUT;
}

orf_status orf_thermo_load_default(orf_ctx *ctx, const orf_matdb *mdb, orf_thermo_db **out)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/thermo.yaml", orf_data_dir());
    return orf_thermo_load(ctx, path, mdb, out);
}

void orf_thermo_free(orf_thermo_db *db)
{
    if (!db)
        return;
    orf_ctx *ctx = db->ctx;
    if (db->sp) {
        for (size_t i = 0; i < db->nsp; i++) {
            orf_free(ctx, db->sp[i].counts);
            orf_free(ctx, db->sp[i].r);
        }
    }
    orf_free(ctx, db->sp);
    orf_free(ctx, db->names);
    orf_free(ctx, db->bridge);
    orf_free(ctx, db);
}
