/* Chemical equilibrium by Gibbs energy minimisation: the system (species in phases), the
 * workspace, the checks of a call and the results; the heat-balance mode (T at given H) is in
 * equilibrium_h.c. The minimisation itself is in equilibrium_solve.c (its LPs in equilibrium_lp.c);
 * equations and sources in include/oreflow/equilibrium.h and docs/models.md ("Equilibrium engine").
 */
#include "oreflow/equilibrium.h"

#include <math.h>
#include <string.h>

#include "equilibrium_impl.h"
#include "thermo_impl.h"

/* ---- the system ------------------------------------------------------------------------------ */

orf_status orf_eq_system_alloc(orf_ctx *ctx, const orf_thermo_db *db, orf_eq_system **out)
{
    *out = NULL;
    if (!db)
        return orf_diag_emit(ctx, ORF_E_INPUT, NULL, NULL, "equilibrium: no thermo database");
    orf_eq_system *s = orf_calloc(ctx, 1, sizeof *s);
    if (!s)
        return orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL, "out of memory");
    s->ctx = ctx;
    s->db = db;
    s->nel = db->nel;
    *out = s;
    return ORF_OK;
}

void orf_eq_system_free(orf_eq_system *s)
{
    if (!s)
        return;
    for (size_t p = 0; p < s->np; p++)
        orf_free(s->ctx, s->ph[p].w);
    orf_free(s->ctx, s->ph);
    orf_free(s->ctx, s->thermo);
    orf_free(s->ctx, s->phase);
    orf_free(s->ctx, s);
}

static orf_status grow(orf_eq_system *s, size_t add)
{
    if (s->ns + add > s->cap_s) {
        size_t cap = (s->ns + add) * 2;
        int *t = orf_realloc(s->ctx, s->thermo, cap * sizeof *t);
        if (!t)
            return orf_diag_emit(s->ctx, ORF_E_NOMEM, NULL, NULL, "out of memory");
        s->thermo = t;
        int *p = orf_realloc(s->ctx, s->phase, cap * sizeof *p);
        if (!p)
            return orf_diag_emit(s->ctx, ORF_E_NOMEM, NULL, NULL, "out of memory");
        s->phase = p;
        s->cap_s = cap;
    }
    if (s->np + 1 > s->cap_p) {
        size_t cap = (s->np + 1) * 2;
        orf__eq_phase *ph = orf_realloc(s->ctx, s->ph, cap * sizeof *ph);
        if (!ph)
            return orf_diag_emit(s->ctx, ORF_E_NOMEM, NULL, NULL, "out of memory");
        s->ph = ph;
        s->cap_p = cap;
    }
    return ORF_OK;
}

orf_status orf_eq_system_add_phase(orf_eq_system *s, const char *name, orf_eq_phase_kind kind,
                                   const char *const *species, size_t n, int *phase)
{
    orf_ctx *ctx = s->ctx;
    if (n == 0 || (kind == ORF_EQ_PURE && n != 1))
        return orf_diag_emit(ctx, ORF_E_INPUT, NULL, name,
                             "equilibrium phase '%s': a pure phase has one species, a solution "
                             "at least one (found %zu)",
                             name, n);
    for (size_t p = 0; p < s->np; p++)
        if (!strcmp(s->ph[p].name, name))
            return orf_diag_emit(ctx, ORF_E_INPUT, NULL, name,
                                 "equilibrium phase '%s' is defined twice", name);
    orf_status st = grow(s, n);
    if (st)
        return st;
    for (size_t i = 0; i < n; i++) {
        int t = orf_thermo_index(s->db, species[i]);
        if (t < 0) {
            st = orf_diag_emit(ctx, ORF_E_UNKNOWN_NAME, NULL, name,
                               "equilibrium phase '%s': unknown species '%s'", name, species[i]);
            orf_diag_hint_nearest(ctx, species[i], s->db->names, s->db->nsp);
            return st;
        }
        int gas = s->db->sp[t].phase == ORF_PHASE_GAS;
        if (gas != (kind == ORF_EQ_GAS))
            return orf_diag_emit(ctx, ORF_E_INPUT, NULL, name,
                                 "equilibrium phase '%s': species '%s' is %s data, the phase "
                                 "is %s",
                                 name, species[i], gas ? "gas" : "condensed",
                                 kind == ORF_EQ_GAS ? "a gas" : "condensed");
        for (size_t j = 0; j < i; j++)
            if (s->thermo[s->ns + j] == t)
                return orf_diag_emit(ctx, ORF_E_INPUT, NULL, name,
                                     "equilibrium phase '%s': species '%s' listed twice", name,
                                     species[i]);
        s->thermo[s->ns + i] = t;
        s->phase[s->ns + i] = (int)s->np;
    }
    orf__eq_phase *ph = &s->ph[s->np];
    memset(ph, 0, sizeof *ph);
    if (!(ph->name = orf_ctx_strdup(ctx, name)))
        return orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL, "out of memory");
    if (kind == ORF_EQ_REGULAR && !(ph->w = orf_calloc(ctx, n * n, sizeof(double))))
        return orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL, "out of memory");
    ph->kind = kind;
    ph->first = s->ns;
    ph->n = n;
    s->ns += n;
    if (phase)
        *phase = (int)s->np;
    s->np++;
    return ORF_OK;
}

