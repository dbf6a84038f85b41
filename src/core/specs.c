/* Design specifications: loading (`specs:` of docs/format.md) and meeting them.
 *
 * Each spec adjusts one numeric parameter so that a stream quantity (or a unit result) reaches a
 * target, by Brent's method (Brent 1973, ch. 4) on a bracket found by secant steps from the
 * parameter's current value (a warm start), or else over the user's bracket; several specs are
 * met by Gauss–Seidel passes over them (orf_flowsheet_solve, solver.c). Every trial value re-solves
 * only the blocks between the adjusted unit and the target (planner.c marks them). */
#include "flowsheet_impl.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <float.h>

orf_status orf__load_specs(orf_flowsheet *fs, const orf_node *root)
{
    orf_ctx *ctx = fs->ctx;
    const orf_node *sl = orf_node_get(root, "specs");
    if (!sl)
        return ORF_OK;
    if (orf_node_expect(ctx, sl, ORF_NODE_SEQ, "'specs'"))
        return ORF_E_INPUT;
    fs->specs = orf__fs_alloc(fs, sl->n, sizeof *fs->specs);
    if (!fs->specs)
        return orf__fs_oom(ctx);
    orf_status st = ORF_OK;
    static const char *const skeys[] = {"name", "adjust", "target", "enabled", NULL};
    static const char *const akeys[] = {"unit", "param", "min", "max", "prefer", NULL};
    static const char *const tkeys[] = {"stream", "assay",   "quantity", "unit", "result",
                                        "value",  "at_most", "at_least", NULL};
    static const char *const quantities[] = {"solids_tph", "water_tph", "pct_solids", "total_tph",
                                             NULL};
    for (size_t i = 0; i < sl->n; i++) {
        const orf_node *sn = sl->items[i];
        if (orf_node_expect(ctx, sn, ORF_NODE_MAP, "a design spec")) {
            st = ORF_E_INPUT;
            continue;
        }
        if (orf_node_check_keys(ctx, sn, skeys, "a design spec")) {
            st = ORF_E_INPUT;
            continue;
        }
        orf__spec *sp = &fs->specs[fs->nspecs];
        memset(sp, 0, sizeof *sp);
        sp->loc = sn->loc;
        sp->stream = -1;
        sp->result_unit = -1;
        const orf_node *nn = orf_node_get(sn, "name");
        char dflt_name[32];
        snprintf(dflt_name, sizeof dflt_name, "spec%zu", i + 1);
        sp->info.name =
            nn && nn->kind == ORF_NODE_SCALAR ? nn->str : orf__arena_strdup(&fs->arena, dflt_name);
        sp->enabled = 1.0;
        const orf_node *en = orf_node_get(sn, "enabled");
        int on = 1;
        if (en && orf_node_bool(ctx, en, "spec 'enabled'", &on)) {
            st = ORF_E_INPUT;
            continue;
        }
        sp->enabled = on ? 1.0 : 0.0;
        const orf_node *an = orf_node_get(sn, "adjust"), *tn = orf_node_get(sn, "target");
        if (orf_node_expect(ctx, an, ORF_NODE_MAP, "spec 'adjust'") ||
            orf_node_expect(ctx, tn, ORF_NODE_MAP, "spec 'target'") ||
            orf_node_check_keys(ctx, an, akeys, "spec 'adjust'") ||
            orf_node_check_keys(ctx, tn, tkeys, "spec 'target'")) {
            if (!an || !tn)
                orf_diag_emit(ctx, ORF_E_INPUT, &sn->loc, sp->info.name,
                              "a design spec needs 'adjust' and 'target'");
            st = ORF_E_INPUT;
            continue;
        }
        const char *uname, *pname;
        const orf_node *un = orf_node_get(an, "unit"), *pn = orf_node_get(an, "param");
        if (orf_node_string(ctx, un, "adjust.unit", &uname) ||
            orf_node_string(ctx, pn, "adjust.param", &pname)) {
            if (!un || !pn)
                orf_diag_emit(ctx, ORF_E_INPUT, &an->loc, sp->info.name,
                              "adjust needs 'unit' and 'param'");
            st = ORF_E_INPUT;
            continue;
        }
        int ui = orf_flowsheet_unit_index(fs, uname);
        if (ui < 0) {
            st = orf_diag_emit(ctx, ORF_E_UNKNOWN_NAME, &un->loc, sp->info.name,
                               "spec adjusts unknown unit '%s'", uname);
            continue;
        }
        sp->param = orf_flowsheet_param_ref(fs, uname, pname);
        if (!sp->param) {
            st = orf_diag_emit(ctx, ORF_E_UNKNOWN_NAME, &pn->loc, sp->info.name,
                               "unit '%s' has no numeric parameter '%s'", uname, pname);
            continue;
        }
        sp->info.unit = uname;
        sp->info.param = pname;
        int pidx = orf_unit_param_index(fs->units[ui].type, pname);
        sp->lo = pidx >= 0 ? fs->units[ui].type->params[pidx].min : -1e300;
        sp->hi = pidx >= 0 ? fs->units[ui].type->params[pidx].max : 1e300;
        const orf_node *v;
        if ((v = orf_node_get(an, "min")) && orf_node_number(ctx, v, "adjust.min", &sp->lo))
            st = ORF_E_INPUT;
        if ((v = orf_node_get(an, "max")) && orf_node_number(ctx, v, "adjust.max", &sp->hi))
            st = ORF_E_INPUT;
        if (!(sp->lo < sp->hi) || !isfinite(sp->lo) || !isfinite(sp->hi) || fabs(sp->lo) > 1e299 ||
            fabs(sp->hi) > 1e299) {
            st = orf_diag_emit(ctx, ORF_E_RANGE, &an->loc, sp->info.name,
                               "adjust needs a finite bracket min < max (found %g, %g)", sp->lo,
                               sp->hi);
            continue;
        }
        sp->info.min = sp->lo;
        sp->info.max = sp->hi;
        /* an equality target (value), or a constraint (at_most / at_least) met by moving the
         * parameter as far toward `prefer` as it allows: a blend of two sources to a limit */
        const orf_node *vn = orf_node_get(tn, "value"), *mn = orf_node_get(tn, "at_most"),
                       *ln = orf_node_get(tn, "at_least"), *prn = orf_node_get(an, "prefer");
        if ((vn != NULL) + (mn != NULL) + (ln != NULL) != 1) {
            st = orf_diag_emit(ctx, ORF_E_INPUT, &tn->loc, sp->info.name,
                               "target needs exactly one of 'value' (reach it), 'at_most' or "
                               "'at_least' (a limit, with adjust.prefer: min | max)");
            continue;
        }
        sp->info.bound = mn ? 1 : ln ? -1 : 0;
        const orf_node *bn = vn ? vn : mn ? mn : ln;
        if (orf_node_number(ctx, bn,
                            vn   ? "target.value"
                            : mn ? "target.at_most"
                                 : "target.at_least",
                            &sp->info.target)) {
            st = ORF_E_INPUT;
            continue;
        }
        if (sp->info.bound && !prn) {
            st = orf_diag_emit(ctx, ORF_E_INPUT, &an->loc, sp->info.name,
                               "a limit (target.%s) needs adjust.prefer: min or max (which way "
                               "the parameter goes as far as the limit allows)",
                               mn ? "at_most" : "at_least");
            continue;
        }
        if (prn) {
            const char *pv = NULL;
            if (orf_node_string(ctx, prn, "adjust.prefer", &pv) ||
                (strcmp(pv, "min") != 0 && strcmp(pv, "max") != 0)) {
                st = orf_diag_emit(ctx, ORF_E_INPUT, &prn->loc, sp->info.name,
                                   "adjust.prefer: expected min or max%s%s%s",
                                   pv ? " (found '" : "", pv ? pv : "", pv ? "')" : "");
                continue;
            }
            if (!sp->info.bound) {
                st = orf_diag_emit(ctx, ORF_E_INPUT, &prn->loc, sp->info.name,
                                   "adjust.prefer applies to a limit (target.at_most or "
                                   "at_least), not to target.value");
                continue;
            }
            sp->prefer_max = strcmp(pv, "max") == 0;
        }
        const orf_node *stn = orf_node_get(tn, "stream"), *asn = orf_node_get(tn, "assay"),
                       *qn = orf_node_get(tn, "quantity"), *tun = orf_node_get(tn, "unit"),
                       *rn = orf_node_get(tn, "result");
        if (stn) {
            const char *sname;
            if (orf_node_string(ctx, stn, "target.stream", &sname)) {
                st = ORF_E_INPUT;
                continue;
            }
            sp->stream = orf_flowsheet_stream_index(fs, sname);
            if (sp->stream < 0) {
                st = orf_diag_emit(ctx, ORF_E_UNKNOWN_NAME, &stn->loc, sp->info.name,
                                   "target: unknown stream '%s'", sname);
                continue;
            }
            if ((asn != NULL) == (qn != NULL)) {
                st = orf_diag_emit(ctx, ORF_E_INPUT, &tn->loc, sp->info.name,
                                   "a stream target needs exactly one of 'assay' or 'quantity'");
                continue;
            }
            if (asn) {
                if (orf_node_string(ctx, asn, "target.assay", &sp->assay) ||
                    !orf__assay_valid(fs, sp->assay)) {
                    st = orf_diag_emit(ctx, ORF_E_UNKNOWN_NAME, &asn->loc, sp->info.name,
                                       "target.assay: '%s' is not a known assay", asn->str);
                    continue;
                }
            } else {
                if (orf_node_string(ctx, qn, "target.quantity", &sp->quantity)) {
                    st = ORF_E_INPUT;
                    continue;
                }
                int ok = 0;
                for (size_t q = 0; quantities[q]; q++)
                    ok |= !strcmp(quantities[q], sp->quantity);
                if (!ok) {
                    st = orf_diag_emit(ctx, ORF_E_UNKNOWN_NAME, &qn->loc, sp->info.name,
                                       "target.quantity: expected solids_tph, water_tph, "
                                       "pct_solids or total_tph, found '%s'",
                                       sp->quantity);
                    orf_diag_hint_nearest(ctx, sp->quantity, quantities, 4);
                    continue;
                }
            }
        } else if (tun && rn) {
            const char *tu, *res;
            if (orf_node_string(ctx, tun, "target.unit", &tu) ||
                orf_node_string(ctx, rn, "target.result", &res)) {
                st = ORF_E_INPUT;
                continue;
            }
            sp->result_unit = orf_flowsheet_unit_index(fs, tu);
            if (sp->result_unit < 0) {
                st = orf_diag_emit(ctx, ORF_E_UNKNOWN_NAME, &tun->loc, sp->info.name,
                                   "target: unknown unit '%s'", tu);
                continue;
            }
            const orf_unit_type *t = fs->units[sp->result_unit].type;
            sp->result_index = -1;
            for (size_t r = 0; r < t->nresults; r++)
                if (!strcmp(t->results[r].name, res))
                    sp->result_index = (int)r;
            if (sp->result_index < 0) {
                st = orf_diag_emit(ctx, ORF_E_UNKNOWN_NAME, &rn->loc, sp->info.name,
                                   "unit '%s' (%s) reports no result '%s'", tu, t->name, res);
                continue;
            }
            sp->result = res;
        } else {
            st = orf_diag_emit(ctx, ORF_E_INPUT, &tn->loc, sp->info.name,
                               "target needs 'stream' (with assay or quantity) or 'unit' and "
                               "'result'");
            continue;
        }
        fs->nspecs++;
    }
    return st;
}

