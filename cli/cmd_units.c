/* oreflow units [TYPE]: the unit types, their parameters with units of measure and defaults. */
#include "cli.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static void print_ports(const char *label, const char *const *ports, size_t n, size_t min)
{
    printf("  %s: ", label);
    if (n == 0 || !ports) {
        puts("none");
        return;
    }
    if (n == ORF_PORTS_VARIADIC) {
        printf("%s (%zu or more)\n", ports[0], min);
        return;
    }
    for (size_t i = 0; i < n; i++)
        printf("%s%s", i ? ", " : "", ports[i]);
    putchar('\n');
}

static void print_type(const orf_unit_type *t)
{
    printf("%s (%s)\n  %s\n  source: %s\n", t->name, t->family, t->summary, t->citation);
    print_ports("inlets", t->inlets, t->ninlets, t->min_inlets);
    print_ports("outlets", t->outlets, t->noutlets, t->min_outlets);
    if (t->nparams) {
        puts("  parameters:");
        for (size_t i = 0; i < t->nparams; i++) {
            const orf_param_def *d = &t->params[i];
            char dflt[64];
            if (d->kind != ORF_PARAM_NUMBER)
                snprintf(dflt, sizeof dflt, "%s", d->kind == ORF_PARAM_TABLE ? "table" : "name");
            else if (d->required)
                snprintf(dflt, sizeof dflt, "required");
            else
                snprintf(dflt, sizeof dflt, "default %g", d->dflt);
            printf("    %-24s %-10s %-16s", d->name, d->unit && *d->unit ? d->unit : "-", dflt);
            if (d->kind == ORF_PARAM_NUMBER)
                printf(" [%g, %g]", d->min, d->max);
            printf("  %s\n", d->doc ? d->doc : "");
        }
    }
    if (t->nresults) {
        puts("  results:");
        for (size_t i = 0; i < t->nresults; i++)
            printf("    %-24s %-10s %s\n", t->results[i].name,
                   *t->results[i].unit ? t->results[i].unit : "-", t->results[i].doc);
    }
}

int orf_cmd_units(int argc, char **argv)
{
    if (argc > 2) {
        fputs("usage: oreflow units [TYPE]\n", stderr);
        return ORF_EXIT_INPUT;
    }
    orf_ctx *ctx = orf_cli_ctx_alloc(); /* the registered unit types */
    if (!ctx)
        return orf_cli_nomem();
    size_t n = orf_unit_types_count(ctx);
    int rc = ORF_EXIT_OK;
    if (argc == 2) {
        const orf_unit_type *t = orf_unit_types_find(ctx, argv[1]);
        if (!t) {
            fprintf(stderr, "oreflow units: unknown unit type '%s'", argv[1]);
            size_t best = (size_t)-1;
            const char *bn = NULL;
            for (size_t i = 0; i < n; i++) {
                size_t d = orf_edit_distance(argv[1], orf_unit_types_get(ctx, i)->name);
                if (d < best) {
                    best = d;
                    bn = orf_unit_types_get(ctx, i)->name;
                }
            }
            if (bn && best <= 3)
                fprintf(stderr, " (did you mean '%s'?)", bn);
            fputc('\n', stderr);
            rc = ORF_EXIT_INPUT;
        } else {
            print_type(t);
        }
    } else {
        for (size_t i = 0; i < n; i++) {
            if (i)
                putchar('\n');
            print_type(orf_unit_types_get(ctx, i));
        }
    }
    orf_ctx_free(ctx);
    return rc;
}