orf_status orf_eq_system_set_w(orf_eq_system *s, int phase, const char *a, const char *b,
                               double w_j_mol)
{
    if (phase < 0 || (size_t)phase >= s->np || s->ph[phase].kind != ORF_EQ_REGULAR)
        return orf_diag_emit(s->ctx, ORF_E_INPUT, NULL, NULL,
                             "equilibrium: interaction parameters belong to a regular solution");
    orf__eq_phase *ph = &s->ph[phase];
    int ia = orf_eq_species_find(s, a, phase), ib = orf_eq_species_find(s, b, phase);
    if (ia < 0 || ib < 0 || ia == ib || !isfinite(w_j_mol))
        return orf_diag_emit(s->ctx, ORF_E_INPUT, NULL, ph->name,
                             "equilibrium phase '%s': W(%s, %s) needs two different species of "
                             "the phase and a finite value",
                             ph->name, a, b);
    size_t i = (size_t)ia - ph->first, j = (size_t)ib - ph->first;
    ph->w[i * ph->n + j] = ph->w[j * ph->n + i] = w_j_mol;
    return ORF_OK;
}

static int made_of(const orf_eq_system *s, const orf_species *sp, const char *const *elements)
{
    if (!elements)
        return 1;
    const orf_matdb *mdb = s->db->mdb;
    for (size_t e = 0; e < s->nel; e++) {
        if (sp->counts[e] == 0.0)
            continue;
        const char *sym = orf_matdb_element(mdb, e)->symbol;
        size_t k = 0;
        while (elements[k] && strcmp(elements[k], sym))
            k++;
        if (!elements[k])
            return 0;
    }
    return 1;
}

static int listed(const char *name, const char *const *list)
{
    for (size_t k = 0; list && list[k]; k++)
        if (!strcmp(list[k], name))
            return 1;
    return 0;
}

orf_status orf_eq_system_add_defaults(orf_eq_system *s, const char *const *elements,
                                      const char *const *exclude)
{
    const orf_thermo_db *db = s->db;
    size_t ngas = 0;
    const char **names = orf_malloc(s->ctx, (db->nsp + 1) * sizeof *names);
    if (!names)
        return orf_diag_emit(s->ctx, ORF_E_NOMEM, NULL, NULL, "out of memory");
    for (size_t i = 0; i < db->nsp; i++)
        if (db->sp[i].phase == ORF_PHASE_GAS && made_of(s, &db->sp[i], elements) &&
            !listed(db->sp[i].name, exclude))
            names[ngas++] = db->sp[i].name;
    orf_status st = ORF_OK;
    if (ngas)
        st = orf_eq_system_add_phase(s, "gas", ORF_EQ_GAS, names, ngas, NULL);
    orf_free(s->ctx, names);
    for (size_t i = 0; !st && i < db->nsp; i++)
        if (db->sp[i].phase != ORF_PHASE_GAS && db->sp[i].phase != ORF_PHASE_AQUEOUS &&
            !db->sp[i].solution_only && made_of(s, &db->sp[i], elements) &&
            !listed(db->sp[i].name, exclude)) {
            const char *one[1] = {db->sp[i].name};
            st = orf_eq_system_add_phase(s, db->sp[i].name, ORF_EQ_PURE, one, 1, NULL);
        }
    return st;
}