/* ---- meeting the specs ---- */

/* A spec's `rest` (downstream of its parameter, of no use to its target) is solved once it has
 * found its root, whatever state the search started from: a solve just before it (the first
 * solve, or the previous spec's root) may leave those blocks, which no one reads in between (the
 * spec's target and trials do not depend on them; every path out of orf__spec_solve solves them,
 * or the whole flowsheet). Gauss–Seidel passes meet the specs in index order. */
const unsigned char *orf__spec_deferred(const orf_flowsheet *fs, size_t from)
{
    for (size_t j = from; j < fs->nspecs; j++)
        if (fs->specs[j].enabled != 0.0)
            return fs->specs[j].rest;
    return NULL;
}

double orf__spec_value(orf_flowsheet *fs, const orf__spec *sp)
{
    if (sp->result)
        return fs->units[sp->result_unit].r[sp->result_index];
    const orf_stream *s = &fs->streams[sp->stream];
    double v = nan("");
    if (sp->assay)
        orf_stream_assay(s, sp->assay, &v);
    else if (!strcmp(sp->quantity, "solids_tph"))
        v = orf_stream_solids_tph(s);
    else if (!strcmp(sp->quantity, "water_tph"))
        v = orf_stream_water_tph(s);
    else if (!strcmp(sp->quantity, "pct_solids"))
        v = orf_stream_pct_solids(s);
    else if (!strcmp(sp->quantity, "total_tph"))
        v = orf_stream_total_tph(s);
    return v;
}

