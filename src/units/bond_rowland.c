/* oreflow — Rowland's efficiency factors on Bond's specific energy for rod and ball mills.
 *
 *   Rowland, C.A. (1972) "Grinding calculations related to the application of large rod and
 *   ball mills", Can. Metall. Q. 11(1); Rowland, C.A. & Kjos, D.M. (1980) "Rod and ball mills",
 *   in Mular & Bhappu (eds) Mineral Processing Plant Design, SME, 239–278; summarised in Wills,
 *   B.A. & Finch, J.A. (2016) Mineral Processing Technology, 8th ed., §7.3 (Bond's method).
 *
 * W = 10 Wi (1/√P80 - 1/√F80) · EF1 · EF2 · … · EF7 (kWh/t, metric Wi, sizes µm):
 *   EF1 = 1.3 for dry grinding (1 wet);
 *   EF2 open-circuit ball milling, by the % passing the control size of the product:
 *       50 → 1.035, 60 → 1.05, 70 → 1.10, 80 → 1.20, 90 → 1.40, 92 → 1.46, 95 → 1.57,
 *       98 → 1.70 (linear between the tabulated points; 1 in closed circuit);
 *   EF3 = (2.44/D)^0.2 for the mill diameter inside liners D < 3.81 m, 0.914 above;
 *   EF4 oversize feed: F0 = 4000 √(13/Wi) µm (ball), 16000 √(13/Wi) (rod); when F80 > F0,
 *       EF4 = (Rr + (Wi - 7)(F80 - F0)/F0)/Rr, Rr = F80/P80;
 *   EF5 fineness: (P80 + 10.3)/(1.145 P80) for P80 < 75 µm;
 *   EF6 rod mill reduction ratio: 1 + (Rr - Rr0)²/150, Rr0 = 8 + 5 L/D, outside Rr0 ± 2;
 *   EF7 ball mill low reduction ratio Rr < 6: (2(Rr - 1.35) + 0.26)/(2(Rr - 1.35)).
 * EF8 (rod milling, by the crushing circuit ahead of it) depends on the plant's arrangement and is
 * not applied (docs/models.md).
 */
#include <math.h>

#include "liberation.h"

static double ef2_open_circuit(double pct)
{
    static const double p[] = {50, 60, 70, 80, 90, 92, 95, 98};
    static const double f[] = {1.035, 1.05, 1.10, 1.20, 1.40, 1.46, 1.57, 1.70};
    if (!(pct > 0.0))
        return 1.0;
    if (pct <= p[0])
        return f[0];
    for (size_t i = 1; i < sizeof p / sizeof p[0]; i++)
        if (pct <= p[i])
            return f[i - 1] + (f[i] - f[i - 1]) * (pct - p[i - 1]) / (p[i] - p[i - 1]);
    return f[7];
}

double orf__rowland_factor(orf__rowland *r, double wi, double f80, double p80)
{
    for (int i = 0; i < 9; i++)
        r->ef[i] = 1.0;
    if (!(f80 > 0.0 && p80 > 0.0 && wi > 0.0))
        return 1.0;
    double rr = f80 / p80;
    r->ef[1] = r->dry ? 1.3 : 1.0;
    r->ef[2] = r->rod ? 1.0 : ef2_open_circuit(r->open_pct);
    if (r->diameter_m > 0.0)
        r->ef[3] = r->diameter_m < 3.81 ? pow(2.44 / r->diameter_m, 0.2) : 0.914;
    double f0 = (r->rod ? 16000.0 : 4000.0) * sqrt(13.0 / wi);
    if (f80 > f0 && rr > 0.0)
        r->ef[4] = (rr + (wi - 7.0) * (f80 - f0) / f0) / rr;
    if (p80 < 75.0)
        r->ef[5] = (p80 + 10.3) / (1.145 * p80);
    if (r->rod) {
        double rr0 = 8.0 + 5.0 * r->rod_l_over_d;
        if (fabs(rr - rr0) > 2.0)
            r->ef[6] = 1.0 + (rr - rr0) * (rr - rr0) / 150.0;
    } else if (rr < 6.0 && rr > 1.35) {
        r->ef[7] = (2.0 * (rr - 1.35) + 0.26) / (2.0 * (rr - 1.35));
    }
    double prod = 1.0;
    for (int i = 1; i <= 7; i++)
        prod *= r->ef[i];
    return prod;
}
