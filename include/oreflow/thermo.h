/* oreflow — thermochemical data and reactions (data/thermo.yaml).
 *
 * Each species carries its standard enthalpy of formation, entropy and heat capacity as a list of
 * temperature ranges, each either a NASA Glenn 9-coefficient polynomial (McBride, Zehe & Gordon,
 * NASA/TP-2002-211556), a NIST Shomate polynomial (Chase, NIST-JANAF Tables 1998, as published in
 * the NIST WebBook) or a constant heat capacity (tabulated 298 K values). Successive ranges may be
 * different phases (Fe alpha/gamma/delta/liquid): they share one enthalpy scale, so latent heats
 * come out as steps of H(T). Enthalpies are absolute on the formation scale: H(298.15 K) of an
 * element in its reference state is 0 and that of a compound is its ΔfH°298.
 *
 * Units: temperature in K, enthalpy and Gibbs energy in J/mol, entropy and heat capacity in
 * J/(mol·K); the _kg variants are per kg of species. Outside the tabulated ranges the nearest
 * range is extrapolated with constant Cp (documented in docs/models.md).
 *
 * Ownership: an orf_thermo_db owns its species and reactions; pointers returned from it are
 * borrowed until orf_thermo_free. A loaded database is read-only and may be shared by threads.
 */
#ifndef OREFLOW_THERMO_H
#define OREFLOW_THERMO_H

#include "common.h"
#include "materials.h"
#include "node.h"
#include "stream.h"

