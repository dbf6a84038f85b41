/* Equilibrium at given enthalpy (include/oreflow/equilibrium.h): the T where the equilibrium's
 * enthalpy (with a caller's extra term) equals a target. The full-range search (orf_eq_solve_h,
 * orf_eq_solve_h_extra: Illinois regula falsi on [T_lo, T_hi]) and the search from a guess
 * (orf_eq_solve_h_near: Newton steps on the frozen heat capacity, then secant steps, inside the
 * bracket they find, the melting steps of H probed from both sides). */
#include "oreflow/equilibrium.h"

#include <math.h>
#include <string.h>

#include "equilibrium_impl.h"
#include "thermo_impl.h"

/* The half-width of the window a step is written in: the searches end at a bracket of 1e-7 K. */
#define STEP_EPS_K 5e-8

/* Illinois regula falsi (Dowell & Jarratt 1971) with a bisection guard on [a, b] (f(a) < 0 <
 * f(b)): H(T) of the equilibrium mixture rises with T, with steps at phase changes. Converged
 * when |f| <= 1e-11 scale or the bracket is under 1e-7 K. */
static orf_status illinois(orf_eq_work *w, const double *feed, double h_j,
                           double (*extra)(double t_k, void *arg), void *arg, double p_bar,
                           double a, double b, double fa, double fb, double scale,
                           const orf_eq_options *o, orf_eq_result *res)
{
    int side = 0;
    orf_status st;
    for (int k = 0; k < 200; k++) {
        double t = (fb - fa) != 0 ? b - fb * (b - a) / (fb - fa) : 0.5 * (a + b);
        if (!(t > a && t < b) || k % 4 == 3)
            t = 0.5 * (a + b);
        if ((st = orf_eq_solve_tp(w, feed, t, p_bar, o, res)))
            return st;
        double f = res->h_j + (extra ? extra(t, arg) : 0.0) - h_j;
        if (fabs(f) <= 1e-11 * scale || b - a < 1e-7)
            return ORF_OK;
        if ((f < 0) == (fa < 0)) {
            a = t;
            fa = f;
            if (side == -1)
                fb *= 0.5;
            side = -1;
        } else {
            b = t;
            fb = f;
            if (side == 1)
                fa *= 0.5;
            side = 1;
        }
    }
    return orf_diag_emit(w->ctx, ORF_E_NOT_CONVERGED, NULL, NULL,
                         "equilibrium at given enthalpy: T not found in 200 steps (bracket "
                         "%g-%g K)",
                         a, b);
}

orf_status orf_eq_solve_h(orf_eq_work *w, const double *feed, double h_j, double p_bar, double t_lo,
                          double t_hi, const orf_eq_options *opt, orf_eq_result *res)
{
    return orf_eq_solve_h_extra(w, feed, h_j, NULL, NULL, p_bar, t_lo, t_hi, opt, res);
}

orf_status orf_eq_solve_h_extra(orf_eq_work *w, const double *feed, double h_j,
                                double (*extra)(double t_k, void *arg), void *arg, double p_bar,
                                double t_lo, double t_hi, const orf_eq_options *opt,
                                orf_eq_result *res)
{
    orf_eq_options o;
    if (opt)
        o = *opt;
    else
        orf_eq_options_init(&o);
    if (!(t_lo > 0) || !(t_hi > t_lo) || !isfinite(h_j))
        return orf_diag_emit(w->ctx, ORF_E_RANGE, NULL, NULL,
                             "equilibrium at given enthalpy: needs 0 < T_lo < T_hi and a finite "
                             "enthalpy");
    orf_status st = orf_eq_solve_tp(w, feed, t_lo, p_bar, &o, res);
    if (st)
        return st;
    double f_lo = res->h_j + (extra ? extra(t_lo, arg) : 0.0) - h_j;
    if ((st = orf_eq_solve_tp(w, feed, t_hi, p_bar, &o, res)))
        return st;
    double f_hi = res->h_j + (extra ? extra(t_hi, arg) : 0.0) - h_j;
    /* at an end of the bracket to rounding (a feed of almost nothing at T_lo, as its inlets
     * came): that end's temperature */
    double tol = 1e-9 * (fabs(h_j) + fabs(f_hi - f_lo));
    if (f_hi < 0 && f_hi >= -tol)
        return ORF_OK; /* res holds the solution at t_hi */
    if (f_lo > 0 && f_lo <= tol)
        return orf_eq_solve_tp(w, feed, t_lo, p_bar, &o, res);
    if (f_lo > 0 || f_hi < 0)
        return orf_diag_emit(w->ctx, ORF_E_RANGE, NULL, NULL,
                             "equilibrium at given enthalpy: %g J is outside H(%g K) = %g .. "
                             "H(%g K) = %g",
                             h_j, t_lo, f_lo + h_j, t_hi, f_hi + h_j);
    o.start = ORF_EQ_START_LAST;
    return illinois(w, feed, h_j, extra, arg, p_bar, t_lo, t_hi, f_lo, f_hi,
                    fabs(h_j) + fabs(f_lo) + fabs(f_hi), &o, res);
}

