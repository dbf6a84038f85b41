/* Elements and materials: database load, chemical formula parsing, oxide analyses, assay factors.
 * Atomic weights: IUPAC CIAAW 2021 (data/materials.yaml). */
#include "core_impl.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

struct orf_matdb {
    orf_ctx *ctx;
    orf__arena arena;
    size_t nel;
    orf_element el[ORF_MAX_ELEMENTS];
    size_t nmat;
    orf_material *mat;
    const char **names;
    const char *default_vel; /* default_valuable_element, or NULL */
};

const char *orf_phase_name(orf_phase p)
{
    static const char *n[] = {"solid", "liquid", "gas", "aqueous"};
    return (unsigned)p < 4 ? n[p] : "?";
}

size_t orf_matdb_element_count(const orf_matdb *db)
{
    return db->nel;
}
const orf_element *orf_matdb_element(const orf_matdb *db, size_t i)
{
    return i < db->nel ? &db->el[i] : NULL;
}
int orf_matdb_element_index(const orf_matdb *db, const char *symbol)
{
    for (size_t i = 0; i < db->nel; i++)
        if (!strcmp(db->el[i].symbol, symbol))
            return (int)i;
    return -1;
}
const char *orf_matdb_default_valuable_element(const orf_matdb *db)
{
    return db->default_vel;
}

size_t orf_matdb_material_count(const orf_matdb *db)
{
    return db->nmat;
}
const orf_material *orf_matdb_material(const orf_matdb *db, size_t i)
{
    return i < db->nmat ? &db->mat[i] : NULL;
}
int orf_matdb_material_index(const orf_matdb *db, const char *name)
{
    for (size_t i = 0; i < db->nmat; i++)
        if (!strcmp(db->mat[i].name, name))
            return (int)i;
    return -1;
}
const char *const *orf_matdb_material_names(const orf_matdb *db)
{
    return db->names;
}

double orf_material_prop(const orf_material *m, const char *name, double dflt)
{
    for (size_t i = 0; i < m->nprops; i++)
        if (!strcmp(m->props[i].name, name))
            return m->props[i].value;
    return dflt;
}

double orf_material_element_frac(const orf_material *m, int el)
{
    for (size_t i = 0; i < m->nel; i++)
        if (m->el[i] == el)
            return m->wfrac[i];
    return 0.0;
}

/* Recursive-descent formula parser: formula := group* ; group := (Element | '(' formula ')') count?
 * count := decimal number. */
typedef struct fparse {
    orf_ctx *ctx;
    const orf_matdb *db;
    const char *s;
    size_t pos;
    const orf_loc *loc;
    const char *formula;
    int quiet;
} fparse;

static orf_status ferr(fparse *p, const char *msg)
{
    if (p->quiet)
        return ORF_E_INPUT;
    return orf_diag_emit(p->ctx, ORF_E_INPUT, p->loc, NULL, "formula '%s': %s at character %zu",
                         p->formula, msg, p->pos + 1);
}

static double fcount(fparse *p)
{
    const char *start = p->s + p->pos;
    if (!isdigit((unsigned char)*start) && *start != '.')
        return 1.0;
    char *end;
    double v = strtod(start, &end);
    p->pos += (size_t)(end - start);
    return v;
}

static orf_status fgroup_seq(fparse *p, double *counts, int depth)
{
    if (depth > 8)
        return ferr(p, "parentheses nested too deeply");
    while (p->s[p->pos] && p->s[p->pos] != ')') {
        char c = p->s[p->pos];
        if (c == '(' || c == '[') {
            p->pos++;
            size_t n = orf_matdb_element_count(p->db);
            double sub[ORF_MAX_ELEMENTS] = {0};
            orf_status st = fgroup_seq(p, sub, depth + 1);
            if (st)
                return st;
            if (p->s[p->pos] != ')' && p->s[p->pos] != ']')
                return ferr(p, "missing ')'");
            p->pos++;
            double k = fcount(p);
            for (size_t i = 0; i < n; i++)
                counts[i] += k * sub[i];
        } else if (isupper((unsigned char)c)) {
            char sym[4] = {c, 0, 0, 0};
            p->pos++;
            if (islower((unsigned char)p->s[p->pos])) {
                sym[1] = p->s[p->pos++];
            }
            int e = orf_matdb_element_index(p->db, sym);
            if (e < 0) {
                p->pos -= strlen(sym);
                char msg[96];
                snprintf(msg, sizeof msg,
                         "unknown element '%s' (the database's 'elements' give each symbol "
                         "its atomic mass)",
                         sym);
                return ferr(p, msg);
            }
            counts[e] += fcount(p);
        } else {
            return ferr(p, "unexpected character");
        }
    }
    return ORF_OK;
}

