/* Chemical equations: parsing, element balance, enthalpy and Gibbs energy of reaction.
 *
 *   ΔH_r(T) = Σ ν_i H_i(T),  ΔG_r(T) = Σ ν_i G_i(T)    (ν < 0 reactants, ν > 0 products)
 *
 * with H_i, G_i on the formation scale of data/thermo.yaml (NASA Glenn, NIST-JANAF; see
 * thermo.c). An equation must conserve every element (Lavoisier); the check runs when a flowsheet
 * is loaded, so an unbalanced equation is reported at its file:line:column before any solve.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oreflow/thermo.h"
#include "thermo_impl.h"

/* Find the arrow; returns pointer to it and its length, or NULL. */
static const char *find_arrow(const char *s, size_t *len)
{
    static const char *const arrows[] = {"->", "=>", "\xe2\x86\x92", "="};
    for (size_t k = 0; k < sizeof arrows / sizeof arrows[0]; k++) {
        const char *p = strstr(s, arrows[k]);
        if (p) {
            *len = strlen(arrows[k]);
            return p;
        }
    }
    return NULL;
}

static void trim(const char **b, const char **e)
{
    while (*b < *e && isspace((unsigned char)**b))
        (*b)++;
    while (*e > *b && isspace((unsigned char)(*e)[-1]))
        (*e)--;
}

/* Parse one side "a A + b B" between [b, e), appending terms with sign. */
static orf_status parse_side(orf_ctx *ctx, const orf_thermo_db *db, const char *b, const char *e,
                             double sign, const orf_loc *loc, const char *object,
                             const char *equation, orf_reaction *out)
{
    const char *p = b;
    while (p <= e) {
        const char *q = p;
        /* a '+' separates terms only at the top level of the text between terms */
        while (q < e && *q != '+')
            q++;
        const char *tb = p, *te = q;
        trim(&tb, &te);
        if (tb == te)
            return orf_diag_emit(ctx, ORF_E_SYNTAX, loc, object,
                                 "equation '%s': empty term (a stray '+' or a missing side)",
                                 equation);
        double coef = 1.0;
        if (isdigit((unsigned char)*tb) || *tb == '.') {
            char *endp = NULL;
            coef = strtod(tb, &endp);
            if (endp == tb || endp > te || !(coef > 0) || !isfinite(coef))
                return orf_diag_emit(ctx, ORF_E_SYNTAX, loc, object,
                                     "equation '%s': bad coefficient in '%.*s'", equation,
                                     (int)(te - tb), tb);
            tb = endp;
            while (tb < te && isspace((unsigned char)*tb))
                tb++;
        }
        if (tb == te)
            return orf_diag_emit(ctx, ORF_E_SYNTAX, loc, object,
                                 "equation '%s': coefficient without a species", equation);
        char name[128];
        size_t n = (size_t)(te - tb);
        if (n >= sizeof name)
            return orf_diag_emit(ctx, ORF_E_SYNTAX, loc, object,
                                 "equation '%s': species name too long", equation);
        memcpy(name, tb, n);
        name[n] = '\0';
        int s = orf_thermo_index(db, name);
        if (s < 0) {
            orf_status rc = orf_diag_emit(
                ctx, ORF_E_UNKNOWN_NAME, loc, object,
                "equation '%s': unknown species '%s' (not in thermo.yaml)", equation, name);
            orf_diag_hint_nearest(ctx, name, (const char *const *)db->names, db->nsp);
            return rc;
        }
        /* merge repeated species on the same side */
        size_t k;
        for (k = 0; k < out->n; k++)
            if (out->sp[k] == s)
                break;
        if (k == out->n) {
            if (out->n == ORF_REACTION_MAX_TERMS)
                return orf_diag_emit(ctx, ORF_E_INPUT, loc, object,
                                     "equation '%s': more than %d species", equation,
                                     ORF_REACTION_MAX_TERMS);
            out->sp[out->n] = s;
            out->nu[out->n] = 0.0;
            out->n++;
        }
        out->nu[k] += sign * coef;
        if (q >= e)
            break;
        p = q + 1;
    }
    return ORF_OK;
}

