/* oreflow equilibrium "C=1 O2=0.5 N2=2" --t 800:1600:100 [--p-bar P] [--solution MODEL]...
 * [--json]: the chemical equilibrium of a charge given as species and amounts (kmol) over a
 * temperature sweep, by the Gibbs energy minimiser (include/oreflow/equilibrium.h; docs/models.md
 * "Equilibrium engine"). The system: the named solution models (fecr_metal, oxide_slag; their
 * species made of the charge's elements), every gas species of data/thermo.yaml made of the
 * charge's elements, and a pure phase per condensed one. Table: species (rows) by temperature
 * (columns), kmol; JSON: one object per temperature. */
#include "cli.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oreflow/equilibrium.h"
#include "oreflow/thermo.h"

#define MAXT 1000 /* temperatures of one sweep */
#define MAXSP 64  /* species of the charge */

typedef struct charge {
    char name[MAXSP][64];
    double kmol[MAXSP];
    size_t n;
} charge;

/* "C=1 O2=0.5" (one or more operands) into c; errors name the token. */
static int parse_charge(const char *arg, charge *c)
{
    char buf[4096];
    if (strlen(arg) >= sizeof buf) {
        fprintf(stderr, "oreflow equilibrium: the charge is too long\n");
        return -1;
    }
    strcpy(buf, arg);
    for (char *save = NULL, *t = strtok_r(buf, " \t,", &save); t;
         t = strtok_r(NULL, " \t,", &save)) {
        char *eq = strchr(t, '=');
        char *end = NULL;
        double v = eq ? strtod(eq + 1, &end) : 0.0;
        if (!eq || eq == t || end == eq + 1 || *end || !isfinite(v) || v < 0) {
            fprintf(stderr,
                    "oreflow equilibrium: '%s' is not SPECIES=AMOUNT (kmol, a number >= 0)\n", t);
            return -1;
        }
        *eq = 0;
        if (c->n == MAXSP || strlen(t) >= sizeof c->name[0]) {
            fprintf(stderr, "oreflow equilibrium: at most %d species of at most 63 characters\n",
                    MAXSP);
            return -1;
        }
        strcpy(c->name[c->n], t);
        c->kmol[c->n++] = v;
    }
    return 0;
}

/* FROM:TO:STEP or one value, °C. */
static int parse_temps(const char *s, double *t, size_t *nt)
{
    double a, b = 0, st = 0;
    char tail;
    int k = sscanf(s, "%lf:%lf:%lf%c", &a, &b, &st, &tail);
    if (k == 1 && strchr(s, ':') == NULL) {
        t[0] = a;
        *nt = 1;
        return isfinite(a) ? 0 : -1;
    }
    if (k != 3 || !isfinite(a) || !isfinite(b) || !(st > 0) || b < a || (b - a) / st >= MAXT)
        return -1;
    *nt = 0;
    for (double x = a; x <= b + 1e-9 * st; x += st)
        t[(*nt)++] = x;
    return 0;
}

typedef struct made_of_arg {
    const orf_thermo_db *db;
    const orf_matdb *mdb;
    const char *const *syms; /* NULL-terminated element symbols of the charge */
} made_of_arg;

/* A solution species takes part when it is made of the charge's elements only. */
static int made_of_charge(const char *name, void *arg)
{
    const made_of_arg *a = arg;
    int t = orf_thermo_index(a->db, name);
    if (t < 0)
        return 0;
    const orf_species *sp = orf_thermo_species(a->db, (size_t)t);
    for (size_t e = 0; e < orf_matdb_element_count(a->mdb); e++) {
        if (sp->counts[e] == 0.0)
            continue;
        const char *sym = orf_matdb_element(a->mdb, e)->symbol;
        const char *const *s = a->syms;
        while (*s && strcmp(*s, sym))
            s++;
        if (!*s)
            return 0;
    }
    return 1;
}

static void json_string(const char *s)
{
    putchar('"');
    for (; *s; s++)
        if (*s == '"' || *s == '\\')
            printf("\\%c", *s);
        else
            putchar(*s);
    putchar('"');
}