#ifdef __cplusplus
extern "C" {
#endif

#define ORF_R_J_MOLK 8.314510 /* gas constant as used in the NASA Glenn file */
#define ORF_T0_K 298.15
#define ORF_NM3_PER_KMOL 22.414 /* ideal gas molar volume at 0 °C, 1 atm */

typedef enum {
    ORF_THERMO_NASA9 = 0,
    ORF_THERMO_SHOMATE = 1,
    ORF_THERMO_CONSTCP = 2
} orf_thermo_kind;

/* One temperature range of one species. */
typedef struct orf_thermo_range {
    orf_thermo_kind kind;
    double tmin_k, tmax_k;
    /* NASA9: c[0..6] = a1..a7, c[7] = b1, c[8] = b2.
     * SHOMATE: c[0..7] = A..H (NIST units: J/(mol·K), kJ/mol; t = T/1000).
     * CONSTCP: c[0] = ΔfH°298 J/mol, c[1] = S°298 J/(mol·K), c[2] = Cp J/(mol·K). */
    double c[10];
} orf_thermo_range;

/* Pure evaluation of one range (no extrapolation; the caller picks the range). */
ORF_API double orf_thermo_range_cp(const orf_thermo_range *r, double t_k);
ORF_API double orf_thermo_range_h(const orf_thermo_range *r, double t_k);
ORF_API double orf_thermo_range_s(const orf_thermo_range *r, double t_k);

typedef struct orf_species {
    const char *name;    /* "Cr2O3", "H2O(L)", "H2O" */
    const char *formula; /* "Cr2O3", "H2O" */
    const char *source;  /* citation of the data */
    orf_phase phase;     /* phase of the species as a stream material (solid, liquid, gas) */
    double molar_mass_g_mol;
    double *counts; /* element moles per mole of species, indexed by matdb element */
    size_t nr;
    orf_thermo_range *r; /* sorted by temperature, contiguous */
    orf_loc loc;
    /* 1: a reference state for solution models only (a supercooled liquid oxide of the melt,
     * thermo.yaml "solution_only: true"): never the species of a stream material, never a pure
     * phase of orf_eq_system_add_defaults. */
    int solution_only;
} orf_species;

typedef struct orf_thermo_db orf_thermo_db;

/* Load thermochemical data. Formulas are parsed with the elements of `mdb` (which must outlive the
 * thermo database). Diagnostics are located in the YAML file. */
ORF_API orf_status orf_thermo_load(orf_ctx *ctx, const char *path, const orf_matdb *mdb,
                                   orf_thermo_db **out);
/* Load $ORF_DATA_DIR/thermo.yaml. */
ORF_API orf_status orf_thermo_load_default(orf_ctx *ctx, const orf_matdb *mdb, orf_thermo_db **out);
ORF_API void orf_thermo_free(orf_thermo_db *db);

ORF_API size_t orf_thermo_count(const orf_thermo_db *db);
ORF_API const orf_species *orf_thermo_species(const orf_thermo_db *db, size_t i);
ORF_API int orf_thermo_index(const orf_thermo_db *db, const char *name); /* -1 if absent */
ORF_API const orf_matdb *orf_thermo_matdb(const orf_thermo_db *db);
/* Reference species that carries element `el` (matdb index) when a mineral given as an analysis
 * is split into species ("bridge" table of thermo.yaml: Cr -> Cr2O3, Fe -> FeO, ...); -1 if none.
 */
ORF_API int orf_thermo_bridge_species(const orf_thermo_db *db, int el);

/* Properties per mole of species (J/mol, J/(mol·K)). */
ORF_API double orf_species_h_j_mol(const orf_species *sp, double t_k);
ORF_API double orf_species_s_j_molk(const orf_species *sp, double t_k);
ORF_API double orf_species_g_j_mol(const orf_species *sp, double t_k);
ORF_API double orf_species_cp_j_molk(const orf_species *sp, double t_k);
/* Per kg of species (J/kg, J/(kg·K)). */
ORF_API double orf_species_h_j_kg(const orf_species *sp, double t_k);
ORF_API double orf_species_s_j_kgk(const orf_species *sp, double t_k);
ORF_API double orf_species_g_j_kg(const orf_species *sp, double t_k);
ORF_API double orf_species_cp_j_kgk(const orf_species *sp, double t_k);

/* ---- Reactions ------------------------------------------------------------------------------ */

#define ORF_REACTION_MAX_TERMS 16

typedef struct orf_reaction {
    const char *equation;              /* as written */
    size_t n;                          /* number of terms */
    int sp[ORF_REACTION_MAX_TERMS];    /* species index in the thermo database */
    double nu[ORF_REACTION_MAX_TERMS]; /* stoichiometric coefficient: <0 reactant, >0 product */
    orf_loc loc;
} orf_reaction;

/* Parse "Cr2O3 + 3 C -> 2 Cr + 3 CO" (also "=>", "=", "→"; coefficients may be decimals or
 * written glued as "3C" only when the species name does not itself start with a digit). Species
 * names are those of the thermo database. Checks the element balance to 1e-9 relative; an
 * unbalanced equation is an ORF_E_INPUT diagnostic at `loc` (give the YAML node's location)
 * naming each element that does not balance. `object` names the unit in the diagnostic. */
ORF_API orf_status orf_reaction_parse(orf_ctx *ctx, const orf_thermo_db *db, const char *equation,
                                      const orf_loc *loc, const char *object, orf_reaction *out);
/* Enthalpy of reaction per mole of reaction as written, all species at t_k, J/mol. */
ORF_API double orf_reaction_dh_j_mol(const orf_thermo_db *db, const orf_reaction *r, double t_k);
/* Gibbs energy of reaction, J/mol. */
ORF_API double orf_reaction_dg_j_mol(const orf_thermo_db *db, const orf_reaction *r, double t_k);
/* Largest element imbalance of a parsed reaction, relative to the element's total flow through
 * the reaction (0 for a balanced one). */
ORF_API double orf_reaction_imbalance(const orf_thermo_db *db, const orf_reaction *r);

/* ---- Streams as chemistry: materials -> species ------------------------------------------- */

/* How the materials of a flowsheet system map onto thermo species. A material whose name or
 * formula (with a compatible phase) is a species maps to it; a material given as an oxide analysis
 * maps each component formula to its species; any other material (a mineral formula such as
 * serpentine) is split by element over the "bridge" species of thermo.yaml, oxygen left over
 * oxidising FeO to Fe2O3 and then as O2. The split is exact in elements and mass. */
typedef struct orf_chem_map orf_chem_map;

/* Build the map (allocates through ctx). Errors name `object` and sit at `loc`. */
ORF_API orf_status orf_chem_map_alloc(orf_ctx *ctx, const orf_thermo_db *db, const orf_system *sys,
                                      const orf_loc *loc, const char *object, orf_chem_map **out);
ORF_API void orf_chem_map_free(orf_ctx *ctx, orf_chem_map *map);
ORF_API const orf_thermo_db *orf_chem_map_thermo(const orf_chem_map *map);
/* Moles of species s per kg of material m (mol/kg). */
ORF_API double orf_chem_map_mol_per_kg(const orf_chem_map *map, size_t m, size_t s);
/* System material that carries species s alone, preferring phase `prefer` (-1: the species' own
 * phase); -1 when the system has none. */
ORF_API int orf_chem_map_carrier(const orf_chem_map *map, int s, int prefer);
/* Species flows of a stream, kmol/h (n has orf_thermo_count entries; overwritten). */
ORF_API void orf_chem_stream_kmolh(const orf_chem_map *map, const orf_stream *st, double *n);
/* Enthalpy flow of a stream at its temperature, kW, on the formation scale:
 * Σ_i n_i H_i(T) over the species of all its materials (particulate and bulk). */
ORF_API double orf_chem_stream_enthalpy_kw(const orf_chem_map *map, const orf_stream *st);
/* Enthalpy flow of species flows n (kmol/h) at t_k, kW. */
ORF_API double orf_chem_enthalpy_kw(const orf_thermo_db *db, const double *n_kmolh, double t_k);

#ifdef __cplusplus
}
#endif
#endif