orf_ctx *orf_eq_system_ctx(const orf_eq_system *s)
{
    return s->ctx;
}

int orf_eq_system_knows(const orf_eq_system *s, const char *name)
{
    return orf_thermo_index(s->db, name) >= 0;
}

size_t orf_eq_species_count(const orf_eq_system *s)
{
    return s ? s->ns : 0;
}
size_t orf_eq_phase_count(const orf_eq_system *s)
{
    return s ? s->np : 0;
}
int orf_eq_species_find(const orf_eq_system *s, const char *name, int phase)
{
    for (size_t i = 0; s && i < s->ns; i++)
        if ((phase < 0 || s->phase[i] == phase) && !strcmp(s->db->sp[s->thermo[i]].name, name))
            return (int)i;
    return -1;
}
const orf_species *orf_eq_species_get(const orf_eq_system *s, size_t i)
{
    return i < s->ns ? &s->db->sp[s->thermo[i]] : NULL;
}
int orf_eq_species_phase(const orf_eq_system *s, size_t i)
{
    return i < s->ns ? s->phase[i] : -1;
}
const char *orf_eq_phase_name(const orf_eq_system *s, size_t p)
{
    return p < s->np ? s->ph[p].name : NULL;
}
orf_eq_phase_kind orf_eq_phase_kind_of(const orf_eq_system *s, size_t p)
{
    return p < s->np ? s->ph[p].kind : ORF_EQ_PURE;
}
void orf_eq_phase_species(const orf_eq_system *s, size_t p, size_t *first, size_t *count)
{
    *first = p < s->np ? s->ph[p].first : 0;
    *count = p < s->np ? s->ph[p].n : 0;
}

double orf_eq_excess_h_j(const orf_eq_system *s, size_t p, const double *n)
{
    if (p >= s->np || s->ph[p].kind != ORF_EQ_REGULAR || !s->ph[p].w)
        return 0.0;
    const orf__eq_phase *ph = &s->ph[p];
    double tot = 0.0, e = 0.0;
    for (size_t i = 0; i < ph->n; i++)
        tot += n[ph->first + i] > 0 ? n[ph->first + i] : 0.0;
    if (!(tot > 0))
        return 0.0;
    for (size_t i = 0; i < ph->n; i++)
        for (size_t j = i + 1; j < ph->n; j++) {
            double ni = n[ph->first + i], nj = n[ph->first + j];
            if (ni > 0 && nj > 0)
                e += ni * nj * ph->w[i * ph->n + j];
        }
    return e / tot; /* N Σ x_i x_j W_ij */
}

double orf_eq_enthalpy_j(const orf_eq_system *s, const double *n, double t_k)
{
    double h = 0.0;
    for (size_t i = 0; i < s->ns; i++)
        if (n[i] != 0.0)
            h += n[i] * orf_species_h_j_mol(&s->db->sp[s->thermo[i]], t_k);
    return h;
}

/* ---- the workspace --------------------------------------------------------------------------- */