/* The search from a guess: its trials and the bracket they found, f(a) < 0 < f(b) where known. */
typedef struct hsearch {
    orf_eq_work *w;
    const double *feed;
    double h_j, p_bar;
    double (*extra)(double t_k, void *arg);
    void *arg;
    const orf_eq_options *o;
    orf_eq_result *res;
    double a, b;
    int ka, kb; /* a, b known */
} hsearch;

/* f(t) = H(t) + extra(t) − h_j of the equilibrium at t (into res); the bracket narrowed (H(T) of
 * an equilibrium rises with T: a trial below the target is a lower end, above it an upper end). */
static orf_status trial(hsearch *s, double t, double *f)
{
    orf_status st = orf_eq_solve_tp(s->w, s->feed, t, s->p_bar, s->o, s->res);
    if (st)
        return st;
    *f = s->res->h_j + (s->extra ? s->extra(t, s->arg) : 0.0) - s->h_j;
    if (*f < 0 && (!s->ka || t > s->a))
        s->a = t, s->ka = 1;
    else if (*f >= 0 && (!s->kb || t < s->b))
        s->b = t, s->kb = 1;
    return ORF_OK;
}

/* dH/dT at the composition of res (at t) held fixed, Σ n_i c_p,i(t), plus the slope of extra (a
 * central difference): the Newton slope of the search. The composition's own shift with T (the
 * heat of the reactions it runs) is left out; the secant through two trials carries it. */
static double frozen_slope(const hsearch *s, double t)
{
    const orf_eq_system *sys = s->w->sys;
    double c = 0.0;
    for (size_t i = 0; i < s->w->ns; i++)
        if (s->res->n[i] > 0)
            c += s->res->n[i] * orf_species_cp_j_molk(&sys->db->sp[sys->thermo[i]], t);
    if (s->extra) {
        const double d = 1e-2; /* K */
        c += (s->extra(t + d, s->arg) - s->extra(t - d, s->arg)) / (2.0 * d);
    }
    return c;
}

/* The range boundary of a species nearest t inside (lo, hi), clear of both ends by STEP_EPS_K,
 * where the amounts n step H by more than jump_tol (a melting step; at the boundary of two fits H
 * is continuous); 0 if none. */
static double step_between(const orf_eq_work *w, const double *n, double lo, double hi, double t,
                           double jump_tol)
{
    const orf_eq_system *s = w->sys;
    double best = 0.0;
    for (size_t i = 0; i < w->ns; i++) {
        if (!(n[i] > 0))
            continue;
        const orf_species *sp = &s->db->sp[s->thermo[i]];
        for (size_t k = 1; k < sp->nr; k++) {
            double tb = sp->r[k].tmin_k;
            if (!(tb - STEP_EPS_K > lo && tb + STEP_EPS_K < hi) ||
                (best != 0.0 && fabs(tb - t) >= fabs(best - t)))
                continue;
            double dh = orf_thermo_range_h(&sp->r[k], tb) - orf_thermo_range_h(&sp->r[k - 1], tb);
            if (fabs(n[i] * dh) > jump_tol)
                best = tb;
        }
    }
    return best;
}