double orf_reaction_imbalance(const orf_thermo_db *db, const orf_reaction *r)
{
    double worst = 0.0;
    for (size_t e = 0; e < db->nel; e++) {
        double net = 0.0, gross = 0.0;
        for (size_t k = 0; k < r->n; k++) {
            double c = r->nu[k] * db->sp[r->sp[k]].counts[e];
            net += c;
            gross += fabs(c);
        }
        if (gross > 0 && fabs(net) / (0.5 * gross) > worst)
            worst = fabs(net) / (0.5 * gross);
    }
    return worst;
}

orf_status orf_reaction_parse(orf_ctx *ctx, const orf_thermo_db *db, const char *equation,
                              const orf_loc *loc, const char *object, orf_reaction *out)
{
    memset(out, 0, sizeof *out);
    out->equation = equation;
    if (loc)
        out->loc = *loc;
    size_t alen = 0;
    const char *arrow = find_arrow(equation, &alen);
    if (!arrow)
        return orf_diag_emit(ctx, ORF_E_SYNTAX, loc, object, "equation '%s' has no arrow ('->')",
                             equation);
    const char *lb = equation, *le = arrow, *rb = arrow + alen, *re = equation + strlen(equation);
    trim(&lb, &le);
    trim(&rb, &re);
    if (lb == le || rb == re)
        return orf_diag_emit(ctx, ORF_E_SYNTAX, loc, object,
                             "equation '%s' needs reactants and products", equation);
    if (find_arrow(rb, &alen) && find_arrow(rb, &alen) < re)
        return orf_diag_emit(ctx, ORF_E_SYNTAX, loc, object, "equation '%s' has two arrows",
                             equation);
    orf_status st = parse_side(ctx, db, lb, le, -1.0, loc, object, equation, out);
    if (st)
        return st;
    if ((st = parse_side(ctx, db, rb, re, +1.0, loc, object, equation, out)))
        return st;

    /* element balance: report every element that does not balance */
    char msg[512];
    size_t len = 0;
    msg[0] = '\0';
    for (size_t e = 0; e < db->nel; e++) {
        double lhs = 0.0, rhs = 0.0;
        for (size_t k = 0; k < out->n; k++) {
            double c = out->nu[k] * db->sp[out->sp[k]].counts[e];
            if (c < 0)
                lhs -= c;
            else
                rhs += c;
        }
        double scale = lhs > rhs ? lhs : rhs;
        if (scale > 0 && fabs(lhs - rhs) > 1e-9 * scale && len < sizeof msg - 64) {
            int w = snprintf(msg + len, sizeof msg - len, "%s%s %g -> %g", len ? ", " : "",
                             orf_matdb_element(db->mdb, e)->symbol, lhs, rhs);
            if (w > 0)
                len += (size_t)w;
        }
    }
    if (len)
        return orf_diag_emit(ctx, ORF_E_INPUT, loc, object,
                             "equation '%s' does not balance: %s (atoms in reactants -> products)",
                             equation, msg);
    /* all-zero net (e.g. "A -> A") is not a reaction */
    int any = 0;
    for (size_t k = 0; k < out->n; k++)
        if (fabs(out->nu[k]) > 0)
            any = 1;
    if (!any)
        return orf_diag_emit(ctx, ORF_E_INPUT, loc, object, "equation '%s' changes nothing",
                             equation);
    return ORF_OK;
}

double orf_reaction_dh_j_mol(const orf_thermo_db *db, const orf_reaction *r, double t_k)
{
    double h = 0.0;
    for (size_t k = 0; k < r->n; k++)
        h += r->nu[k] * orf_species_h_j_mol(&db->sp[r->sp[k]], t_k);
    return h;
}

double orf_reaction_dg_j_mol(const orf_thermo_db *db, const orf_reaction *r, double t_k)
{
    double g = 0.0;
    for (size_t k = 0; k < r->n; k++)
        g += r->nu[k] * orf_species_g_j_mol(&db->sp[r->sp[k]], t_k);
    return g;
}