static orf_status formula_parse(orf_ctx *ctx, const orf_matdb *db, const char *formula,
                                const orf_loc *loc, double *counts, int quiet)
{
    fparse p = {ctx, db, formula, 0, loc, formula, quiet};
    for (size_t i = 0; i < db->nel; i++)
        counts[i] = 0;
    if (!*formula)
        return ferr(&p, "empty formula");
    orf_status st = fgroup_seq(&p, counts, 0);
    if (st)
        return st;
    if (p.s[p.pos] == ')')
        return ferr(&p, "unmatched ')'");
    return ORF_OK;
}

orf_status orf_formula_parse(orf_ctx *ctx, const orf_matdb *db, const char *formula,
                             const orf_loc *loc, double *counts)
{
    return formula_parse(ctx, db, formula, loc, counts, 0);
}

double orf_formula_molar_mass(const orf_matdb *db, const char *formula)
{
    double counts[ORF_MAX_ELEMENTS];
    if (formula_parse(db->ctx, db, formula, NULL, counts, 1))
        return -1.0;
    double m = 0;
    for (size_t i = 0; i < db->nel; i++)
        m += counts[i] * db->el[i].atomic_mass;
    return m;
}

int orf_oxide_factor(const orf_matdb *db, const char *oxide, int *el, double *factor)
{
    double counts[ORF_MAX_ELEMENTS];
    if (formula_parse(db->ctx, db, oxide, NULL, counts, 1))
        return -1;
    int o = orf_matdb_element_index(db, "O");
    int found = -1;
    for (size_t i = 0; i < db->nel; i++) {
        if ((int)i == o || counts[i] == 0)
            continue;
        if (found >= 0)
            return -1;
        found = (int)i;
    }
    if (found < 0 || o < 0 || counts[o] == 0)
        return -1;
    double mm = counts[found] * db->el[found].atomic_mass + counts[o] * db->el[o].atomic_mass;
    *el = found;
    *factor = mm / (counts[found] * db->el[found].atomic_mass);
    return 0;
}

/* Element mass fractions from counts; stored compactly on the material. */
static orf_status set_composition(orf_matdb *db, orf_material *m, const double *mass_el)
{
    double total = 0;
    size_t n = 0;
    for (size_t i = 0; i < db->nel; i++) {
        total += mass_el[i];
        if (mass_el[i] > 0)
            n++;
    }
    m->el = orf__arena_alloc(&db->arena, (n ? n : 1) * sizeof *m->el);
    m->wfrac = orf__arena_alloc(&db->arena, (n ? n : 1) * sizeof *m->wfrac);
    if (!m->el || !m->wfrac)
        return ORF_E_NOMEM;
    m->nel = 0;
    for (size_t i = 0; i < db->nel; i++) {
        if (mass_el[i] > 0) {
            m->el[m->nel] = (int)i;
            m->wfrac[m->nel] = mass_el[i] / total;
            m->nel++;
        }
    }
    return ORF_OK;
}

#define ENTRY_NEEDS                                                                                \
    "an entry needs density_kg_m3 and a formula or an oxide analysis (phase, source, props "       \
    "optional)"

