/* Every registered unit type through the same checks (GSL's roots/test.c loops over its solver
 * types the same way): a one-unit flowsheet around it — its default parameters, plus the few a
 * type requires from the fixture table below — on a standard feed (a chromite-like particulate
 * slurry for physical units; the ferrochrome charge of examples/chromite/ferrochrome.yaml for
 * reacting ones), solved; results and outlets finite; mass conserved to 1e-9 relative, per
 * material where the type declares conserves_materials, per element where it reacts;
 * `oreflow units TYPE` prints it; docs/models.md has a heading naming it. Each failure names the
 * type. A new unit in src/units/units.def is checked here without touching this file, unless
 * it has required parameters (then add a row to FIXTURES). */
#include "orf_test.h"

#include "oreflow.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Parameters a type cannot run without (required ones, or a choice among several): entries of
 * the unit's YAML mapping, one a line; chem: run on the reacting system. */
static const struct {
    const char *type, *params;
    int chem;
} FIXTURES[] = {
    {"splitter", "fractions: [0.4, 0.6]", 0},
    {"water_addition", "pct_solids: 30", 0},
    {"recovery_separator", "recovery: {chromite: 0.9, serpentine: 0.1}", 0},
    {"crusher", "k1_mm: 0.5\nk2_mm: 2.5", 0},
    {"screen", "d50_um: 300", 0},
    {"hydrosizer", "area_m2: 5", 0},
    {"flotation_bank", "rate_constants_per_min: {chromite: 1.2, serpentine: 0.05}", 0},
    {"reactor",
     "reactions: [{equation: \"Cr2O3 + 3 C -> 2 Cr + 3 CO\", key: Cr2O3, "
     "conversion: 0.5}]\nroute: {Cr: o0, gas: o1, default: o0}",
     1},
    {"saf_ferrochrome", "reductant: coke", 1},
    {"aluminothermic", "", 1},
    {"equilibrium", "temperature_c: 1600", 1},
    {"sinter_pelletiser", "fuel: coke", 1},
    {"prereduction_kiln", "fuel: coke", 1},
    {"matte_settler", "matte: [chromite]\nelement: Cr\nelement_in_slag_pct: 1", 0},
    {"electrorefiner", "metal: Cr\nto_slimes_pct: {Fe: 99}", 1},
    {"utility", "kwh_per_t: 5", 0},
    {"crusher_king", "css_mm: 1", 0},
    {"column_flotation", "rate_constants_per_min: {chromite: 1.2, serpentine: 0.05}", 0},
    {"dms_cyclone", "medium_density_kg_m3: 3000", 0},
};

/* The physical system: chromite and serpentine in a √2 sieve series with liberation classes,
 * as slurry; `wash` is water only (the second inlet of a hydrosizer). */
static const char PHYS_HEAD[] = "name: every unit\n"
                                "materials: [chromite, serpentine]\n"
                                "sizes: {top_um: 2000, ratio: 1.41421356, count: 12}\n"
                                "valuable: chromite\n"
                                "composition_classes: {vfrac: [1.0, 0.5, 0.0]}\n"
                                "feeds:\n"
                                "  ore:\n"
                                "    solids_tph: 100\n"
                                "    pct_solids: 40\n"
                                "    mineralogy: {chromite: 30, serpentine: 70}\n"
                                "    psd: {model: rosin_rammler, d63_um: 300, n: 1.1}\n"
                                "    liberation: [0.7, 0.3, 0.0]\n"
                                "  wash: {water_tph: 50}\n";
static const char *const PHYS_FEEDS[] = {"ore", "wash"};

/* The reacting system: the SAF charge of examples/chromite/ferrochrome.yaml. */
static const char CHEM_HEAD[] =
    "name: every unit\n"
    "materials: [chromite, serpentine, olivine, coke, quartzite, Cr2O3, FeO, Fe2O3, MgO, Al2O3,\n"
    "            SiO2, CaO, TiO2, C, Cr, Fe, Si, CO, CO2, O2, N2, steam, CH4, Al]\n"
    "feeds:\n"
    "  ore: {bulk: {chromite: 40.0, serpentine: 6.0, olivine: 4.0}, temperature_c: 25}\n"
    "  coke: {bulk: {coke: 12.0}, temperature_c: 25}\n"
    "  quartzite: {bulk: {quartzite: 3.0}, temperature_c: 25}\n"
    "  air: {bulk: {O2: 0.232, N2: 0.768}, temperature_c: 25}\n";
static const char *const CHEM_FEEDS[] = {"ore", "coke", "quartzite", "air"};

typedef struct buf {
    char s[8192];
    size_t n;
} buf;