orf_status orf_eq_work_alloc(const orf_eq_system *s, orf_eq_work **out)
{
    orf_ctx *ctx = s->ctx;
    *out = NULL;
    if (s->ns == 0)
        return orf_diag_emit(ctx, ORF_E_INPUT, NULL, NULL,
                             "equilibrium: the system has no species");
    orf_eq_work *w = orf_calloc(ctx, 1, sizeof *w);
    if (!w)
        return orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL, "out of memory");
    w->ctx = ctx;
    w->sys = s;
    w->mu0_t_k = -1.0;
    w->ns = s->ns;
    w->np = s->np;
    w->ne = s->nel ? s->nel : 1;
    w->mmax = w->ns + w->ne;
    size_t ns = w->ns, ne = w->ne, np = w->np, tab = (ne + 1) * (ns + ne + 1);
    w->a = orf_calloc(ctx, ns * ne, sizeof(double));
    w->mu0 = orf_calloc(ctx, ns, sizeof(double));
    w->mu = orf_calloc(ctx, ns, sizeof(double));
    w->n = orf_calloc(ctx, ns, sizeof(double));
    w->lnn = orf_calloc(ctx, ns, sizeof(double));
    w->gam = orf_calloc(ctx, ns, sizeof(double));
    w->q = orf_calloc(ctx, ns, sizeof(double));
    w->cost = orf_calloc(ctx, ns, sizeof(double));
    w->lpn = orf_calloc(ctx, ns, sizeof(double));
    w->pprev = orf_calloc(ctx, ne, sizeof(double));
    w->b = orf_calloc(ctx, ne, sizeof(double));
    w->pi = orf_calloc(ctx, ne, sizeof(double));
    w->lambda = orf_calloc(ctx, ne, sizeof(double));
    w->phase_n = orf_calloc(ctx, np, sizeof(double));
    w->pq = orf_calloc(ctx, np, sizeof(double));
    w->present = orf_calloc(ctx, np, sizeof(int));
    w->elig = orf_calloc(ctx, ns, sizeof(int));
    w->var = orf_calloc(ctx, ns, sizeof(int));
    w->rows = orf_calloc(ctx, ne, sizeof(int));
    w->m = orf_calloc(ctx, w->mmax * w->mmax, sizeof(double));
    w->rhs = orf_calloc(ctx, w->mmax, sizeof(double));
    w->piv = orf_calloc(ctx, w->mmax, sizeof(int));
    w->rmax = orf_calloc(ctx, w->mmax, sizeof(double));
    size_t nmax = 0;
    for (size_t p = 0; p < np; p++)
        nmax = s->ph[p].n > nmax ? s->ph[p].n : nmax;
    w->rred = orf_calloc(ctx, w->mmax, sizeof(double));
    w->zr = orf_calloc(ctx, ns * ne, sizeof(double));
    w->yr = orf_calloc(ctx, ns, sizeof(double));
    w->mp = orf_calloc(ctx, nmax * (nmax + ne + 1), sizeof(double));
    w->aidx = orf_calloc(ctx, ns, sizeof(int));
    w->pcol = orf_calloc(ctx, np, sizeof(int));
    w->rsc = orf_calloc(ctx, w->mmax, sizeof(double));
    w->rpiv = orf_calloc(ctx, w->mmax, sizeof(int));
    w->rres = orf_calloc(ctx, ne, sizeof(double));
    w->dnr = orf_calloc(ctx, ns, sizeof(double));
    w->ar = orf_calloc(ctx, ns * ne, sizeof(double));
    w->tab = orf_calloc(ctx, tab > ns * ne ? tab : ns * ne, sizeof(double));
    w->basis = orf_calloc(ctx, ne, sizeof(int));
    w->warned = orf_calloc(ctx, ns, sizeof(int));
    if (!w->a || !w->mu0 || !w->mu || !w->n || !w->lnn || !w->gam || !w->q || !w->cost || !w->lpn ||
        !w->b || !w->pi || !w->lambda || !w->phase_n || !w->pq || !w->present || !w->elig ||
        !w->var || !w->rows || !w->m || !w->rhs || !w->piv || !w->rmax || !w->rred || !w->zr ||
        !w->yr || !w->mp || !w->aidx || !w->pcol || !w->rsc || !w->rpiv || !w->rres || !w->dnr ||
        !w->ar || !w->tab || !w->basis || !w->warned) {
        orf_eq_work_free(w);
        return orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL, "out of memory");
    }
    size_t nnz = 0;
    for (size_t i = 0; i < ns; i++)
        for (size_t e = 0; e < s->nel; e++)
            nnz += (w->a[i * ne + e] = s->db->sp[s->thermo[i]].counts[e]) != 0.0;
    /* the nonzero element counts by species and by element: the element balance of the feed and
     * the eligible species look at these only (the matdb has many more elements than a system) */
    w->sp_el = orf_calloc(ctx, nnz + 1, sizeof(int));
    w->sp_el0 = orf_calloc(ctx, ns + 1, sizeof(int));
    w->el_sp = orf_calloc(ctx, nnz + 1, sizeof(int));
    w->el_sp0 = orf_calloc(ctx, ne + 1, sizeof(int));
    w->key_el = orf_calloc(ctx, ne, sizeof(int));
    w->key_elig = orf_calloc(ctx, ns, sizeof(int));
    if (!w->sp_el || !w->sp_el0 || !w->el_sp || !w->el_sp0 || !w->key_el || !w->key_elig) {
        orf_eq_work_free(w);
        return orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL, "out of memory");
    }
    for (size_t i = 0, k = 0; i < ns; i++, w->sp_el0[i] = (int)k)
        for (size_t e = 0; e < ne; e++)
            if (w->a[i * ne + e] != 0.0)
                w->sp_el[k++] = (int)e;
    for (size_t e = 0, k = 0; e < ne; e++, w->el_sp0[e] = (int)k)
        for (size_t i = 0; i < ns; i++)
            if (w->a[i * ne + e] != 0.0)
                w->el_sp[k++] = (int)i;
    *out = w;
    return ORF_OK;
}