static orf_status load_material(orf_matdb *db, const orf_node *key, const orf_node *v,
                                orf_material *m)
{
    orf_ctx *ctx = db->ctx;
    static const char *const keys[] = {"phase",  "density_kg_m3", "formula", "analysis",
                                       "source", "props",         "note",    NULL};
    char what[160];
    snprintf(what, sizeof what, "material '%s'", key->str);
    m->name = orf__arena_strdup(&db->arena, key->str);
    if (!m->name)
        return orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL, "out of memory");
    m->loc = key->loc;
    if (!v || v->kind != ORF_NODE_MAP)
        return orf_diag_emit(ctx, ORF_E_INPUT, v ? &v->loc : &key->loc, m->name,
                             "material '%s' must be a map: " ENTRY_NEEDS, m->name);
    orf_status st = orf_node_check_keys(ctx, v, keys, what);
    const orf_node *ph = orf_node_get(v, "phase");
    const char *phs = "solid";
    if (ph && orf_node_string(ctx, ph, "phase", &phs) == ORF_OK) {
        if (!strcmp(phs, "solid"))
            m->phase = ORF_PHASE_SOLID;
        else if (!strcmp(phs, "liquid"))
            m->phase = ORF_PHASE_LIQUID;
        else if (!strcmp(phs, "gas"))
            m->phase = ORF_PHASE_GAS;
        else if (!strcmp(phs, "aqueous"))
            m->phase = ORF_PHASE_AQUEOUS;
        else
            st = orf_diag_emit(ctx, ORF_E_INPUT, &ph->loc, m->name,
                               "phase: expected solid, liquid, gas or aqueous, found '%s'", phs);
    } else if (ph) {
        st = ORF_E_INPUT;
    }
    const orf_node *dn = orf_node_get(v, "density_kg_m3");
    if (!dn)
        st = orf_diag_emit(ctx, ORF_E_INPUT, &key->loc, m->name,
                           "material '%s' needs density_kg_m3 (grain density, kg/m³)", m->name);
    else if (orf_node_number(ctx, dn, "density_kg_m3", &m->density_kg_m3) == ORF_OK) {
        if (!(m->density_kg_m3 > 0))
            st = orf_diag_emit(ctx, ORF_E_RANGE, &dn->loc, m->name,
                               "density_kg_m3 must be > 0, found %g", m->density_kg_m3);
    } else
        st = ORF_E_INPUT;
    const orf_node *src = orf_node_get(v, "source");
    if (src && src->kind == ORF_NODE_SCALAR &&
        !(m->source = orf__arena_strdup(&db->arena, src->str)))
        return orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL, "out of memory");

    const orf_node *fn = orf_node_get(v, "formula");
    const orf_node *an = orf_node_get(v, "analysis");
    double mass_el[ORF_MAX_ELEMENTS] = {0};
    if ((fn != NULL) == (an != NULL)) {
        return orf_diag_emit(ctx, ORF_E_INPUT, fn && an ? &an->loc : &key->loc, m->name,
                             "material '%s' needs exactly one of 'formula' (e.g. CuFeS2) or "
                             "'analysis' (oxide mass %%, e.g. {SiO2: 60, Al2O3: 40})",
                             m->name);
    }
    if (fn) {
        const char *f;
        if (orf_node_string(ctx, fn, "formula", &f))
            return ORF_E_INPUT;
        double counts[ORF_MAX_ELEMENTS];
        if (orf_formula_parse(ctx, db, f, &fn->loc, counts))
            return ORF_E_INPUT;
        m->formula = orf__arena_strdup(&db->arena, f);
        if (!m->formula)
            return orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL, "out of memory");
        for (size_t i = 0; i < db->nel; i++) {
            mass_el[i] = counts[i] * db->el[i].atomic_mass;
            m->molar_mass_g_mol += mass_el[i];
        }
    } else {
        if (orf_node_expect(ctx, an, ORF_NODE_MAP, "analysis"))
            return ORF_E_INPUT;
        double sum = 0;
        for (size_t i = 0; i < an->n; i++) {
            double pct, counts[ORF_MAX_ELEMENTS];
            const char *ox = an->keys[i]->str;
            if (orf_formula_parse(ctx, db, ox, &an->keys[i]->loc, counts) ||
                orf_node_number(ctx, an->items[i], "analysis value (mass %)", &pct)) {
                st = ORF_E_INPUT;
                continue;
            }
            if (pct < 0 || pct > 100) {
                st = orf_diag_emit(ctx, ORF_E_RANGE, &an->items[i]->loc, m->name,
                                   "%s: mass %% must be within 0..100, found %g", ox, pct);
                continue;
            }
            double mm = 0;
            for (size_t e = 0; e < db->nel; e++)
                mm += counts[e] * db->el[e].atomic_mass;
            for (size_t e = 0; e < db->nel; e++)
                mass_el[e] += pct * counts[e] * db->el[e].atomic_mass / mm;
            sum += pct;
        }
        if (!st && (sum < 90 || sum > 110))
            st = orf_diag_emit(ctx, ORF_E_INPUT, &an->loc, m->name,
                               "analysis sums to %g %%; expected close to 100 %%", sum);
    }
    if (st)
        return st;
    const orf_node *pn = orf_node_get(v, "props");
    if (pn) {
        if (orf_node_expect(ctx, pn, ORF_NODE_MAP, "props"))
            return ORF_E_INPUT;
        m->props = orf__arena_alloc(&db->arena, (pn->n ? pn->n : 1) * sizeof *m->props);
        if (!m->props)
            return ORF_E_NOMEM;
        for (size_t i = 0; i < pn->n; i++) {
            double val;
            if (orf_node_number(ctx, pn->items[i], pn->keys[i]->str, &val)) {
                st = ORF_E_INPUT;
                continue;
            }
            m->props[m->nprops].name = orf__arena_strdup(&db->arena, pn->keys[i]->str);
            if (!m->props[m->nprops].name)
                return orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL, "out of memory");
            m->props[m->nprops].value = val;
            m->nprops++;
        }
    }
    if (st)
        return st;
    return set_composition(db, m, mass_el);
}