/* Inexact inner solves (as in inexact Newton methods: Dembo, Eisenstat & Steihaug 1982, SIAM J.
 * Numer. Anal. 19(2) 400): a trial value of the parameter far from the root needs its recycles
 * converged only well below the spec's own residual there. A trial converges the blocks it
 * re-solves to SPEC_KAPPA times the smallest relative spec residual |f|/|target| seen so far in
 * this spec's search, at most SPEC_TOL_MAX and at least the solver's tol, and on to SPEC_KAPPA
 * times its own relative residual when that is smaller (spec_eval_at); a point accepted as the root
 * is re-solved at the solver's tol first when it was not already (spec_met, spec_brent,
 * spec_finish), so the answer is the full-tolerance one. Measured on the flagship's Monte Carlo
 * (20 samples): the spiral recycle's sweeps per spec evaluation 14.1 → 8.2. */
#define SPEC_KAPPA 1e-2
#define SPEC_TOL_MAX 1e-6
/* The warm start's first probe: SPEC_PROBE_GAIN * |f|/|target| of the parameter's range (in 1e-6 ..
 * 1e-3 of it; it was 1e-3 whatever f). Measured on the flagship's Monte Carlo (100 samples, 300
 * period solves, whose parameters start near the root): unit evaluations in the specs' searches per
 * period 114.6 -> 100.4 (gain 1: 108.7, 3: 101.6, 10: 106.6); concentrate grade 2.88 -> 2.35
 * residuals per solve, carbon 3.27 -> 3.15, aluminium 3.28 (unchanged). */
