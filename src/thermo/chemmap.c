/* The bridge from beneficiation to chemistry: flowsheet materials as thermo species.
 *
 * A stream holds t/h of materials; the chemistry units and the energy balance need kmol/h of
 * species. For material m the map holds a[m][s], mol of species s per kg of m:
 *   - a species named like the material, or with its formula and a compatible phase: a = 1000/M_s;
 *   - a material given as an oxide analysis (chromite: Cr2O3 61, FeO 12, Fe2O3 2.5, ...): each
 *     component formula maps to its species, a = (pct/Σpct)·1000/M_s;
 *   - otherwise (a mineral formula such as serpentine, Mg3Si2O5(OH)4) the elements are assigned to
 *     the bridge species of thermo.yaml (Mg -> MgO, Si -> SiO2, H -> H2O(L), ...); the oxygen left
 *     over oxidises FeO to Fe2O3 and then appears as O2; an oxygen deficit is an error.
 * Enthalpy of a stream: H = Σ_s n_s H_s(T) (pure-species enthalpies; heats of mixing and of
 * solution are neglected). Formation-scale enthalpies make reaction heats come out of H_out − H_in
 * without a separate reaction term.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oreflow/thermo.h"
#include "oreflow/stream.h"
#include "thermo_impl.h"

struct orf_chem_map {
    const orf_thermo_db *db;
    const orf_system *sys;
    size_t nm, nsp;
    double *a;   /* nm * nsp, mol/kg */
    int *direct; /* nm: species carried alone by material m, or -1 */
};

static int phase_compatible(orf_phase a, orf_phase b)
{
    int ga = a == ORF_PHASE_GAS, gb = b == ORF_PHASE_GAS;
    return ga == gb;
}

/* Species with this formula and a compatible phase (exact phase preferred), or -1. */
static int species_by_formula(const orf_thermo_db *db, const char *formula, orf_phase ph)
{
    int best = -1;
    for (size_t i = 0; i < db->nsp; i++) {
        if (strcmp(db->sp[i].formula, formula) != 0 || !phase_compatible(db->sp[i].phase, ph) ||
            db->sp[i].solution_only)
            continue;
        if (db->sp[i].phase == ph)
            return (int)i;
        if (best < 0)
            best = (int)i;
    }
    return best;
}

/* Split element moles (mol/kg) over bridge species; adds into row a[]. */
static orf_status split_by_elements(orf_ctx *ctx, const orf_thermo_db *db, double *el_mol,
                                    double *row, const orf_loc *loc, const char *object,
                                    const char *mname)
{
    const orf_matdb *mdb = db->mdb;
    int o = orf_matdb_element_index(mdb, "O");
    for (size_t e = 0; e < db->nel; e++) {
        if ((int)e == o || !(el_mol[e] > 1e-12))
            continue;
        int s = db->bridge[e];
        if (s < 0)
            return orf_diag_emit(ctx, ORF_E_INPUT, loc, object,
                                 "material '%s': no species in thermo.yaml carries %s (add a "
                                 "species or a bridge entry)",
                                 mname, orf_matdb_element(mdb, e)->symbol);
        double n = el_mol[e] / db->sp[s].counts[e];
        row[s] += n;
        for (size_t k = 0; k < db->nel; k++)
            el_mol[k] -= n * db->sp[s].counts[k];
    }
    double tot = 0;
    for (size_t e = 0; e < db->nel; e++)
        tot += fabs(el_mol[e]);
    for (size_t e = 0; e < db->nel; e++) {
        if ((int)e == o)
            continue;
        if (fabs(el_mol[e]) > 1e-9 * (tot + 1.0))
            return orf_diag_emit(ctx, ORF_E_INPUT, loc, object,
                                 "material '%s': its %s cannot be assigned to bridge species",
                                 mname, orf_matdb_element(mdb, e)->symbol);
    }
    if (o < 0)
        return ORF_OK;
    double ro = el_mol[o];
    if (ro < -1e-9)
        return orf_diag_emit(ctx, ORF_E_INPUT, loc, object,
                             "material '%s' holds too little oxygen for its bridge species "
                             "(%.4g mol/kg short); give it a species of its own",
                             mname, -ro);
    if (ro > 1e-12) {
        int feo = orf_thermo_index(db, "FeO"), fe2o3 = orf_thermo_index(db, "Fe2O3");
        if (feo >= 0 && fe2o3 >= 0 && row[feo] > 0) {
            double x = row[feo] / 2.0 < ro ? row[feo] / 2.0 : ro; /* 2 FeO + O -> Fe2O3 */
            row[feo] -= 2.0 * x;
            row[fe2o3] += x;
            ro -= x;
        }
        if (ro > 1e-12) {
            int o2 = orf_thermo_index(db, "O2");
            if (o2 < 0)
                return orf_diag_emit(ctx, ORF_E_INPUT, loc, object,
                                     "material '%s' has oxygen left over and no O2 species", mname);
            row[o2] += ro / 2.0;
        }
    }
    return ORF_OK;
}

