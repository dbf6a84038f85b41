/* oreflow — flotation column and dense-medium cyclone models (column_dms_model.h).
 *
 *  - Wehner, J.F. & Wilhelm, R.H. (1956) Boundary conditions of flow reactor, Chem. Eng. Sci. 6,
 *    89–93; Levenspiel, O. (1999) Chemical Reaction Engineering, 3rd ed., ch. 13.
 *  - Finch, J.A. & Dobby, G.S. (1990) Column Flotation, Pergamon, Oxford; Dobby, G.S. & Finch,
 *    J.A. (1985) Mixing characteristics of industrial flotation columns, Chem. Eng. Sci. 40,
 *    1061–1068.
 *  - Espinosa-Gomez, R., Finch, J.A., Yianatos, J.B. & Dobby, G.S. (1988) Flotation column
 *    carrying capacity: particle size and density effects, Minerals Engineering 1(1), 77–79.
 *  - Wills, B.A. & Finch, J.A. (2016) Wills' Mineral Processing Technology, 8th ed., ch. 11
 *    (dense medium separation).
 */
#include "units/column_dms_model.h"

#include <math.h>

double orf__axial_dispersion_recovery(double ktau, double nd)
{
    if (!(ktau > 0.0))
        return 0.0;
    if (!(nd > 0.0))
        return -expm1(-ktau);
    double a = sqrt(1.0 + 4.0 * ktau * nd);
    double num = 4.0 * a * exp((1.0 - a) / (2.0 * nd));
    double den = (1.0 + a) * (1.0 + a) - (1.0 - a) * (1.0 - a) * exp(-a / nd);
    double r = 1.0 - num / den;
    return r < 0.0 ? 0.0 : (r > 1.0 ? 1.0 : r);
}

double orf__column_dispersion_m2_s(double dc_m, double jl_cm_s)
{
    if (!(dc_m > 0.0) || !(jl_cm_s > 0.0))
        return 0.0;
    return 0.063 * dc_m * pow(jl_cm_s / 1.6, 0.3);
}

double orf__column_overall_recovery(double rc, double rf)
{
    double d = rc * rf + 1.0 - rc;
    return d > 0.0 ? rc * rf / d : 0.0;
}

double orf__column_carrying_capacity(double d80_um, double rho_p_g_cm3)
{
    return 0.068 * d80_um * rho_p_g_cm3;
}

double orf__dms_cyclone_capacity_m3h(double dc_m, double head_dc, double k_in, double cd)
{
    double din = k_in * dc_m;
    double area = 3.14159265358979323846 / 4.0 * din * din;
    double v = sqrt(2.0 * 9.80665 * head_dc * dc_m);
    return 3600.0 * cd * area * v;
}

double orf__medium_solids_t_m3(double rho_md, double rho_ms, double rho_w)
{
    if (!(rho_md > rho_w) || !(rho_ms > rho_w))
        return 0.0;
    return rho_ms * (rho_md - rho_w) / (rho_ms - rho_w) / 1000.0;
}
