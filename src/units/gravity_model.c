/* oreflow — gravity separation: the partition (Tromp) curve by particle density and size.
 *
 * Tromp curve (logistic form, King 2001 §7.2; Ep = (rho75 - rho25)/2 as defined by Tromp 1937):
 *     P(rho) = 1 / (1 + exp(ln3 · (rho50 - rho) / Ep))
 * so that P(rho50) = ½ and P(rho50 ± Ep) = ¾, ¼.
 * Size dependence from the equal-settling criterion (Wills & Finch 2016, ch. 9: particles of
 * sizes d1, d2 settle alike when d1/d2 = ((rho2 - rho_f)/(rho1 - rho_f))^m, m = ½ in the Stokes
 * and 1 in the Newton region), i.e. the separator cuts on (rho - rho_f)·d^n with n = 1/m:
 *     rho50(d) = rho_f + (rho50_ref - rho_f)·(d_ref/d)^n,   Ep(d) = Ep_ref·(d_ref/d)^n.
 * The cut density rises and the curve widens as size falls while the imperfection
 * I = Ep/(rho50 - rho_f) (Wills & Finch 2016 ch. 10) stays constant with size. On flowing-film
 * separators (spirals, tables) the size effect is weaker than free settling; n is a fitted
 * parameter (0 = no size effect; 2 = Stokes equal settling). Above d_ref the reference cut
 * applies (the equal-settling shift is applied to the fines only, where it is observed).
 * Fine-particle misplacement: a fraction exp(-d/d_bypass) of each size splits with the water.
 *
 * References:
 *  - King, R.P. (2001) Modeling and Simulation of Mineral Processing Systems,
 *    Butterworth-Heinemann, ch. 7 (gravity separation, partition function with Ep).
 *  - Wills, B.A., Finch, J.A. (2016) Wills' Mineral Processing Technology, 8th ed.,
 *    Butterworth-Heinemann, ch. 9 (equal-settling particles) and ch. 10 (Tromp curve, Ep, I).
 *  - Tromp, K.F. (1937) Neue Wege für die Beurteilung der Aufbereitung von Steinkohlen,
 *    Glückauf 73, 125–131 (the partition curve).
 */
#include "units/sep_models.h"

#include <math.h>

double orf__tromp(double rho_kg_m3, double rho50_kg_m3, double ep_kg_m3)
{
    if (!(ep_kg_m3 > 0.0)) {
        if (rho_kg_m3 > rho50_kg_m3)
            return 1.0;
        if (rho_kg_m3 < rho50_kg_m3)
            return 0.0;
        return 0.5;
    }
    double z = ORF__LN3 * (rho50_kg_m3 - rho_kg_m3) / ep_kg_m3;
    if (z > 700.0)
        return 0.0;
    if (z < -700.0)
        return 1.0;
    return 1.0 / (1.0 + exp(z));
}

void orf__gravity_cut_at_size(double d_um, double d_ref_um, double rho50_ref_kg_m3,
                              double ep_ref_kg_m3, double n_exp, double rho_fluid_kg_m3,
                              double *rho50_kg_m3, double *ep_kg_m3)
{
    /* Only particles finer than d_ref are affected: coarser ones separate at the reference cut
     * (flowing-film separators do not sharpen or shift indefinitely with size). */
    double f = 1.0;
    if (d_um > 0.0 && d_ref_um > 0.0 && n_exp != 0.0 && d_um < d_ref_um)
        f = pow(d_ref_um / d_um, n_exp);
    *rho50_kg_m3 = rho_fluid_kg_m3 + (rho50_ref_kg_m3 - rho_fluid_kg_m3) * f;
    *ep_kg_m3 = ep_ref_kg_m3 * f;
}

double orf__fines_bypass(double d_um, double d_bypass_um)
{
    if (!(d_bypass_um > 0.0))
        return 0.0;
    if (!(d_um > 0.0))
        return 1.0;
    return exp(-d_um / d_bypass_um);
}

void orf__gravity_size_terms(const orf__gravity_params *g, double d_um, double *shift,
                             double *bypass)
{
    /* both cuts shift by the same size factor (orf__gravity_cut_at_size) */
    double f = 1.0;
    if (d_um > 0.0 && g->d_ref_um > 0.0 && g->size_exp != 0.0 && d_um < g->d_ref_um)
        f = pow(g->d_ref_um / d_um, g->size_exp);
    *shift = f;
    *bypass = orf__fines_bypass(d_um, g->d_bypass_um);
}

void orf__gravity_partition3_sized(const orf__gravity_params *g, double rho_kg_m3, double shift,
                                   double bypass, double frac[3])
{
    double r50c = g->rho_fluid_kg_m3 + (g->rho50_conc_kg_m3 - g->rho_fluid_kg_m3) * shift;
    double r50m = g->rho_fluid_kg_m3 + (g->rho50_mid_kg_m3 - g->rho_fluid_kg_m3) * shift;
    double ep = g->ep_kg_m3 * shift;
    double pc = orf__tromp(rho_kg_m3, r50c, ep);
    double pm = orf__tromp(rho_kg_m3, r50m, ep);
    if (pm < pc) /* rho50_mid > rho50_conc is rejected by the unit; keep the split valid */
        pm = pc;
    double b = bypass;
    double wt = 1.0 - g->water_conc - g->water_mid;
    frac[0] = (1.0 - b) * pc + b * g->water_conc;
    frac[1] = (1.0 - b) * (pm - pc) + b * g->water_mid;
    frac[2] = (1.0 - b) * (1.0 - pm) + b * wt;
}

void orf__gravity_partition3(const orf__gravity_params *g, double rho_kg_m3, double d_um,
                             double frac[3])
{
    double shift, bypass;
    orf__gravity_size_terms(g, d_um, &shift, &bypass);
    orf__gravity_partition3_sized(g, rho_kg_m3, shift, bypass, frac);
}

