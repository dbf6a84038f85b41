/* Plant design output: the JSON section "design" (docs/json.md) and the short terminal table of
 * `oreflow run`. */
#include "design_impl.h"

#include <math.h>
#include <string.h>

void orf_design_json_section(void *ud, orf_json *j)
{
    const orf_design *d = ud;
    if (!d)
        return;
    orf_json_key(j, "design");
    orf_json_begin_object(j);
    orf_json_key(j, "equipment");
    orf_json_begin_array(j);
    for (size_t i = 0; i < d->n; i++) {
        const orf_design_item *it = &d->items[i];
        orf_json_begin_object(j);
        orf_json_key_string(j, "unit", it->unit);
        orf_json_key_string(j, "unit_type", it->unit_type);
        orf_json_key_string(j, "equipment", it->equipment);
        orf_json_key_number(j, "count", it->count);
        orf_json_key_number(j, "installed", it->installed);
        orf_json_key_number(j, "size", it->size);
        orf_json_key_string(j, "size_unit", it->size_unit);
        orf_json_key_number(j, "capacity", it->capacity);
        orf_json_key_number(j, "load", it->load);
        orf_json_key_string(j, "capacity_unit", it->capacity_unit);
        orf_json_key_number(j, "utilisation_pct", it->utilisation_pct);
        orf_json_key_number(j, "motor_kw", it->motor_kw);
        orf_json_key_number(j, "purchased_usd", it->purchased_usd);
        orf_json_key_number(j, "install_factor", it->install_factor);
        orf_json_key_number(j, "installed_usd", it->installed_usd);
        orf_json_key(j, "cost_assumed");
        orf_json_bool(j, it->cost_assumed);
        orf_json_key_string(j, "method", it->method);
        orf_json_key_string(j, "source", it->source);
        orf_json_end_object(j);
    }
    orf_json_end_array(j);
    orf_json_key(j, "not_sized");
    orf_json_begin_array(j);
    for (size_t i = 0; i < d->nunsized; i++)
        orf_json_string(j, d->unsized[i]);
    orf_json_end_array(j);
    const orf_design_capex *c = &d->capex;
    orf_json_key(j, "capex");
    orf_json_begin_object(j);
    orf_json_key_number(j, "purchased_usd", c->purchased_usd);
    orf_json_key_number(j, "installed_usd", c->installed_usd);
    orf_json_key_string(j, "installation", c->factor_method);
    orf_json_key_number(j, "lang_factor",
                        !strcmp(c->factor_method, "lang") ? c->lang_factor : (double)NAN);
    orf_json_key(j, "cost_year");
    orf_json_int(j, c->cost_year);
    orf_json_key_number(j, "cepci", c->cepci);
    orf_json_key(j, "aace_class");
    orf_json_int(j, c->aace_class);
    orf_json_key_number(j, "accuracy_low_pct", c->accuracy_low_pct);
    orf_json_key_number(j, "accuracy_high_pct", c->accuracy_high_pct);
    orf_json_key_number(j, "installed_low_usd", c->installed_usd * (1 + c->accuracy_low_pct / 100));
    orf_json_key_number(j, "installed_high_usd",
                        c->installed_usd * (1 + c->accuracy_high_pct / 100));
    orf_json_key(j, "items_costed");
    orf_json_int(j, (long)c->n_costed);
    orf_json_key(j, "items_not_costed");
    orf_json_int(j, (long)c->n_uncosted);
    orf_json_key_string(j, "basis",
                        c->aace_class == 5
                            ? "AACE 18R-97 class 5: cost curves assumed (data/design/"
                              "cost_curves.yaml) or items without a curve"
                            : "AACE 18R-97 class 4: factored from a sized equipment list");
    orf_json_end_object(j);
    orf_json_end_object(j);
}

static void num(FILE *fp, double v, int w, const char *fmt)
{
    if (isfinite(v))
        fprintf(fp, fmt, w, v);
    else
        fprintf(fp, " %*s", w, "-");
}

void orf_design_print(const orf_design *d, FILE *fp)
{
    if (!d || !d->n)
        return;
    fprintf(fp, "\nequipment (design; methods in the JSON and docs/models.md)\n");
    fprintf(fp, "  %-16s %-17s %6s %6s %10s %-10s %8s %12s\n", "unit", "equipment", "needed",
            "runs", "size", "", "util. %", "installed M$");
    for (size_t i = 0; i < d->n; i++) {
        const orf_design_item *it = &d->items[i];
        fprintf(fp, "  %-16.16s %-17.17s %6.0f %6.0f", it->unit, it->equipment, it->count,
                it->installed);
        num(fp, it->size, 10, " %*.4g");
        fprintf(fp, " %-10.10s", it->size_unit);
        num(fp, it->utilisation_pct, 8, " %*.1f");
        num(fp, it->installed_usd / 1e6, 12, " %*.3f");
        fputc('\n', fp);
    }
    const orf_design_capex *c = &d->capex;
    fprintf(fp,
            "factored CAPEX %.2f M USD (%d, CEPCI %.1f): purchased %.2f M USD × %s; AACE class %d "
            "(%+.0f %% / %+.0f %%)\n",
            c->installed_usd / 1e6, c->cost_year, c->cepci, c->purchased_usd / 1e6,
            d->hand ? "Hand factors" : "Lang factor", c->aace_class, c->accuracy_low_pct,
            c->accuracy_high_pct);
}