void orf_eq_work_free(orf_eq_work *w)
{
    if (!w)
        return;
    orf_ctx *ctx = w->ctx;
    double *d[] = {w->a,    w->mu0, w->mu,      w->n,     w->lnn,    w->gam,  w->q,
                   w->cost, w->lpn, w->b,       w->pi,    w->lambda, w->pq,   w->m,
                   w->rhs,  w->tab, w->phase_n, w->pprev, w->rmax,   w->rred, w->zr,
                   w->yr,   w->mp,  w->rsc,     w->rres,  w->dnr,    w->ar};
    int *k[] = {w->present,  w->elig,  w->var,    w->rows,  w->piv,    w->basis,
                w->warned,   w->sp_el, w->sp_el0, w->el_sp, w->el_sp0, w->key_el,
                w->key_elig, w->aidx,  w->pcol,   w->rpiv};
    for (size_t i = 0; i < sizeof d / sizeof *d; i++)
        orf_free(ctx, d[i]);
    for (size_t i = 0; i < sizeof k / sizeof *k; i++)
        orf_free(ctx, k[i]);
    orf_free(ctx, w);
}

void orf_eq_options_init(orf_eq_options *o)
{
    o->max_iter = 300;
    o->tol = 1e-13;
    o->start = ORF_EQ_START_LEVEL;
    o->strict_range = 0;
}

/* ---- one solve ------------------------------------------------------------------------------- */

/* Independent element rows among the present elements over the eligible species (Gaussian
 * elimination with partial pivoting on a copy): a feed of H2O alone has H and O in a fixed ratio,
 * so only one of the two balances is independent. */
static void independent_rows(orf_eq_work *w, const int *present_el)
{
    size_t ns = w->ns, ne = w->ne, r = 0;
    /* a function of the present elements and the eligible species only: kept while they are
     * those of the last call (a unit solving the same charge at other T or amounts) */
    if (w->have_rows && !memcmp(w->key_el, present_el, ne * sizeof(int)) &&
        !memcmp(w->key_elig, w->elig, ns * sizeof(int)))
        return;
    memcpy(w->key_el, present_el, ne * sizeof(int));
    memcpy(w->key_elig, w->elig, ns * sizeof(int));
    w->have_rows = 1;
    double *c = w->tab; /* ne × ns copy */
    for (size_t e = 0; e < ne; e++)
        for (size_t i = 0; i < ns; i++)
            c[e * ns + i] = (present_el[e] && w->elig[i]) ? w->a[i * ne + e] : 0.0;
    w->nrows = 0;
    for (size_t e = 0; e < ne; e++) {
        if (!present_el[e])
            continue;
        double *row = c + e * ns, scale = 0.0;
        for (size_t i = 0; i < ns; i++) { /* fmax from 0 (NaN left out), without the call */
            double v = fabs(w->a[i * ne + e] * w->elig[i]);
            scale = v > scale ? v : scale;
        }
        /* reduce by the rows kept so far (each normalised at its pivot column basis[]) */
        for (size_t k = 0; k < r; k++) {
            const double *kr = c + (size_t)w->rows[k] * ns;
            double f = row[w->basis[k]];
            if (f != 0.0)
                for (size_t i = 0; i < ns; i++)
                    row[i] -= f * kr[i];
        }
        size_t best = 0;
        for (size_t i = 1; i < ns; i++)
            if (fabs(row[i]) > fabs(row[best]))
                best = i;
        if (!(fabs(row[best]) > 1e-9 * scale))
            continue; /* dependent */
        double p = row[best];
        for (size_t i = 0; i < ns; i++)
            row[i] /= p;
        w->rows[r] = (int)e;
        w->basis[r] = (int)best;
        r++;
    }
    w->nrows = r;
    for (size_t i = 0; i < ns; i++)
        for (size_t k = 0; k < r; k++)
            w->ar[i * r + k] = w->a[i * ne + (size_t)w->rows[k]];
}

