/* Private helpers shared by the chemistry units (reactor, saf_ferrochrome, aluminothermic):
 * the thermo database, the material -> species map and workspaces sized in setup (from the
 * flowsheet's arena) so that compute allocates nothing. */
#ifndef ORF_CHEM_IMPL_H
#define ORF_CHEM_IMPL_H

#include "oreflow.h"
#include "oreflow/thermo.h"
#include "units_impl.h"

typedef struct orf__chem {
    orf_thermo_db *db;
    orf_chem_map *map;
    size_t nsp, nout;
    double *n;              /* nsp: mixed inlet species, kmol/h */
    double *tmp;            /* nsp: scratch */
    double *out;            /* nout * nsp: species per outlet, kmol/h */
    int *carrier;           /* nout * nsp: material per species at each outlet, -1 none */
    int *reach;             /* nsp: species that can appear at this unit */
    const char **out_names; /* nout: outlet stream names (borrowed from the YAML) */
    const char **in_names;  /* nin */
    size_t nin;
} orf__chem;

/* Load thermo data and build the map; outlets get carrier materials per species, preferring
 * phase out_phase[k] (-1: the species' own phase). Reaction products are marked reachable by
 * orf__chem_reach before orf__chem_check. The arrays come from the flowsheet's arena; the thermo
 * data and the map are external resources, released by orf__chem_teardown. */
orf_status orf__chem_init(orf_unit *u, orf_ctx *ctx, orf__chem *c, size_t nout,
                          const int *out_phase);
/* Teardown of a chemistry unit: its state starts with its orf__chem. */
void orf__chem_teardown(orf_unit *u, orf_ctx *ctx);
void orf__chem_reach(orf__chem *c, int species);
/* Every reachable species must have a carrier material at every outlet it may go to. `route`
 * (nsp entries, outlet index or -1 = any) limits where each species may go. */
orf_status orf__chem_check(orf_unit *u, orf_ctx *ctx, orf__chem *c, const int *route);
/* Mixed species flows of the inlets into c->n; returns the inlet enthalpy, kW. */
double orf__chem_mix(orf__chem *c, const orf_stream *const *in, size_t nin);
/* Write species flows n into stream `out` (zeroed first, all as bulk) at t_c; the species of
 * outlet k use the carriers of outlet k. Returns 0, or -1 when a species has no carrier. */
int orf__chem_write(const orf__chem *c, size_t k, const double *n, orf_stream *out, double t_c);
/* Enthalpy of species flows n at t_c, kW. */
double orf__chem_h_kw(const orf__chem *c, const double *n, double t_c);
/* Species index by name with a located did-you-mean diagnostic. */
int orf__chem_species(orf_ctx *ctx, const orf__chem *c, const orf_node *name, const char *unit);
/* Position of stream `name` among the unit's inlets/outlets (from the YAML), or -1. */
int orf__chem_inlet(const orf__chem *c, const char *name);
int orf__chem_outlet(const orf__chem *c, const char *name);
/* Mass flow of species flows n, t/h. */
double orf__chem_tph(const orf__chem *c, const double *n);
/* Element mass flow (t/h) of element symbol in species flows n. */
double orf__chem_element_tph(const orf__chem *c, const double *n, const char *el);

#endif