/* The elements of a file: a default database takes them as they are; an extension (a user's
 * materials_db) adds the new ones and must give an element already known the same atomic mass (the
 * default's materials were computed with it). */
static orf_status load_elements(orf_matdb *db, const orf_node *els, int extend)
{
    orf_ctx *ctx = db->ctx;
    orf_status st = ORF_OK;
    for (size_t i = 0; i < els->n; i++) {
        const char *sym = els->keys[i]->str;
        double am;
        if (orf_node_number(ctx, els->items[i], "atomic mass (g/mol)", &am) || !(am > 0)) {
            st = orf_diag_emit(ctx, ORF_E_INPUT, &els->items[i]->loc, NULL,
                               "atomic mass of %s must be a positive number (g/mol)", sym);
            continue;
        }
        int known = extend ? orf_matdb_element_index(db, sym) : -1;
        if (known >= 0) {
            double am0 = db->el[known].atomic_mass;
            if (fabs(am - am0) > 1e-9 * am0)
                st = orf_diag_emit(ctx, ORF_E_INPUT, &els->items[i]->loc, NULL,
                                   "atomic mass of %s: %g differs from the default database's "
                                   "%g g/mol; leave the element out (its materials are computed "
                                   "with the default's)",
                                   sym, am, am0);
            continue;
        }
        if (db->nel >= ORF_MAX_ELEMENTS) {
            st = orf_diag_emit(ctx, ORF_E_INPUT, &els->keys[i]->loc, NULL, "more than %d elements",
                               ORF_MAX_ELEMENTS);
            break;
        }
        db->el[db->nel].symbol = orf__arena_strdup(&db->arena, sym);
        if (!db->el[db->nel].symbol)
            return orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL, "out of memory");
        db->el[db->nel].atomic_mass = am;
        db->nel++;
    }
    return st;
}

/* Same material? phase, density, composition and properties (to 1e-12): a user's file that
 * repeats a default entry unchanged overrides nothing worth a warning. */
static int same_material(const orf_material *a, const orf_material *b)
{
    if (a->phase != b->phase || a->nel != b->nel || a->nprops != b->nprops ||
        fabs(a->density_kg_m3 - b->density_kg_m3) > 1e-12 * b->density_kg_m3)
        return 0;
    for (size_t i = 0; i < a->nel; i++)
        if (a->el[i] != b->el[i] || fabs(a->wfrac[i] - b->wfrac[i]) > 1e-12)
            return 0;
    for (size_t i = 0; i < a->nprops; i++) {
        double v = orf_material_prop(b, a->props[i].name, NAN);
        if (!(fabs(a->props[i].value - v) <= 1e-12 * fabs(v)))
            return 0;
    }
    return 1;
}

/* Read the database at `path` into db: the default (extend 0, elements and materials required)
 * or a user's file over it (extend 1, both optional; on error db is as it was). */