static orf_status check_range(orf_eq_work *w, double t, const orf_eq_options *o)
{
    const orf_eq_system *s = w->sys;
    size_t inside = 0, out = 0;
    orf_status st = ORF_OK;
    for (size_t i = 0; i < w->ns; i++) {
        const orf_species *sp = &s->db->sp[s->thermo[i]];
        double lo = sp->r[0].tmin_k, hi = sp->r[sp->nr - 1].tmax_k;
        if (t >= lo && t <= hi) {
            inside++;
            continue;
        }
        if (!w->elig[i])
            continue;
        /* another state of the same formula has data at t (H2O(L) above 500 K beside steam): the
         * data of this one end at its transition, so it is not a candidate here */
        int superseded = 0;
        for (size_t j = 0; j < w->ns && !superseded; j++) {
            const orf_species *q = &s->db->sp[s->thermo[j]];
            superseded = j != i && w->elig[j] && strcmp(q->formula, sp->formula) == 0 &&
                         t >= q->r[0].tmin_k && t <= q->r[q->nr - 1].tmax_k;
        }
        if (superseded) {
            w->elig[i] = 0;
            continue;
        }
        out++;
        if (o->strict_range)
            st = orf_diag_emit(w->ctx, ORF_E_RANGE, &sp->loc, sp->name,
                               "equilibrium at %g K: species '%s' has data for %g-%g K only", t,
                               sp->name, lo, hi);
        else if (!w->warned[i]) {
            w->warned[i] = 1;
            orf_diag_warn(w->ctx, &sp->loc, sp->name,
                          "equilibrium at %g K: species '%s' has data for %g-%g K only; "
                          "extrapolated with constant Cp",
                          t, sp->name, lo, hi);
        }
    }
    if (!st && inside == 0)
        st = orf_diag_emit(w->ctx, ORF_E_RANGE, NULL, NULL,
                           "equilibrium at %g K: outside the data of every species", t);
    return st ? st : (orf_status)out;
}