static void put(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(b->s + b->n, sizeof b->s - b->n, fmt, ap);
    va_end(ap);
    assert_true(k >= 0 && (size_t)k < sizeof b->s - b->n);
    b->n += (size_t)k;
}

static const char *fixture(const char *type)
{
    for (size_t i = 0; i < sizeof FIXTURES / sizeof *FIXTURES; i++)
        if (!strcmp(FIXTURES[i].type, type))
            return FIXTURES[i].params;
    return NULL;
}

static int reacts(const orf_unit_type *t)
{
    for (size_t i = 0; i < sizeof FIXTURES / sizeof *FIXTURES; i++)
        if (!strcmp(FIXTURES[i].type, t->name))
            return FIXTURES[i].chem;
    return 0;
}

/* The YAML of a one-unit flowsheet around type t (the unit is named `u`; a source type is the
 * feed `u` itself, followed by a product). */
static void flowsheet_text(const orf_unit_type *t, buf *b)
{
    int chem = reacts(t);
    const char *const *feeds = chem ? CHEM_FEEDS : PHYS_FEEDS;
    size_t nfeeds = chem ? 4 : 2;
    put(b, "%s", chem ? CHEM_HEAD : PHYS_HEAD);
    if (t->flags & ORF_UNIT_SOURCE) {
        /* the standard feed under the type's own name */
        put(b, "  u: {solids_tph: 20, water_tph: 30, mineralogy: {chromite: 50, serpentine: 50}, "
               "psd: {model: ggs, k_um: 1000, m: 0.8}}\n");
        put(b, "units:\n  - {name: sink, type: product, in: [u]}\n");
        return;
    }
    put(b, "units:\n  - name: u\n    type: %s\n", t->name);
    size_t nin = t->ninlets == ORF_PORTS_VARIADIC ? (chem ? nfeeds : t->min_inlets) : t->ninlets;
    assert_true(nin <= nfeeds);
    if (nin) {
        put(b, "    in: [");
        for (size_t k = 0; k < nin; k++)
            put(b, "%s%s", k ? ", " : "", feeds[k]);
        put(b, "]\n");
    }
    size_t nout = t->noutlets == ORF_PORTS_VARIADIC ? 2 : t->noutlets;
    if (nout) {
        put(b, "    out: [");
        for (size_t k = 0; k < nout; k++)
            put(b, "%so%zu", k ? ", " : "", k);
        put(b, "]\n");
    }
    const char *fx = fixture(t->name); /* outlets are o0, o1, ... in port order */
    for (const char *p = fx; p && *p;) {
        size_t len = strcspn(p, "\n");
        put(b, "    %.*s\n", (int)len, p);
        p += len + (p[len] == '\n');
    }
    /* every other feed ends in a product, so that no stream dangles */
    for (size_t k = nin; k < nfeeds; k++)
        put(b, "  - {name: sink%zu, type: product, in: [%s]}\n", k, feeds[k]);
}

static double sum_tph(orf_flowsheet *fs, const int *idx, size_t n, int what, size_t m)
{
    double s = 0.0;
    for (size_t k = 0; k < n; k++) {
        const orf_stream *st = orf_flowsheet_stream(fs, (size_t)idx[k]);
        s += what == 0   ? orf_stream_total_tph(st)
             : what == 1 ? orf_stream_material_tph(st, m)
                         : orf_stream_element_tph(st, (int)m);
    }
    return s;
}

static double result(const orf_unit *u, const char *name)
{
    for (size_t i = 0; i < u->type->nresults; i++)
        if (!strcmp(u->type->results[i].name, name))
            return u->r[i];
    return 0.0;
}

/* A failed check: printed with the type's name and counted; the loop goes on to the next
 * check, so that one run lists every type and check that fails. */
static int nfail;
#define FAIL(...) (fprintf(stderr, "FAIL: " __VA_ARGS__), fputc('\n', stderr), nfail++)

static int close_rel(double a, double b)
{
    return fabs(a - b) <= 1e-9 * fmax(fabs(a), fabs(b)) + 1e-12;
}