static orf_status load_file(orf_matdb *db, const char *path, int extend)
{
    orf_ctx *ctx = db->ctx;
    orf_doc *doc;
    orf_status st = orf_doc_load(ctx, path, &doc);
    if (st)
        return st;
    size_t nel0 = db->nel;
    const orf_node *root = orf_doc_root(doc);
    static const char *const top[] = {"elements", "materials", "default_valuable_element", NULL};
    const char *what = extend ? "the materials database (materials_db)" : "the materials database";
    if (orf_node_expect(ctx, root, ORF_NODE_MAP, what)) {
        st = ORF_E_INPUT;
        goto done;
    }
    st = orf_node_check_keys(ctx, root, top, what);
    const orf_node *els = orf_node_get(root, "elements");
    const orf_node *mats = orf_node_get(root, "materials");
    if ((!extend || els) &&
        orf_node_expect(ctx, els, ORF_NODE_MAP, "'elements' (symbol: atomic mass, g/mol)")) {
        st = ORF_E_INPUT;
        goto done;
    }
    if ((!extend || mats) && orf_node_expect(ctx, mats, ORF_NODE_MAP,
                                             "'materials' (name: {density_kg_m3, formula "
                                             "or analysis})")) {
        st = ORF_E_INPUT;
        goto done;
    }
    if (!extend && els->n > ORF_MAX_ELEMENTS) {
        st = orf_diag_emit(ctx, ORF_E_INPUT, &els->loc, NULL, "more than %d elements",
                           ORF_MAX_ELEMENTS);
        goto done;
    }
    if (els && load_elements(db, els, extend))
        st = ORF_E_INPUT;
    if (st)
        goto done;
    const orf_node *dv = orf_node_get(root, "default_valuable_element");
    const char *vel = db->default_vel;
    if (dv) {
        const char *sym;
        if (orf_node_string(ctx, dv, "default_valuable_element", &sym)) {
            st = ORF_E_INPUT;
            goto done;
        }
        if (orf_matdb_element_index(db, sym) < 0) {
            st = orf_diag_emit(ctx, ORF_E_INPUT, &dv->loc, NULL,
                               "default_valuable_element: '%s' is not an element symbol", sym);
            goto done;
        }
        vel = db->el[orf_matdb_element_index(db, sym)].symbol;
    }
    /* the materials: the database's followed by the file's new ones (an override keeps its
     * place), built aside and taken only when all of them load */
    size_t nnew = mats ? mats->n : 0, n = db->nmat;
    orf_material *mat = orf__arena_alloc(&db->arena, (n + nnew ? n + nnew : 1) * sizeof *mat);
    const char **names = orf__arena_alloc(&db->arena, (n + nnew + 1) * sizeof *names);
    if (!mat || !names) {
        st = orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL, "out of memory");
        goto done;
    }
    if (n) {
        memcpy(mat, db->mat, n * sizeof *mat);
        memcpy(names, db->names, n * sizeof *names);
    }
    for (size_t i = 0; i < nnew; i++) {
        orf_material m = {0};
        orf_status s2 = load_material(db, mats->keys[i], mats->items[i], &m);
        if (s2) {
            st = s2;
            continue;
        }
        int old = extend ? orf_matdb_material_index(db, m.name) : -1;
        if (old < 0) {
            mat[n] = m;
            names[n] = m.name;
            n++;
            continue;
        }
        const orf_loc *l0 = &db->mat[old].loc;
        if (!same_material(&m, &db->mat[old]))
            orf_diag_warn(ctx, &m.loc, m.name,
                          "material '%s' overrides the default database's entry at %s:%d:%d",
                          m.name, l0->file ? l0->file : "?", l0->line, l0->col);
        mat[old] = m;
        names[old] = m.name;
    }
    if (!st) {
        db->mat = mat;
        db->names = names;
        db->nmat = n;
        db->default_vel = vel;
    }
done:
    orf_doc_free(doc);
    if (st) {
        db->nel = nel0;
        return st < 0 ? st : ORF_E_INPUT;
    }
    return ORF_OK;
}

static orf_status matdb_new(orf_ctx *ctx, orf_matdb **out)
{
    *out = NULL;
    orf_matdb *db = orf_calloc(ctx, 1, sizeof *db);
    if (!db)
        return orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL, "out of memory");
    db->ctx = ctx;
    orf__arena_init(&db->arena, ctx);
    *out = db;
    return ORF_OK;
}

orf_status orf_matdb_load(orf_ctx *ctx, const char *path, orf_matdb **out)
{
    *out = NULL;
    orf_matdb *db = NULL;
    orf_status st = matdb_new(ctx, &db);
    if (st)
        return st;
    if ((st = load_file(db, path, 0))) {
        orf_matdb_free(db);
        return st;
    }
    *out = db;
    return ORF_OK;
}

orf_status orf_matdb_extend(orf_matdb *db, const char *path)
{
    return load_file(db, path, 1);
}

void orf_matdb_free(orf_matdb *db)
{
    if (!db)
        return;
    orf_ctx *ctx = db->ctx;
    orf__arena_fini(&db->arena);
    orf_free(ctx, db);
}
