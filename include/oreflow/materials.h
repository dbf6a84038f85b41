/* oreflow — elements and materials (minerals and chemical species).
 *
 * The database is read from data/materials.yaml; a flowsheet's materials_db extends it. A material
 * has a phase, a density and an elemental composition (mass fractions summing to 1), given in the
 * file either as a chemical formula or as an oxide analysis (mass %) that is normalised. Extra
 * numeric properties (magnetic susceptibility, hardness, ...) are kept by name for the unit models.
 * Ownership: the database owns everything; material pointers are borrowed from it.
 */
#ifndef OREFLOW_MATERIALS_H
#define OREFLOW_MATERIALS_H

#include "common.h"
#include "node.h"

#ifdef __cplusplus
extern "C" {
#endif

#define ORF_MAX_ELEMENTS 128

typedef enum { ORF_PHASE_SOLID, ORF_PHASE_LIQUID, ORF_PHASE_GAS, ORF_PHASE_AQUEOUS } orf_phase;
ORF_API const char *orf_phase_name(orf_phase p);

typedef struct orf_element {
    const char *symbol;
    double atomic_mass; /* g/mol, IUPAC 2021 standard atomic weights (abridged) */
} orf_element;

typedef struct orf_prop {
    const char *name;
    double value;
} orf_prop;

typedef struct orf_material {
    const char *name;
    const char *formula; /* as written, or NULL for an oxide analysis */
    const char *source;  /* citation for the composition/density */
    orf_phase phase;
    double density_kg_m3;
    double molar_mass_g_mol; /* from the formula; 0 for analyses */
    size_t nel;              /* elements present */
    int *el;                 /* element indices into the database */
    double *wfrac;           /* mass fraction of each element (sums to 1) */
    size_t nprops;
    orf_prop *props;
    orf_loc loc;
} orf_material;

typedef struct orf_matdb orf_matdb;

/* Load the database. Errors are located in the YAML file. */
ORF_API orf_status orf_matdb_load(orf_ctx *ctx, const char *path, orf_matdb **out);
ORF_API void orf_matdb_free(orf_matdb *db);
/* Extend db by the database at `path` (a flowsheet's materials_db over the default): its
 * `elements` are added (an element db already has must carry the same atomic mass), its
 * `materials` are added, and one named as an entry of db replaces that entry in its place, with a
 * warning naming both locations (none when the two are the same material); its
 * `default_valuable_element` replaces db's. Each section is optional. Errors are located in the
 * file; on error db is as it was. */
ORF_API orf_status orf_matdb_extend(orf_matdb *db, const char *path);

ORF_API size_t orf_matdb_element_count(const orf_matdb *db);
ORF_API const orf_element *orf_matdb_element(const orf_matdb *db, size_t i);
ORF_API int orf_matdb_element_index(const orf_matdb *db, const char *symbol); /* -1 if absent */
/* The element a flowsheet values when it names none (the database's `default_valuable_element`,
 * "Cr" in data/materials.yaml), or NULL when the database names none. Borrowed from db. */
ORF_API const char *orf_matdb_default_valuable_element(const orf_matdb *db);
ORF_API size_t orf_matdb_material_count(const orf_matdb *db);
ORF_API const orf_material *orf_matdb_material(const orf_matdb *db, size_t i);
ORF_API int orf_matdb_material_index(const orf_matdb *db, const char *name); /* -1 if absent */
/* Names of all materials (borrowed array, for did-you-mean). */
ORF_API const char *const *orf_matdb_material_names(const orf_matdb *db);

/* Material property by name; returns `dflt` when the material does not carry it. */
ORF_API double orf_material_prop(const orf_material *m, const char *name, double dflt);
/* Mass fraction of element `el` (database index) in material m. */
ORF_API double orf_material_element_frac(const orf_material *m, int el);

/* Parse a chemical formula ("Cr2O3", "Mg3Si2O5(OH)4", "(Fe0.5Mg0.5)Cr2O4") into element moles.
 * counts must hold orf_matdb_element_count entries; they are set (not added). Returns ORF_OK or
 * ORF_E_INPUT (with message) for unknown elements or bad syntax. */
ORF_API orf_status orf_formula_parse(orf_ctx *ctx, const orf_matdb *db, const char *formula,
                                     const orf_loc *loc, double *counts);
/* Molar mass of a formula in g/mol; <0 on error (no diagnostic). */
ORF_API double orf_formula_molar_mass(const orf_matdb *db, const char *formula);

/* Assay conversion factor: for an oxide formula with exactly one element besides O ("Cr2O3",
 * "FeO", "SiO2"), sets *el and *factor so that oxide % = element % × factor. Returns 0 on
 * success, -1 if the formula is not such an oxide. */
ORF_API int orf_oxide_factor(const orf_matdb *db, const char *oxide, int *el, double *factor);

#ifdef __cplusplus
}
#endif
#endif