/* Load, solve and check one type; messages name it. */
static void check_model(const orf_unit_type *t)
{
    buf b = {{0}, 0};
    flowsheet_text(t, &b);
    orf_ctx *ctx = orf_ctx_alloc();
    assert_non_null(ctx);
    orf_flowsheet *fs = NULL;
    orf_status st = orf_flowsheet_load_string(ctx, "every_unit.yaml", b.s, &fs);
    if (st) {
        orf_ctx_print_diags(ctx, stderr);
        FAIL("%s: the one-unit flowsheet does not load (%s):\n%s", t->name, orf_status_name(st),
             b.s);
        orf_ctx_free(ctx);
        return;
    }
    orf_solve_info info;
    st = orf_flowsheet_solve(fs, &info);
    if (st) {
        orf_ctx_print_diags(ctx, stderr);
        FAIL("%s: solve did not succeed (%s)", t->name, orf_status_name(st));
        orf_flowsheet_free(fs);
        orf_ctx_free(ctx);
        return;
    }
    const orf_unit *u = orf_flowsheet_unit(fs, (size_t)orf_flowsheet_unit_index(fs, "u"));
    assert_ptr_equal(u->type, t);
    /* a result may be NaN only where its doc says when (e.g. "NaN without Ecs") */
    for (size_t i = 0; i < t->nresults; i++)
        if (isinf(u->r[i]) ||
            (isnan(u->r[i]) && !(t->results[i].doc && strstr(t->results[i].doc, "NaN"))))
            FAIL("%s: result %s is %g", t->name, t->results[i].name, u->r[i]);
    const orf_system *y = orf_flowsheet_system(fs);
    for (size_t k = 0; k < u->nout; k++) {
        const orf_stream *o = orf_flowsheet_stream(fs, (size_t)u->out[k]);
        for (size_t i = 0; i < y->nvar; i++)
            if (!isfinite(o->x[i]) || (i < y->nvar - 1 && o->x[i] < -1e-9)) {
                FAIL("%s: outlet %zu entry %zu is %g", t->name, k, i, o->x[i]);
                break;
            }
    }
    double in = sum_tph(fs, u->in, u->nin, 0, 0), out = sum_tph(fs, u->out, u->nout, 0, 0);
    if (t->flags & ORF_UNIT_SOURCE) {
        if (!(out > 0.0))
            FAIL("%s: a source gives no flow", t->name);
    } else if (u->nout) {
        double added = result(u, "water_added_tph");
        if (!(in > 0.0) || !close_rel(in + added, out))
            FAIL("%s: mass in %.17g (+ %.17g water added) != out %.17g", t->name, in, added, out);
        if (t->conserves_materials)
            for (size_t m = 0; m < y->nm; m++) {
                double a = sum_tph(fs, u->in, u->nin, 1, m), c = sum_tph(fs, u->out, u->nout, 1, m);
                if ((int)m == y->water)
                    a += added;
                if (!close_rel(a, c))
                    FAIL("%s: material %s in %.17g != out %.17g", t->name, y->mat[m]->name, a, c);
            }
        else /* elements, with those of the water taken from outside */
            for (size_t e = 0; e < orf_matdb_element_count(y->db); e++) {
                double a = sum_tph(fs, u->in, u->nin, 2, e), c = sum_tph(fs, u->out, u->nout, 2, e);
                const orf_material *w = y->water >= 0 ? y->mat[y->water] : NULL;
                for (size_t k = 0; w && k < w->nel; k++)
                    if ((size_t)w->el[k] == e)
                        a += added * w->wfrac[k];
                if (!close_rel(a, c))
                    FAIL("%s: element %s in %.17g != out %.17g", t->name,
                         orf_matdb_element(y->db, e)->symbol, a, c);
            }
    }
    orf_flowsheet_free(fs);
    orf_ctx_free(ctx);
}

/* `oreflow units TYPE` exits 0 and starts with "TYPE (family)". */
static void check_cli(const orf_unit_type *t)
{
    char cmd[512], line[512] = "";
    snprintf(cmd, sizeof cmd, "'%s/oreflow' units %s 2>&1", ORF_BINARY_DIR, t->name);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    if (!fgets(line, sizeof line, p))
        line[0] = '\0';
    char rest[4096];
    while (fread(rest, 1, sizeof rest, p) > 0)
        ;
    int rc = pclose(p);
    char want[256];
    snprintf(want, sizeof want, "%s (%s)\n", t->name, t->family);
    if (rc != 0 || strcmp(line, want))
        FAIL("%s: `oreflow units %s` exited %d and printed '%s'", t->name, t->name, rc, line);
}

/* docs/models.md has a heading that names the type in backticks. */
static void check_docs(const orf_unit_type *t)
{
    FILE *fp = fopen(ORF_SOURCE_DIR "/docs/models.md", "r");
    assert_non_null(fp);
    char line[1024], want[128];
    snprintf(want, sizeof want, "`%s`", t->name);
    int found = 0;
    while (!found && fgets(line, sizeof line, fp))
        found = line[0] == '#' && strstr(line, want);
    fclose(fp);
    if (!found)
        FAIL("%s: docs/models.md has no heading naming `%s`", t->name, t->name);
}