#define SPEC_PROBE_GAIN 2.0

typedef struct spec_eval {
    orf_flowsheet *fs;
    orf__spec *sp;
    orf_solve_info *info;
    orf_status st;
    double last_p; /* the parameter the flowsheet's streams are solved at */
    int loose;     /* 1 when they are solved there at a looser tolerance than the solver's */
    double scale;  /* |target| (1 for a target near 0): the spec's relative residual is |f|/scale */
    double rbest;  /* the smallest |f| evaluated in this search, relative */
} spec_eval;

/* The spec's residual at parameter p; exact: 1 to converge the recycles to the solver's tol, 0 to
 * let the search's progress set the tolerance (SPEC_KAPPA above). A loose value is kept only when
 * the tolerance it was solved to is at most SPEC_KAPPA times its own relative residual; else the
 * recycles are converged on from where they stopped, to that tolerance, so that the noise a loose
 * solve leaves in f stays well below |f| (the secant and Brent steps, and the signs that bracket
 * the root, rely on it). */
static double spec_eval_at(spec_eval *e, double p, int exact)
{
    orf_flowsheet *fs = e->fs;
    double tol0 = fs->opts.tol, tol = tol0, t = SPEC_KAPPA * e->rbest, fr = nan("");
    if (!exact && t > tol)
        tol = t < SPEC_TOL_MAX ? t : SPEC_TOL_MAX > tol ? SPEC_TOL_MAX : tol;
    *e->sp->param = p;
    e->last_p = p;
    for (;;) {
        fs->tol_now = tol;
        fs->inexact = 0;
        /* only what the parameter reaches: the other blocks are solved at the current parameters */
        orf_status st = orf__solve_blocks(e->fs, e->info, e->sp->blocks, NULL);
        fs->tol_now = tol0;
        e->loose = fs->inexact;
        if (st) {
            e->st = st;
            return nan("");
        }
        fr = orf__spec_value(e->fs, e->sp) - e->sp->info.target;

        double need = SPEC_KAPPA * fabs(fr) / e->scale;
        if (!e->loose || !(tol > need))
            break;
        tol = need > tol0 ? need : tol0;
    }
    e->sp->info.iterations++;
    if (fabs(fr) / e->scale < e->rbest)
        e->rbest = fabs(fr) / e->scale;
    return fr;
}

