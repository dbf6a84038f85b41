/* Thermochemical properties of species: H(T), S(T), G(T), Cp(T) from data/thermo.yaml.
 *
 * Forms of a temperature range (R = 8.314510 J/(mol·K), T in K):
 *  NASA Glenn 9-coefficient (McBride, Zehe & Gordon, "NASA Glenn Coefficients for Calculating
 *  Thermodynamic Properties of Individual Species", NASA/TP-2002-211556, 2002):
 *    Cp/R = a1 T⁻² + a2 T⁻¹ + a3 + a4 T + a5 T² + a6 T³ + a7 T⁴
 *    H/RT = −a1 T⁻² + a2 ln(T)/T + a3 + a4 T/2 + a5 T²/3 + a6 T³/4 + a7 T⁴/5 + b1/T
 *    S/R  = −a1 T⁻²/2 − a2 T⁻¹ + a3 ln T + a4 T + a5 T²/2 + a6 T³/3 + a7 T⁴/4 + b2
 *  NIST Shomate (Chase, NIST-JANAF Thermochemical Tables, 4th ed., 1998; NIST WebBook), t = T/1000:
 *    Cp = A + B t + C t² + D t³ + E/t²                                   J/(mol·K)
 *    H  = A t + B t²/2 + C t³/3 + D t⁴/4 − E/t + F                       kJ/mol (formation scale)
 *    S  = A ln t + B t + C t²/2 + D t³/3 − E/(2t²) + G                   J/(mol·K)
 *  Constant Cp (tabulated 298.15 K values, e.g. Wagman et al., NBS Tables 1982):
 *    H = ΔfH°298 + Cp (T − 298.15),  S = S°298 + Cp ln(T/298.15).
 * G = H − T S. Ranges of one species share the formation-scale enthalpy, so phase changes appear
 * as steps of H. Outside the tabulated span the nearest end is extrapolated with its Cp.
 */
#include "oreflow/thermo.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "thermo_impl.h"

/* ---- evaluation of one range ----------------------------------------------------------------- */

double orf_thermo_range_cp(const orf_thermo_range *r, double t)
{
    const double *c = r->c;
    switch (r->kind) {
    case ORF_THERMO_NASA9:
        return ORF_R_J_MOLK * (c[0] / (t * t) + c[1] / t + c[2] + c[3] * t + c[4] * t * t +
                               c[5] * t * t * t + c[6] * t * t * t * t);
    case ORF_THERMO_SHOMATE: {
        double x = t / 1000.0;
        return c[0] + c[1] * x + c[2] * x * x + c[3] * x * x * x + c[4] / (x * x);
    }
    case ORF_THERMO_CONSTCP:
        return c[2];
    }
    return (double)NAN;
}

double orf_thermo_range_h(const orf_thermo_range *r, double t)
{
    const double *c = r->c;
    switch (r->kind) {
    case ORF_THERMO_NASA9:
        return ORF_R_J_MOLK * t *
               (-c[0] / (t * t) + c[1] * log(t) / t + c[2] + c[3] * t / 2.0 + c[4] * t * t / 3.0 +
                c[5] * t * t * t / 4.0 + c[6] * t * t * t * t / 5.0 + c[7] / t);
    case ORF_THERMO_SHOMATE: {
        double x = t / 1000.0;
        return 1000.0 * (c[0] * x + c[1] * x * x / 2.0 + c[2] * x * x * x / 3.0 +
                         c[3] * x * x * x * x / 4.0 - c[4] / x + c[5]);
    }
    case ORF_THERMO_CONSTCP:
        return c[0] + c[2] * (t - ORF_T0_K);
    }
    return (double)NAN;
}