orf_status orf_eq_solve_h_near(orf_eq_work *w, const double *feed, double h_j,
                               double (*extra)(double t_k, void *arg), void *arg, double p_bar,
                               double t_lo, double t_hi, double t_guess, double dt,
                               const orf_eq_options *opt, orf_eq_result *res)
{
    if (!(t_lo > 0) || !(t_hi > t_lo) || !isfinite(h_j) || !(dt > 0) || !isfinite(t_guess))
        return orf_diag_emit(w->ctx, ORF_E_RANGE, NULL, NULL,
                             "equilibrium at given enthalpy: needs 0 < T_lo < T_hi, a finite "
                             "enthalpy and guess, and a positive step");
    orf_eq_options o;
    if (opt)
        o = *opt;
    else
        orf_eq_options_init(&o);
    hsearch s = {w, feed, h_j, p_bar, extra, arg, &o, res, t_lo, t_hi, 0, 0};
    double t = fmin(fmax(t_guess, t_lo), t_hi), f;
    orf_status st = trial(&s, t, &f);
    if (st)
        return st;
    o.start = ORF_EQ_START_LAST; /* each trial warm from the one before */
    /* converged at 1e-11 of the target (with a floor at 1e-13 of the terms it balances, for a
     * target near 0), or at a bracket of 1e-7 K */
    double tol = 1e-11 * fabs(h_j) + 1e-13 * (fabs(res->h_j) + fabs(f + h_j - res->h_j));
    if (fabs(f) <= tol)
        return ORF_OK;
    /* tp, fp: the trial before t on the same smooth piece of H (NaN: none); slow: the last step
     * did not halve |f| inside the bracket (the next is a bisection) */
    double tp = (double)NAN, fp = (double)NAN, step = dt;
    int slow = 0;
    for (int k = 0; k < 200; k++) {
        /* the secant through the last two trials, else Newton on the frozen heat capacity, else
         * (no positive slope) steps dt, 2 dt, 4 dt, ... on the side f points to */
        double sl = isfinite(tp) ? (f - fp) / (t - tp) : (double)NAN, tn;
        if (!(sl > 0 && isfinite(sl)))
            sl = frozen_slope(&s, t);
        if (sl > 0 && isfinite(sl)) {
            tn = t - f / sl;
        } else {
            tn = f < 0 ? t + step : t - step;
            step *= 2.0;
        }
        if (s.ka && s.kb) {
            if (!(tn > s.a && tn < s.b) || slow)
                tn = 0.5 * (s.a + s.b);
        } else {
            tn = fmin(fmax(tn, t_lo), t_hi);
            if (tn == t) /* at an end of the range: the full search says why or takes that end */
                return orf_eq_solve_h_extra(w, feed, h_j, extra, arg, p_bar, t_lo, t_hi, &o, res);
        }
        /* a melting step of H on the way: tried just below it, then just above; when H steps
         * over h_j there the answer is the step (just above it: the products hold more heat
         * than h_j), found by two trials instead of ~25 bisections */
        double tb = step_between(w, res->n, fmin(t, tn), fmax(t, tn), t, 1e3 * tol);
        if (tb != 0.0) {
            double tl = tb - STEP_EPS_K, th = tb + STEP_EPS_K, fl, fh;
            /* going up, where H of t's composition just above the step is still short of h_j,
             * just above it first: most often the search goes on from there */
            if (t < tb &&
                orf_eq_enthalpy_j(w->sys, res->n, th) + (extra ? extra(th, arg) : 0.0) < h_j) {
                if ((st = trial(&s, th, &fh)))
                    return st;
                if (fabs(fh) <= tol)
                    return ORF_OK;
                if (fh < 0) { /* above the step */
                    tp = (double)NAN;
                    t = th, f = fh;
                    continue;
                }
            }
            if ((st = trial(&s, tl, &fl)))
                return st;
            if (fabs(fl) <= tol)
                return ORF_OK;
            if (fl > 0) { /* below the step */
                tp = t < tb ? t : (double)NAN, fp = f;
                t = tl, f = fl;
                continue;
            }
            if ((st = trial(&s, th, &fh))) /* again after a trial above: res at th */
                return st;
            if (fh >= 0) /* on it, or converged just above it */
                return ORF_OK;
            tp = t > tb ? t : (double)NAN, fp = f; /* above the step */
            t = th, f = fh;
            continue;
        }
        double fn;
        if ((st = trial(&s, tn, &fn)))
            return st;
        if (fabs(fn) <= tol || (s.ka && s.kb && s.b - s.a < 2 * STEP_EPS_K))
            return ORF_OK;
        slow = s.ka && s.kb && fabs(fn) > 0.5 * fabs(f);
        tp = t, fp = f;
        t = tn, f = fn;
    }
    return orf_diag_emit(w->ctx, ORF_E_NOT_CONVERGED, NULL, NULL,
                         "equilibrium at given enthalpy: T not found in 200 steps from %g K "
                         "(bracket %g-%g K)",
                         t_guess, s.a, s.b);
}