orf_status orf_eq_solve_tp(orf_eq_work *w, const double *feed, double t_k, double p_bar,
                           const orf_eq_options *opt, orf_eq_result *res)
{
    orf_eq_options dflt;
    if (!opt) {
        orf_eq_options_init(&dflt);
        opt = &dflt;
    }
    const orf_eq_system *s = w->sys;
    orf_ctx *ctx = w->ctx;
    memset(res, 0, sizeof *res);
    if (s->ns != w->ns || s->np != w->np)
        return orf_diag_emit(ctx, ORF_E_INPUT, NULL, NULL,
                             "equilibrium: phases were added after the workspace was made");
    if (!(t_k > 0) || !isfinite(t_k) || !(p_bar > 0) || !isfinite(p_bar))
        return orf_diag_emit(ctx, ORF_E_RANGE, NULL, NULL,
                             "equilibrium: temperature (%g K) and pressure (%g bar) must be "
                             "positive and finite",
                             t_k, p_bar);
    size_t ne = w->ne;
    double *restrict b = w->b;
    const double *restrict a = w->a;
    memset(b, 0, ne * sizeof(double));
    for (size_t i = 0; i < w->ns; i++) {
        if (!(feed[i] >= 0) || !isfinite(feed[i]))
            return orf_diag_emit(ctx, ORF_E_INPUT, NULL, orf_eq_species_get(s, i)->name,
                                 "equilibrium: the amount of '%s' is %g; amounts are finite and "
                                 "not negative",
                                 orf_eq_species_get(s, i)->name, feed[i]);
        /* the nonzero terms only, in the same order: adding an exact 0 changes no sum */
        if (feed[i] != 0.0)
            for (int k = w->sp_el0[i]; k < w->sp_el0[i + 1]; k++)
                b[w->sp_el[k]] += feed[i] * a[i * ne + (size_t)w->sp_el[k]];
    }
    int *present_el = w->piv; /* scratch until the minimisation */
    size_t nel = 0;
    for (size_t e = 0; e < ne; e++)
        nel += (present_el[e] = b[e] > 0.0);
    if (nel == 0)
        return orf_diag_emit(ctx, ORF_E_INPUT, NULL, NULL,
                             "equilibrium: the feed carries no element (all amounts zero)");
    /* a species is eligible when it holds none of the absent elements: only those are looked at
     * (usually none or a few of the ne) */
    for (size_t i = 0; i < w->ns; i++)
        w->elig[i] = 1;
    for (size_t e = 0; nel < ne && e < ne; e++)
        if (!present_el[e])
            for (int k = w->el_sp0[e]; k < w->el_sp0[e + 1]; k++)
                w->elig[w->el_sp[k]] = 0;
    orf_status rg = check_range(w, t_k, opt);
    if (rg < 0)
        return rg;
    /* the standard potentials depend on T and P only: kept from the last call at the same T and
     * P (a furnace solved many times at its tap temperature) */
    if (!(w->mu0_t_k == t_k && w->mu0_p_bar == p_bar)) {
        w->mu0_t_k = -1.0;
        double lnp = log(p_bar);
        for (size_t i = 0; i < w->ns; i++) {
            const orf_species *sp = &s->db->sp[s->thermo[i]];
            w->mu0[i] = orf_species_g_j_mol(sp, t_k) / (ORF_R_J_MOLK * t_k) +
                        (s->ph[s->phase[i]].kind == ORF_EQ_GAS ? lnp : 0.0);
            if (!isfinite(w->mu0[i]))
                return orf_diag_emit(ctx, ORF_E_NUMERIC, &sp->loc, sp->name,
                                     "equilibrium: G of '%s' at %g K is not finite", sp->name, t_k);
        }
        w->mu0_t_k = t_k;
        w->mu0_p_bar = p_bar;
    }
    independent_rows(w, present_el);
    if (opt->start == ORF_EQ_START_LAST && !(w->have_last && w->p_bar == p_bar))
        w->have_last = 0;
    w->t_k = t_k;
    w->p_bar = p_bar;
    int it = 0;
    orf_status st = orf__eq_minimise(w, feed, opt, &it);
    w->have_last = st == ORF_OK;
    res->iterations = it;
    if (st)
        return st;
    /* results */
    double rt = ORF_R_J_MOLK * t_k, worst = 0.0;
    for (size_t e = 0; e < ne; e++) {
        w->lambda[e] = w->pi[e] * rt;
        if (w->b[e] > 0) {
            double sum = 0.0;
            for (size_t i = 0; i < w->ns; i++)
                sum += w->n[i] * w->a[i * ne + e];
            worst = fmax(worst, fabs(sum - w->b[e]) / w->b[e]);
        }
    }
    res->t_k = t_k;
    res->p_bar = p_bar;
    res->n = w->n;
    res->phase_n = w->phase_n;
    res->present = w->present;
    res->lambda = w->lambda;
    res->balance_error = worst;
    res->out_of_range = (size_t)rg;
    for (size_t i = 0; i < w->ns; i++)
        if (w->n[i] > 0)
            res->g_j += w->n[i] * w->mu[i] * rt;
    res->h_j = orf_eq_enthalpy_j(s, w->n, t_k);
    return ORF_OK;
}