int orf_cmd_equilibrium(int argc, char **argv)
{
    static charge c;
    static double temps[MAXT];
    memset(&c, 0, sizeof c);
    size_t nt = 0;
    double p_bar = 1.0;
    int json = 0;
    const char *sol[4];
    size_t nsol = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--json"))
            json = 1;
        else if (!strcmp(argv[i], "--t") && i + 1 < argc) {
            if (parse_temps(argv[++i], temps, &nt)) {
                fprintf(stderr,
                        "oreflow equilibrium: --t '%s': give FROM:TO:STEP in °C (FROM <= TO, "
                        "STEP > 0, at most %d temperatures) or one temperature\n",
                        argv[i], MAXT);
                return ORF_EXIT_INPUT;
            }
        } else if (!strcmp(argv[i], "--solution") && i + 1 < argc) {
            if (nsol == sizeof sol / sizeof *sol) {
                fprintf(stderr, "oreflow equilibrium: at most %zu --solution options\n",
                        sizeof sol / sizeof *sol);
                return ORF_EXIT_INPUT;
            }
            sol[nsol++] = argv[++i];
        } else if (!strcmp(argv[i], "--p-bar") && i + 1 < argc) {
            char *end;
            p_bar = strtod(argv[++i], &end);
            if (*end || !(p_bar > 0) || !isfinite(p_bar)) {
                fprintf(stderr, "oreflow equilibrium: --p-bar '%s': a pressure > 0 in bar\n",
                        argv[i]);
                return ORF_EXIT_INPUT;
            }
        } else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "oreflow equilibrium: unknown or incomplete option '%s'\n", argv[i]);
            return ORF_EXIT_INPUT;
        } else if (parse_charge(argv[i], &c))
            return ORF_EXIT_INPUT;
    }
    if (c.n == 0 || nt == 0) {
        fputs("usage: oreflow equilibrium \"SPECIES=KMOL ...\" --t FROM:TO:STEP [--p-bar P] "
              "[--solution MODEL]... [--json]\n",
              stderr);
        return ORF_EXIT_INPUT;
    }
    orf_ctx *ctx = orf_ctx_alloc();
    if (!ctx)
        return ORF_EXIT_FAILED;
    orf_matdb *mdb = NULL;
    orf_thermo_db *db = NULL;
    orf_eq_system *sys = NULL;
    orf_eq_work *w = NULL;
    double *feed = NULL;
    int rc = ORF_EXIT_OK;
    char path[4096];
    snprintf(path, sizeof path, "%s/materials.yaml", orf_data_dir());
    orf_status st = orf_matdb_load(ctx, path, &mdb);
    if (!st)
        st = orf_thermo_load_default(ctx, mdb, &db);
    if (st) {
        rc = orf_cli_fail(ctx, st);
        goto done;
    }
    /* the charge's species and elements */
    size_t nel = orf_matdb_element_count(mdb), nsym = 0;
    const char *syms[128];
    for (size_t k = 0; k < c.n; k++) {
        int t = orf_thermo_index(db, c.name[k]);
        if (t < 0) {
            fprintf(stderr, "oreflow equilibrium: unknown species '%s' (not in data/thermo.yaml)",
                    c.name[k]);
            size_t best = (size_t)-1;
            const char *bn = NULL;
            for (size_t i = 0; i < orf_thermo_count(db); i++) {
                size_t d = orf_edit_distance(c.name[k], orf_thermo_species(db, i)->name);
                if (d < best) {
                    best = d;
                    bn = orf_thermo_species(db, i)->name;
                }
            }
            if (bn)
                fprintf(stderr, "; did you mean '%s'?", bn);
            fputc('\n', stderr);
            rc = ORF_EXIT_INPUT;
            goto done;
        }
        const orf_species *sp = orf_thermo_species(db, (size_t)t);
        for (size_t e = 0; e < nel && nsym < 127; e++) {
            if (sp->counts[e] == 0.0)
                continue;
            const char *sym = orf_matdb_element(mdb, e)->symbol;
            size_t j = 0;
            while (j < nsym && strcmp(syms[j], sym))
                j++;
            if (j == nsym)
                syms[nsym++] = sym;
        }
    }
    syms[nsym] = NULL;
    if ((st = orf_eq_system_alloc(ctx, db, &sys))) {
        rc = orf_cli_fail(ctx, st);
        goto done;
    }
    made_of_arg ma = {db, mdb, syms};
    for (size_t k = 0; k < nsol; k++)
        if ((st = orf_eq_system_add_solution(sys, sol[k], sol[k], made_of_charge, &ma, NULL))) {
            rc = orf_cli_fail(ctx, st);
            goto done;
        }
    if ((st = orf_eq_system_add_defaults(sys, syms, NULL)) || (st = orf_eq_work_alloc(sys, &w))) {
        rc = orf_cli_fail(ctx, st);
        goto done;
    }
    size_t ns = orf_eq_species_count(sys);
    feed = calloc(ns * (nt + 1) + 1, sizeof(double)); /* the feed, then amounts per T */
    if (!feed) {
        rc = ORF_EXIT_FAILED;
        goto done;
    }
    for (size_t k = 0; k < c.n; k++) {
        int i = orf_eq_species_find(sys, c.name[k], -1);
        if (i < 0) {
            fprintf(stderr,
                    "oreflow equilibrium: species '%s' is aqueous: not in a melt/gas "
                    "equilibrium\n",
                    c.name[k]);
            rc = ORF_EXIT_INPUT;
            goto done;
        }
        feed[i] += c.kmol[k];
    }
    orf_eq_options o;
    orf_eq_options_init(&o);
    double *amt = feed + ns;
    if (json) {
        printf("{\"p_bar\": %.17g, \"charge_kmol\": {", p_bar);
        for (size_t k = 0; k < c.n; k++) {
            printf("%s", k ? ", " : "");
            json_string(c.name[k]);
            printf(": %.17g", c.kmol[k]);
        }
        printf("}, \"results\": [");
    }
    for (size_t k = 0; k < nt; k++) {
        orf_eq_result r;
        st = orf_eq_solve_tp(w, feed, temps[k] + 273.15, p_bar, &o, &r);
        if (st) {
            if (json)
                printf("]}\n");
            fprintf(stderr, "oreflow equilibrium: at %g °C:\n", temps[k]);
            rc = orf_cli_fail(ctx, st);
            goto done;
        }
        o.start = ORF_EQ_START_LAST;
        memcpy(amt + k * ns, r.n, ns * sizeof(double));
        if (json) {
            printf("%s\n  {\"t_c\": %.17g, \"t_k\": %.17g, \"g_kj\": %.17g, \"h_kj\": %.17g, "
                   "\"iterations\": %d, \"balance_error\": %.3g, \"phases\": [",
                   k ? "," : "", temps[k], r.t_k, r.g_j / 1000, r.h_j / 1000, r.iterations,
                   r.balance_error);
            int first = 1;
            for (size_t p = 0; p < orf_eq_phase_count(sys); p++)
                if (r.present[p]) {
                    printf("%s", first ? "" : ", ");
                    json_string(orf_eq_phase_name(sys, p));
                    first = 0;
                }
            printf("], \"amounts_kmol\": {");
            first = 1;
            for (size_t i = 0; i < ns; i++)
                if (r.n[i] > 0) {
                    printf("%s", first ? "" : ", ");
                    json_string(orf_eq_species_get(sys, i)->name);
                    printf(": %.17g", r.n[i]);
                    first = 0;
                }
            printf("}}");
        }
    }
    if (json)
        printf("\n]}\n");
    else {
        double tot = 0.0;
        for (size_t i = 0; i < ns; i++)
            tot += feed[i];
        printf("equilibrium at %g bar, amounts in kmol (species above 1e-9 of the charge)\n",
               p_bar);
        printf("%-12s %-10s", "species", "phase");
        for (size_t k = 0; k < nt; k++)
            printf(" %11g", temps[k]);
        printf("  T (°C)\n");
        for (size_t i = 0; i < ns; i++) {
            int shown = 0;
            for (size_t k = 0; k < nt; k++)
                shown |= amt[k * ns + i] > 1e-9 * tot;
            if (!shown)
                continue;
            int p = orf_eq_species_phase(sys, i);
            orf_eq_phase_kind kind = orf_eq_phase_kind_of(sys, (size_t)p);
            printf("%-12s %-10s", orf_eq_species_get(sys, i)->name,
                   kind == ORF_EQ_GAS    ? "gas"
                   : kind == ORF_EQ_PURE ? "pure"
                                         : orf_eq_phase_name(sys, (size_t)p));
            for (size_t k = 0; k < nt; k++)
                printf(" %11.4g", amt[k * ns + i]);
            putchar('\n');
        }
    }
    orf_ctx_print_diags(ctx, stderr); /* warnings: data used outside its temperature range */
done:
    free(feed);
    orf_eq_work_free(w);
    orf_eq_system_free(sys);
    orf_thermo_free(db);
    orf_matdb_free(mdb);
    orf_ctx_free(ctx);
    return rc;
}