static double spec_residual(double p, spec_eval *e)
{
    return spec_eval_at(e, p, 0);
}

/* 1 when x, whose residual *fx was just evaluated, meets the spec: |f| < ftol with the recycles
 * converged to the solver's tol (a loose evaluation is redone so, updating *fx). */
static int spec_met(spec_eval *e, double x, double *fx, double ftol)
{
    if (!(fabs(*fx) < ftol))
        return 0;
    if (e->last_p == x && !e->loose)
        return 1;
    *fx = spec_eval_at(e, x, 1);
    return !e->st && fabs(*fx) < ftol;
}

/* Leave the flowsheet solved at root and record it. */
static orf_status spec_finish(spec_eval *e, double root)
{
    if (e->last_p != root || *e->sp->param != root || e->loose)
        spec_eval_at(e, root, 1);
    /* then what lies downstream of the parameter but beyond the target, once (but for what the
     * next spec solves at its own root anyway) */
    if (!e->st && e->sp->rest) {
        size_t next = (size_t)(e->sp - e->fs->specs) + 1;
        orf_status st =
            orf__solve_blocks(e->fs, e->info, e->sp->rest, orf__spec_deferred(e->fs, next));
        if (st)
            e->st = st;
    }
    e->sp->info.value = root;
    e->sp->info.achieved = orf__spec_value(e->fs, e->sp);
    return e->st;
}

/* Brent's method on a bracket [a, b] whose residuals fa, fb (of opposite signs) are known
 * (R. P. Brent, "Algorithms for Minimization without Derivatives", Prentice-Hall 1973, ch. 4,
 * procedure zero; the same algorithm as GSL's brent solver). Allocates nothing and evaluates
 * each point once. Returns 1 when converged (|f| < ftol or the bracket is narrower than xtol),
 * with the root in *root. */