/* ---- many particles at once (the units' kernel) --------------------------------------------
 * For a given size the two Tromp exponents of a particle differ by a constant,
 *     z_conc − z_mid = ln3·(rho50_conc(d) − rho50_mid(d))/Ep(d) = ln3·(rho50_conc − rho50_mid)/Ep,
 * since both cuts (measured from the fluid) and Ep scale by the same size factor (d_ref/d)^n
 * (and by the same load factors, capacity_model.c, applied before): exp(z_mid) = exp(z_conc)·K
 * with K = exp(−ln3·(rho50_conc − rho50_mid)/Ep) the same for every particle and size, an exact
 * identity (round-off apart: the product and exp(z_mid) differ by a few ulps, ~1e-15 relative).
 * One exp per particle type instead of two; equal consecutive exponents (the coarse sizes, where
 * the size factor is 1, share the cut of d_ref) reuse the exp. The loops other than the exp
 * calls are branch-free and vectorisable. */
void orf__gravity_sized_set(orf__gravity_sized *S, const orf__gravity_params *g,
                            const double *shift, const double *bypass)
{
    const double rf = g->rho_fluid_kg_m3, wc = g->water_conc, wm = g->water_mid;
    const double wt = 1.0 - wc - wm;
    S->ok = 1;
    for (size_t s = 0; s < S->ns; s++) {
        /* as orf__gravity_partition3_sized */
        S->r50c[s] = rf + (g->rho50_conc_kg_m3 - rf) * shift[s];
        S->r50m[s] = rf + (g->rho50_mid_kg_m3 - rf) * shift[s];
        S->ep[s] = g->ep_kg_m3 * shift[s];
        if (!(S->ep[s] > 0.0) || !isfinite(S->ep[s]))
            S->ok = 0;
        double b = bypass[s];
        S->omb[s] = 1.0 - b;
        S->bwc[s] = b * wc;
        S->bwm[s] = b * wm;
        S->bwt[s] = b * wt;
    }
    double dz = S->ok ? ORF__LN3 * (g->rho50_conc_kg_m3 - g->rho50_mid_kg_m3) / g->ep_kg_m3 : 0.0;
    /* K in the normal range only (dz beyond 700 is a split sharper than any double resolves) */
    S->use_k = dz >= 0.0 && dz <= 700.0;
    S->k_mid = S->use_k ? exp(-dz) : 0.0;
}

void orf__gravity_partition_rows(const orf__gravity_sized *S, size_t nrows,
                                 const double *restrict rho, double *restrict work,
                                 double *restrict f0, double *restrict f1)
{
    const size_t ns = S->ns, n = nrows * ns;
    double *restrict zc = work, *restrict zm = work + n, *restrict ec = work + 2 * n,
                     *restrict em = work + 3 * n;
    const double *restrict r50c = S->r50c, *restrict r50m = S->r50m, *restrict ep = S->ep;
    /* the exponents of orf__tromp, with its arithmetic */
    for (size_t r = 0; r < nrows; r++) {
        const double *restrict rr = rho + r * ns;
        double *restrict zcr = zc + r * ns, *restrict zmr = zm + r * ns;
        for (size_t s = 0; s < ns; s++) {
            zcr[s] = ORF__LN3 * (r50c[s] - rr[s]) / ep[s];
            zmr[s] = ORF__LN3 * (r50m[s] - rr[s]) / ep[s];
        }
    }
    /* the exps: one per particle type, reused along a row while the exponent repeats */
    const double K = S->k_mid;
    const int use_k = S->use_k;
    for (size_t i = 0; i < n; i++) {
        int again = i % ns != 0 && zc[i] == zc[i - 1];
        ec[i] = again ? ec[i - 1] : exp(zc[i]);
        if (use_k && zc[i] <= 700.0)
            em[i] = ec[i] * K;
        else
            em[i] = again && zm[i] == zm[i - 1] ? em[i - 1] : exp(zm[i]);
    }
    /* the fractions of orf__gravity_partition3_sized, clamped as the stream split clamps */
    const double *restrict omb = S->omb, *restrict bwc = S->bwc, *restrict bwm = S->bwm,
                           *restrict bwt = S->bwt;
    for (size_t r = 0; r < nrows; r++) {
        const double *restrict zcr = zc + r * ns, *restrict zmr = zm + r * ns,
                               *restrict ecr = ec + r * ns, *restrict emr = em + r * ns;
        double *restrict f0r = f0 + r * ns, *restrict f1r = f1 + r * ns;
        for (size_t s = 0; s < ns; s++) {
            /* every comparison made unconditionally (if-convertible under trapping math) */
            double pc = 1.0 / (1.0 + ecr[s]), pm = 1.0 / (1.0 + emr[s]);
            pc = zcr[s] > 700.0 ? 0.0 : pc;
            pc = zcr[s] < -700.0 ? 1.0 : pc;
            pm = zmr[s] > 700.0 ? 0.0 : pm;
            pm = zmr[s] < -700.0 ? 1.0 : pm;
            pm = pm < pc ? pc : pm;
            double a = omb[s] * pc + bwc[s];
            double m = omb[s] * (pm - pc) + bwm[s];
            double t = omb[s] * (1.0 - pm) + bwt[s];
            a = a < 0.0 ? 0.0 : a;
            f0r[s] = a > 1.0 ? 1.0 : a;
            double rest = m + t, q = m / (rest > 0.0 ? rest : 1.0);
            q = rest > 0.0 ? q : 0.0;
            q = q < 0.0 ? 0.0 : q;
            f1r[s] = q > 1.0 ? 1.0 : q;
        }
    }
}