/* The analysis mapping of a material from its YAML entry, when it has one. Returns 1 if used. */
static int map_analysis(orf_ctx *ctx, const orf_thermo_db *db, const orf_material *m,
                        const orf_node *materials, double *row, double *el_mol)
{
    const orf_node *mn = orf_node_get(materials, m->name);
    const orf_node *an = mn ? orf_node_get(mn, "analysis") : NULL;
    if (!an || an->kind != ORF_NODE_MAP)
        return 0;
    double sum = 0;
    for (size_t i = 0; i < an->n; i++) {
        double v;
        if (an->items[i]->kind != ORF_NODE_SCALAR || !orf_parse_number(an->items[i]->str, &v))
            return 0;
        sum += v;
    }
    if (!(sum > 0))
        return 0;
    for (size_t i = 0; i < an->n; i++) {
        double v;
        orf_parse_number(an->items[i]->str, &v);
        const char *f = an->keys[i]->str;
        int s = species_by_formula(db, f, m->phase);
        if (s < 0) /* a component in another phase (volatiles of coke as CH4) */
            s = species_by_formula(db, f,
                                   m->phase == ORF_PHASE_GAS ? ORF_PHASE_SOLID : ORF_PHASE_GAS);
        if (s >= 0) {
            row[s] += v / sum * 1000.0 / db->sp[s].molar_mass_g_mol;
            continue;
        }
        /* a component without a species of its own: through the element bridge */
        double mm = orf_formula_molar_mass(db->mdb, f);
        double *cnt = el_mol + db->nel; /* scratch */
        if (!(mm > 0) || orf_formula_parse(ctx, db->mdb, f, NULL, cnt))
            return 0;
        for (size_t e = 0; e < db->nel; e++)
            el_mol[e] += cnt[e] * v / sum * 1000.0 / mm;
    }
    return 1;
}