static int spec_brent(spec_eval *e, double a, double b, double fa, double fb, double xtol,
                      double ftol, double *root)
{
    double c = a, fc = fa, d = b - a, m = d;
    for (int it = 0; it < 200; it++) {
        if ((fb > 0) == (fc > 0)) {
            c = a;
            fc = fa;
            d = m = b - a;
        }
        if (fabs(fc) < fabs(fb)) {
            a = b;
            b = c;
            c = a;
            fa = fb;
            fb = fc;
            fc = fa;
        }
        double tol1 = 2.0 * DBL_EPSILON * fabs(b) + 0.5 * xtol;
        double xm = 0.5 * (c - b);
        *root = b;
        if (fabs(fb) < ftol || fabs(xm) <= tol1 || fb == 0) {
            if (e->last_p == b && !e->loose)
                return 1;
            fb = spec_eval_at(e, b, 1); /* converged: at the solver's tol, is it? */
            if (e->st || !isfinite(fb))
                return 0;
            if (fabs(fb) < ftol || fabs(xm) <= tol1 || fb == 0)
                return 1;
            if ((fb > 0) == (fc > 0) && (fb > 0) == (fa > 0))
                return 0; /* the loose residuals misplaced the bracket: the caller's fallback */
            continue;     /* (the loop's head takes a for c when fb changed sign) */
        }
        if (fabs(m) >= tol1 && fabs(fa) > fabs(fb)) {
            double s = fb / fa, p, q;
            if (a == c) {
                p = 2.0 * xm * s;
                q = 1.0 - s;
            } else {
                double qq = fa / fc, r = fb / fc;
                p = s * (2.0 * xm * qq * (qq - r) - (b - a) * (r - 1.0));
                q = (qq - 1.0) * (r - 1.0) * (s - 1.0);
            }
            if (p > 0)
                q = -q;
            else
                p = -p;
            double lim = 3.0 * xm * q - fabs(tol1 * q), lim2 = fabs(m * q);
            if (2.0 * p < (lim < lim2 ? lim : lim2)) {
                m = d;
                d = p / q;
            } else {
                d = m = xm;
            }
        } else {
            d = m = xm;
        }
        a = b;
        fa = fb;
        b += fabs(d) > tol1 ? d : (xm > 0 ? tol1 : -tol1);
        fb = spec_residual(b, e);
        if (e->st || !isfinite(fb))
            return 0;
    }
    return 0;
}

/* Meet one design spec. The search starts where the parameter is (a warm start: the file's value,
 * or the last solution when the flowsheet is re-solved after a small change) and brackets the
 * root with secant steps before Brent's method; only when that fails is the user's whole bracket
 * [min, max] tried. On entry the streams are solved at the current parameters (the solver keeps
 * them so: every evaluation re-solves all that the moved parameter reaches). */
