/* oreflow — streams: what flows between unit operations.
 *
 * A flowsheet's *system* fixes the materials (nm), the particle size classes (ns) and the
 * composition (liberation) classes (nc). A stream holds, in one contiguous array of doubles:
 *
 *   x[0 .. P)               particulate mass flow, t/h, index ((pslot[m]*ns)+s)*nc + c ("solids")
 *   x[P .. P+nm)            bulk mass flow, t/h, of each material not resolved by size:
 *                           water, melts, gases, dissolved species (P = npm*ns*nc)
 *   x[P+nm]                 temperature, °C
 *
 * Only the *particulate materials* (npm of the nm) have particulate cells: the loader gives a
 * cell block to every material named in a feed's `mineralogy` (the feed is the only unit that
 * creates particles; every other unit moves or breaks existing ones, reactors write bulk) and to
 * the valuable mineral. pslot[m] is material m's block (0..npm-1, in material order), or -1 when
 * m lives in bulk only; pmat[k] is the material of block k. Loops over particulate cells walk
 * pmat[0..npm) (or skip materials for which orf_has_particles() is 0).
 *
 * so the solver copies, compares and accelerates a stream as one vector (no allocation in the
 * iteration loop). Water is the bulk entry of the material "water", which every system holds.
 *
 * Size classes are ordered coarse → fine: class s holds particles between sieve upper[s+1]
 * (exclusive lower bound, 0 for the pan) and upper[s]. Composition classes: class c has a volume
 * fraction vfrac[c] of the system's valuable mineral. A class flagged `liberated` holds pure
 * particles of each material; other classes hold composite particles whose density follows from
 * the mass of each material in the cell (mixture rule on volumes).
 * Ownership: orf_system and streams are owned by their flowsheet; views are borrowed.
 */
#ifndef OREFLOW_STREAM_H
#define OREFLOW_STREAM_H

#include "common.h"
#include "materials.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct orf_system {
    const orf_matdb *db;
    size_t nm, ns, nc;
    const orf_material **mat; /* nm materials (borrowed from db) */
    int *mat_db_index;        /* nm */
    int water;                /* index of water in mat[] (always present) */
    int valuable;             /* index of the valuable mineral (for liberation classes) or -1 */
    double *upper_um;         /* ns: top size of each class, µm (upper_um[0] = top size) */
    double *lower_um;         /* ns: bottom size of each class, µm (0 for the pan) */
    double *mid_um; /* ns: representative size, µm (sizes.mean: geometric (default) or arithmetic
                     * mean of the bounds; the pan: half its sieve) */
    double *vfrac;  /* nc: volume fraction of the valuable mineral in class c */
    int *liberated; /* nc: 1 if class c holds pure particles of each material */
    size_t nvar;    /* doubles per stream */
    size_t npm;     /* particulate materials (those with particulate cells) */
    int *pslot;     /* nm: block of material m's particulate cells (0..npm-1), or -1 */
    int *pmat;      /* npm: material index of each block, increasing */
    size_t npart;   /* npm*ns*nc */
} orf_system;

typedef struct orf_stream {
    const char *name;
    const orf_system *sys;
    double *x; /* nvar doubles (borrowed from the flowsheet's block) */
} orf_stream;

/* Index helpers. orf_ix: the particulate cell of material m, size class s, composition class c;
 * only for a material with particulate cells (orf_has_particles(y, m)), else out of range. */
static inline int orf_has_particles(const orf_system *y, size_t m)
{
    return y->pslot[m] >= 0;
}
static inline size_t orf_ix(const orf_system *y, size_t m, size_t s, size_t c)
{
    return ((size_t)y->pslot[m] * y->ns + s) * y->nc + c;
}
static inline double *orf_stream_bulk(const orf_stream *st)
{
    return st->x + st->sys->npart;
}
static inline double orf_stream_temp_c(const orf_stream *st)
{
    return st->x[st->sys->npart + st->sys->nm];
}
static inline void orf_stream_set_temp_c(orf_stream *st, double t)
{
    st->x[st->sys->npart + st->sys->nm] = t;
}