static void every_registered_type_passes_the_same_checks(void **state)
{
    (void)state;
    orf_ctx *ctx = orf_ctx_alloc();
    assert_non_null(ctx);
    size_t n = orf_unit_types_count(ctx);
    assert_true(n >= 22);
    for (size_t i = 0; i < n; i++) {
        const orf_unit_type *t = orf_unit_types_get(ctx, i);
        for (size_t j = 0; j < t->nparams; j++)
            if (t->params[j].required && !fixture(t->name))
                FAIL("%s: parameter '%s' is required: add the type to FIXTURES", t->name,
                     t->params[j].name);
        check_model(t);
        check_cli(t);
        check_docs(t);
    }
    orf_ctx_free(ctx);
    assert_int_equal(nfail, 0);
}

/* Registration refuses malformed descriptors, each with a diagnostic naming it, and keeps the
 * good ones. */
static int noop_compute(orf_unit *u, const orf_stream *const *in, orf_stream *const *out)
{
    (void)u, (void)in, (void)out;
    return 0;
}
static void noop_teardown(orf_unit *u, orf_ctx *ctx)
{
    (void)u, (void)ctx;
}

static void registration_refuses_bad_descriptors(void **state)
{
    (void)state;
    static const char *const port[] = {"in", NULL};
    static const orf_unit_type good = {.abi = ORF_UNIT_ABI,
                                       .name = "my_unit",
                                       .family = "flow",
                                       .inlets = port,
                                       .ninlets = ORF_PORTS_VARIADIC,
                                       .min_inlets = 1,
                                       .compute = noop_compute};
    orf_unit_type old = good, noname = good, nocompute = good, nomin = good, td = good, src = good;
    old.abi = ORF_UNIT_ABI - 1;
    old.name = "old_unit";
    noname.name = NULL;
    nocompute.name = "no_compute";
    nocompute.compute = NULL;
    nomin.name = "no_min";
    nomin.min_inlets = 0;
    td.name = "teardown_no_state";
    td.teardown = noop_teardown;
    src.name = "second_source";
    src.flags = ORF_UNIT_SOURCE;
    src.inlets = NULL;
    src.ninlets = 0;
    src.outlets = port;
    src.noutlets = 1;
    const orf_unit_type *list[] = {&good, &old, &noname, &nocompute, &nomin, &td, &src, &good};
    const char *why[] = {"ABI",
                         "no name",
                         "no compute",
                         "variadic port",
                         "teardown",
                         "already the source",
                         "already registered"};
    orf_ctx *ctx = orf_ctx_alloc();
    assert_non_null(ctx);
    size_t n0 = orf_unit_types_count(ctx);
    assert_int_equal(orf_unit_types_register(ctx, list, sizeof list / sizeof *list), ORF_E_INPUT);
    assert_int_equal(orf_unit_types_count(ctx), n0 + 1);
    assert_ptr_equal(orf_unit_types_find(ctx, "my_unit"), &good);
    assert_null(orf_unit_types_find(ctx, "old_unit"));
    assert_int_equal(orf_ctx_diag_count(ctx), sizeof why / sizeof *why);
    for (size_t i = 0; i < sizeof why / sizeof *why; i++) {
        const orf_diag *d = orf_ctx_diag_get(ctx, i);
        if (!strstr(d->message, why[i]) || !strstr(d->message, "refused"))
            fail_msg("diagnostic %zu: '%s' should say '%s'", i, d->message, why[i]);
    }
    orf_ctx_free(ctx);

    /* a bare context knows no type: a flowsheet cannot name one */
    ctx = orf_ctx_alloc_bare(NULL, NULL);
    assert_non_null(ctx);
    assert_int_equal(orf_unit_types_count(ctx), 0);
    orf_flowsheet *fs = NULL;
    assert_int_not_equal(orf_flowsheet_load_string(ctx, "bare.yaml",
                                                   "materials: [chromite]\nfeeds:\n"
                                                   "  f: {solids_tph: 1, mineralogy: {chromite: "
                                                   "100}}\n",
                                                   &fs),
                         ORF_OK);
    assert_null(fs);
    /* once the built-ins are opened it can */
    orf_ctx_clear_diags(ctx);
    assert_int_equal(orf_unit_types_open(ctx), ORF_OK);
    assert_int_equal(orf_flowsheet_load_string(ctx, "bare.yaml",
                                               "materials: [chromite]\nfeeds:\n"
                                               "  f: {solids_tph: 1, mineralogy: {chromite: "
                                               "100}}\n",
                                               &fs),
                     ORF_OK);
    orf_flowsheet_free(fs);
    orf_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_registered_type_passes_the_same_checks),
        cmocka_unit_test(registration_refuses_bad_descriptors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