orf_status orf__spec_solve(orf_flowsheet *fs, orf__spec *sp, orf_solve_info *info)
{
    double scale = fabs(sp->info.target) > 1e-12 ? fabs(sp->info.target) : 1.0;
    spec_eval e = {fs, sp, info, ORF_OK, nan(""), 0, scale, HUGE_VAL};

    double keep = *sp->param;
    double lo = sp->lo, hi = sp->hi;
    double atol = 1e-12 * (fabs(lo) + fabs(hi));
    double ftol = 1e-9 * scale;
    double root;
    if (sp->info.bound) { /* a limit: the preferred end when it satisfies the limit */
        double end = sp->prefer_max ? hi : lo;
        double r = spec_eval_at(&e, end, 1);
        if (e.st)
            return e.st;
        if (isfinite(r) && r * sp->info.bound <= ftol) {
            sp->info.active = 0;
            return spec_finish(&e, end);
        }
        sp->info.active = 1; /* else the limit binds: the parameter where it is reached */
        if (!(keep > lo && keep < hi))
            keep = 0.5 * (lo + hi);
        *sp->param = keep;
        if (orf__solve_blocks(fs, info, NULL, NULL) != ORF_OK)
            return orf_diag_emit(fs->ctx, ORF_E_SPEC, &sp->loc, sp->info.name,
                                 "design spec '%s': the flowsheet did not solve at %s.%s = %g",
                                 sp->info.name, sp->info.unit, sp->info.param, keep);
    }
    if (isfinite(keep) && keep > lo && keep < hi) {
        double a = keep;
        e.last_p = keep;
        double fa = orf__spec_value(fs, sp) - sp->info.target;
        e.rbest = fabs(fa) / scale;
        if (fabs(fa) < ftol)
            return spec_finish(&e, keep);
        /* the first probe: a step proportional to the relative residual there (as though the
         * target moved by its own relative size over the range, SPEC_PROBE_GAIN times that),
         * between 1e-6 and 1e-3 of the range */
        double q = SPEC_PROBE_GAIN * fabs(fa) / scale, h0 = 1e-3 * (hi - lo);
        double h = (q < 1e-6 ? 1e-6 : q > 1e-3 ? 1e-3 : q) * (hi - lo);
        double b = keep + h <= hi ? keep + h : keep - h;
        double fb = spec_residual(b, &e);
        for (int k = 0; k < 8 && !e.st && isfinite(fa) && isfinite(fb) && (fa > 0) == (fb > 0);
             k++) {
            if (spec_met(&e, b, &fb, ftol))
                return spec_finish(&e, b);
            if (e.st || (fa > 0) != (fb > 0))
                break;
            /* secant estimate (on either side: the root may lie beyond a or beyond b); the first
             * step is not overshot (a near-linear response lands on the root from one side by
             * itself; overshooting every step by 20 % cost 12 % more evaluations in the flagship's
             * Monte Carlo), a second one on the same side is, to bracket the root */
            double c = fb != fa ? b - fb * (b - a) / (fb - fa) : nan("");
            if (!isfinite(c) && k == 0 && h < h0) /* flat at a small probe: the usual one */
                c = keep + h0 <= hi ? keep + h0 : keep - h0;
            else if (!isfinite(c)) /* flat: steps that grow 2.4-fold */
                c = b + 2.4 * (b - a);
            else if (k > 0) /* a second step on the same side: overshoot 20 % to bracket */
                c += 0.2 * (c - b);
            c = c < lo ? lo : c > hi ? hi : c;
            if (c == b)
                break;
            a = b;
            fa = fb;
            b = c;
            fb = spec_residual(b, &e);
        }
        if (!e.st && isfinite(fb) && (fa > 0) == (fb > 0) && spec_met(&e, b, &fb, ftol))
            return spec_finish(&e, b); /* the last secant step met it */
        if (e.st)
            return e.st;
        if (isfinite(fa) && isfinite(fb) && (fa > 0) != (fb > 0)) {
            if (spec_brent(&e, a, b, fa, fb, atol, ftol, &root))
                return spec_finish(&e, root);
            if (e.st)
                return e.st;
        }
    }
    /* Fall back on the user's bracket. */
    double flo = spec_eval_at(&e, lo, 1);
    if (e.st)
        return e.st;
    double fhi = spec_eval_at(&e, hi, 1);
    if (e.st)
        return e.st;
    if (!isfinite(flo) || !isfinite(fhi) || (flo > 0) == (fhi > 0)) {
        /* leave the flowsheet solved at the parameter the file gave, and report that state */
        *sp->param = keep;
        if (orf__solve_blocks(fs, info, NULL, NULL) == ORF_OK) {
            sp->info.value = keep;
            sp->info.achieved = orf__spec_value(fs, sp);
        }
        return orf_diag_emit(fs->ctx, ORF_E_SPEC, &sp->loc, sp->info.name,
                             "design spec '%s' cannot be met: with %s.%s = %g the target gives "
                             "%g, with %g it gives %g; the target %g is not between them "
                             "(widen adjust.min/max or change the target)",
                             sp->info.name, sp->info.unit, sp->info.param, sp->lo,
                             flo + sp->info.target, sp->hi, fhi + sp->info.target, sp->info.target);
    }
    if (flo == 0 || fhi == 0)
        return spec_finish(&e, flo == 0 ? lo : hi);
    int ok = spec_brent(&e, lo, hi, flo, fhi, atol, ftol, &root);
    if (e.st)
        return e.st;
    spec_finish(&e, root);
    if (!ok)
        return orf_diag_emit(fs->ctx, ORF_E_SPEC, &sp->loc, sp->info.name,
                             "design spec '%s' did not converge (reached %g for target %g)",
                             sp->info.name, sp->info.achieved, sp->info.target);
    return e.st;
}

const char *orf_spec_status_name(orf_spec_status s)
{
    return s == ORF_SPEC_MET       ? "met"
           : s == ORF_SPEC_NOT_MET ? "not_met"
           : s == ORF_SPEC_OFF     ? "off"
                                   : "not_evaluated";
}