orf_status orf_chem_map_alloc(orf_ctx *ctx, const orf_thermo_db *db, const orf_system *sys,
                              const orf_loc *loc, const char *object, orf_chem_map **out)
{
    *out = NULL;
    orf_chem_map *map = orf_calloc(ctx, 1, sizeof *map);
    if (!map)
        return orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL, "out of memory");
    map->db = db;
    map->sys = sys;
    map->nm = sys->nm;
    map->nsp = db->nsp;
    map->a = orf_calloc(ctx, sys->nm * db->nsp + 1, sizeof(double));
    map->direct = orf_malloc(ctx, (sys->nm + 1) * sizeof(int));
    double *el = orf_calloc(ctx, 2 * db->nel + 1, sizeof(double));
    if (!map->a || !map->direct || !el) {
        orf_free(ctx, el);
        orf_chem_map_free(ctx, map);
        return orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL, "out of memory");
    }
    orf_status st = ORF_OK;
    orf_doc *doc = NULL;
    const char *docfile = NULL;
    for (size_t m = 0; m < sys->nm && !st; m++) {
        const orf_material *mat = sys->mat[m];
        double *row = map->a + m * db->nsp;
        map->direct[m] = -1;
        int s = orf_thermo_index(db, mat->name);
        if (s >= 0 && (!phase_compatible(db->sp[s].phase, mat->phase) || db->sp[s].solution_only))
            s = -1;
        if (s < 0 && mat->formula)
            s = species_by_formula(db, mat->formula, mat->phase);
        if (s >= 0) {
            map->direct[m] = s;
            row[s] = 1000.0 / db->sp[s].molar_mass_g_mol;
            continue;
        }
        memset(el, 0, 2 * db->nel * sizeof(double));
        int done = 0;
        if (!mat->formula && mat->loc.file) {
            if (!docfile || strcmp(docfile, mat->loc.file) != 0) {
                orf_doc_free(doc);
                doc = NULL;
                docfile = mat->loc.file;
                /* the file was read once already: parse the text kept then (a FIFO cannot be read
                 * twice); without it, fall back to the elements */
                size_t tlen;
                const char *text = orf_input_text(ctx, docfile, &tlen);
                if (text && orf_doc_load_string(ctx, docfile, text, tlen, &doc))
                    doc = NULL;
            }
            if (doc)
                done = map_analysis(ctx, db, mat, orf_node_get(orf_doc_root(doc), "materials"), row,
                                    el);
        }
        if (!done) {
            memset(row, 0, db->nsp * sizeof(double));
            memset(el, 0, 2 * db->nel * sizeof(double));
            for (size_t k = 0; k < mat->nel; k++) {
                int e = mat->el[k];
                el[e] = mat->wfrac[k] * 1000.0 / orf_matdb_element(db->mdb, (size_t)e)->atomic_mass;
            }
        }
        st = split_by_elements(ctx, db, el, row, loc, object, mat->name);
    }
    orf_doc_free(doc);
    orf_free(ctx, el);
    if (st) {
        orf_chem_map_free(ctx, map);
        return st;
    }
    *out = map;
    return ORF_OK;
}

void orf_chem_map_free(orf_ctx *ctx, orf_chem_map *map)
{
    if (!map)
        return;
    orf_free(ctx, map->a);
    orf_free(ctx, map->direct);
    orf_free(ctx, map);
}

const orf_thermo_db *orf_chem_map_thermo(const orf_chem_map *map)
{
    return map->db;
}

double orf_chem_map_mol_per_kg(const orf_chem_map *map, size_t m, size_t s)
{
    return map->a[m * map->nsp + s];
}

int orf_chem_map_carrier(const orf_chem_map *map, int s, int prefer)
{
    orf_phase want = prefer < 0 ? map->db->sp[s].phase : (orf_phase)prefer;
    int best = -1;
    for (size_t m = 0; m < map->nm; m++) {
        if (map->direct[m] != s)
            continue;
        if (map->sys->mat[m]->phase == want)
            return (int)m;
        if (best < 0)
            best = (int)m;
    }
    return best;
}

void orf_chem_stream_kmolh(const orf_chem_map *map, const orf_stream *st, double *n)
{
    const orf_system *y = map->sys;
    memset(n, 0, map->nsp * sizeof(double));
    for (size_t m = 0; m < y->nm; m++) {
        double tph = orf_stream_material_tph(st, m);
        if (tph == 0.0)
            continue;
        const double *row = map->a + m * map->nsp;
        for (size_t s = 0; s < map->nsp; s++)
            if (row[s] != 0.0)
                n[s] += tph * row[s]; /* t/h × mol/kg = kmol/h */
    }
}

double orf_chem_enthalpy_kw(const orf_thermo_db *db, const double *n, double t_k)
{
    double h = 0.0;
    for (size_t s = 0; s < db->nsp; s++)
        if (n[s] != 0.0)
            h += n[s] * orf_species_h_j_mol(&db->sp[s], t_k); /* kmol/h × J/mol = kJ/h */
    return h / 3600.0;
}

double orf_chem_stream_enthalpy_kw(const orf_chem_map *map, const orf_stream *st)
{
    const orf_system *y = map->sys;
    double t_k = orf_stream_temp_c(st) + 273.15, h = 0.0;
    for (size_t m = 0; m < y->nm; m++) {
        double tph = orf_stream_material_tph(st, m);
        if (tph == 0.0)
            continue;
        const double *row = map->a + m * map->nsp;
        for (size_t s = 0; s < map->nsp; s++)
            if (row[s] != 0.0)
                h += tph * row[s] * orf_species_h_j_mol(&map->db->sp[s], t_k);
    }
    return h / 3600.0;
}