double orf_thermo_range_s(const orf_thermo_range *r, double t)
{
    const double *c = r->c;
    switch (r->kind) {
    case ORF_THERMO_NASA9:
        return ORF_R_J_MOLK *
               (-c[0] / (2.0 * t * t) - c[1] / t + c[2] * log(t) + c[3] * t + c[4] * t * t / 2.0 +
                c[5] * t * t * t / 3.0 + c[6] * t * t * t * t / 4.0 + c[8]);
    case ORF_THERMO_SHOMATE: {
        double x = t / 1000.0;
        return c[0] * log(x) + c[1] * x + c[2] * x * x / 2.0 + c[3] * x * x * x / 3.0 -
               c[4] / (2.0 * x * x) + c[6];
    }
    case ORF_THERMO_CONSTCP:
        return c[1] + c[2] * log(t / ORF_T0_K);
    }
    return (double)NAN;
}

/* The range holding T, or the end range and the clamped temperature for extrapolation. */
static const orf_thermo_range *pick(const orf_species *sp, double t, double *t_eval)
{
    *t_eval = t;
    if (sp->nr == 0)
        return NULL;
    if (t < sp->r[0].tmin_k) {
        *t_eval = sp->r[0].tmin_k;
        return &sp->r[0];
    }
    for (size_t i = 0; i < sp->nr; i++)
        if (t <= sp->r[i].tmax_k)
            return &sp->r[i];
    *t_eval = sp->r[sp->nr - 1].tmax_k;
    return &sp->r[sp->nr - 1];
}

double orf_species_cp_j_molk(const orf_species *sp, double t_k)
{
    double te;
    const orf_thermo_range *r = pick(sp, t_k, &te);
    if (!r)
        return (double)NAN;
    return orf_thermo_range_cp(r, te);
}

double orf_species_h_j_mol(const orf_species *sp, double t_k)
{
    double te;
    const orf_thermo_range *r = pick(sp, t_k, &te);
    if (!r)
        return (double)NAN;
    double h = orf_thermo_range_h(r, te);
    if (te != t_k)
        h += orf_thermo_range_cp(r, te) * (t_k - te);
    return h;
}

double orf_species_s_j_molk(const orf_species *sp, double t_k)
{
    double te;
    const orf_thermo_range *r = pick(sp, t_k, &te);
    if (!r || !(t_k > 0))
        return (double)NAN;
    double s = orf_thermo_range_s(r, te);
    if (te != t_k)
        s += orf_thermo_range_cp(r, te) * log(t_k / te);
    return s;
}

double orf_species_g_j_mol(const orf_species *sp, double t_k)
{
    return orf_species_h_j_mol(sp, t_k) - t_k * orf_species_s_j_molk(sp, t_k);
}

double orf_species_h_j_kg(const orf_species *sp, double t_k)
{
    return orf_species_h_j_mol(sp, t_k) * 1000.0 / sp->molar_mass_g_mol;
}
double orf_species_s_j_kgk(const orf_species *sp, double t_k)
{
    return orf_species_s_j_molk(sp, t_k) * 1000.0 / sp->molar_mass_g_mol;
}
double orf_species_g_j_kg(const orf_species *sp, double t_k)
{
    return orf_species_g_j_mol(sp, t_k) * 1000.0 / sp->molar_mass_g_mol;
}
double orf_species_cp_j_kgk(const orf_species *sp, double t_k)
{
    return orf_species_cp_j_molk(sp, t_k) * 1000.0 / sp->molar_mass_g_mol;
}

/* ---- database access ------------------------------------------------------------------------- */

size_t orf_thermo_count(const orf_thermo_db *db)
{
    return db ? db->nsp : 0;
}
const orf_species *orf_thermo_species(const orf_thermo_db *db, size_t i)
{
    return (db && i < db->nsp) ? &db->sp[i] : NULL;
}
int orf_thermo_index(const orf_thermo_db *db, const char *name)
{
    if (!db || !name)
        return -1;
    for (size_t i = 0; i < db->nsp; i++)
        if (strcmp(db->sp[i].name, name) == 0)
            return (int)i;
    return -1;
}
const orf_matdb *orf_thermo_matdb(const orf_thermo_db *db)
{
    return db ? db->mdb : NULL;
}
int orf_thermo_bridge_species(const orf_thermo_db *db, int el)
{
    if (!db || el < 0 || (size_t)el >= db->nel)
        return -1;
    return db->bridge[el];
}