ORF_API void orf_stream_zero(orf_stream *st); /* all flows 0, temperature 25 °C */
ORF_API void orf_stream_copy(orf_stream *dst, const orf_stream *src);
/* dst += f * src for every flow; temperature mass-weighted mix (no heat of mixing). */
ORF_API void orf_stream_add(orf_stream *dst, const orf_stream *src, double f);

ORF_API double orf_stream_solids_tph(const orf_stream *st); /* particulate + bulk solid-phase */
ORF_API double orf_stream_particulate_tph(const orf_stream *st);
ORF_API double orf_stream_water_tph(const orf_stream *st);
ORF_API double orf_stream_phase_tph(const orf_stream *st,
                                    orf_phase ph); /* bulk of a phase (+ particulate if solid) */
ORF_API double orf_stream_total_tph(const orf_stream *st);
ORF_API double orf_stream_pct_solids(const orf_stream *st); /* mass %, of solids + water */
/* Slurry volume flow, m³/h (solids by density + water at 1000 kg/m³). */
ORF_API double orf_stream_slurry_m3h(const orf_stream *st);
/* Mass flow of material m, all classes plus bulk, t/h. */
ORF_API double orf_stream_material_tph(const orf_stream *st, size_t m);
/* Mass flow of element (db index) in the solids (particulate + bulk solid), t/h. */
ORF_API double orf_stream_element_solids_tph(const orf_stream *st, int el);
/* Mass flow of element in everything, t/h. */
ORF_API double orf_stream_element_tph(const orf_stream *st, int el);

/* Assay of the solids, mass %: an element symbol ("Cr"), an oxide ("Cr2O3"), a material of the
 * system ("chromite"), or a ratio "A/B" of two element symbols (e.g. "Cr/Fe", mass ratio).
 * Returns ORF_OK, or ORF_E_UNKNOWN_NAME when the name is none of these. NaN when no solids. */
ORF_API orf_status orf_stream_assay(const orf_stream *st, const char *name, double *out);

/* Cumulative % passing each class's upper size (ns values, coarse → fine), of particulate solids.
 */
ORF_API void orf_stream_passing(const orf_stream *st, double *pct_passing);
/* Size below which `pct` % of particulate solids passes, µm (log-linear interpolation between
 * sieves). NaN when no particulate solids. */
ORF_API double orf_stream_pxx_um(const orf_stream *st, double pct);
/* Particulate mass in size class s (all materials, compositions), t/h. */
ORF_API double orf_stream_size_tph(const orf_stream *st, size_t s);

/* A particle type: the unit a separator partitions. Either one material in a liberated class
 * (material >= 0) or the composite particles of a cell (material = -1). */
typedef struct orf_particle {
    size_t size;  /* size class */
    size_t comp;  /* composition class */
    int material; /* material index, or -1 for a composite cell */
    double d_um;  /* representative size, µm */
    double density_kg_m3;
    double mass_tph; /* mass flow of this particle type */
} orf_particle;

/* Volume-weighted mean of a material property over the particle type (e.g. magnetic
 * susceptibility); materials without the property count as `dflt`. */
ORF_API double orf_particle_prop(const orf_stream *st, const orf_particle *p, const char *prop,
                                 double dflt);
/* Mass fraction of material m in a particle type. */
ORF_API double orf_particle_mass_frac(const orf_stream *st, const orf_particle *p, size_t m);

/* Partition callback: fraction (0..1) of particle type p that reports to the first outlet. */
typedef double (*orf_partition_fn)(void *ctx, const orf_stream *in, const orf_particle *p);

/* Split the particulate solids of `in` between a and b by particle type; bulk flows are split
 * by `bulk_frac_a` (per material, may be NULL meaning all bulk to b), water by `water_frac_a`
 * (overrides bulk_frac_a for water). Temperature is copied. a and b are overwritten. */
ORF_API void orf_stream_split_particles(const orf_stream *in, orf_stream *a, orf_stream *b,
                                        orf_partition_fn fn, void *fnctx, const double *bulk_frac_a,
                                        double water_frac_a);
/* Iterate particle types with mass > 0: call `visit` for each; stops when it returns non-zero. */
ORF_API int orf_stream_foreach_particle(const orf_stream *st,
                                        int (*visit)(void *ctx, const orf_stream *st,
                                                     const orf_particle *p),
                                        void *vctx);

#ifdef __cplusplus
}
#endif
#endif
