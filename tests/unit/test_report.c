/* Tests of the report module: chart primitives (nice ticks after Heckbert, Graphics Gems 1990),
 * the Sankey layout (conservation at every node, bands inside their nodes, recycle detection),
 * the HTML writer (ids for every unit and stream, no script, no network, atomic writes) on the
 * hand-made sample result tests/cases/report_sample.json and on a solved example, and the XLSX
 * writer (file written atomically; its content is read back by tests/cli/report_xlsx.sh). */
#include "oreflow.h"
#include "oreflow/report.h"
#include "orf_test.h"
#include "report/html_impl.h"
#include "report/report_impl.h"

#include <dirent.h>
#include <float.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static char *slurp(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    fseek(fp, 0, SEEK_END);
    long n = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, fp), (size_t)n);
    buf[n] = '\0';
    fclose(fp);
    if (len)
        *len = (size_t)n;
    return buf;
}

static int file_exists(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0;
}

/* Heckbert's loose labelling: data 0..97 with about 5 intervals gives 0, 20, ..., 100. */
static void nice_ticks_follow_heckbert(void **state)
{
    (void)state;
    double t[ORF__MAX_TICKS], step;
    size_t n = orf__nice_ticks(0.0, 97.0, 5, t, &step);
    assert_int_equal(n, 6);
    ORF_ASSERT_REL(step, 20.0, 1e-12);
    ORF_ASSERT_ABS(t[0], 0.0, 0.0);
    ORF_ASSERT_REL(t[5], 100.0, 1e-12);
    n = orf__nice_ticks(-0.3, 2.7, 5, t, &step);
    ORF_ASSERT_REL(step, 1.0, 1e-12);
    assert_int_equal(n, 5);
    ORF_ASSERT_REL(t[0], -1.0, 1e-12);
    ORF_ASSERT_REL(t[4], 3.0, 1e-12);
    /* a degenerate range is widened, never a division by zero */
    n = orf__nice_ticks(5.0, 5.0, 5, t, &step);
    assert_true(n >= 2);
    assert_true(t[0] < 5.0 && t[n - 1] > 5.0);
}

static void log_ticks_cover_the_decades(void **state)
{
    (void)state;
    double t[ORF__MAX_TICKS];
    /* 5..9, 10..90, 100..900, 1000, 2000 */
    size_t n = orf__log_ticks(5.0, 2000.0, 1, t);
    assert_int_equal(n, 25);
    ORF_ASSERT_REL(t[0], 5.0, 1e-12);
    ORF_ASSERT_REL(t[5], 10.0, 1e-12);
    ORF_ASSERT_REL(t[24], 2000.0, 1e-12);
    assert_int_equal(orf__log_ticks(1.0, 1000.0, 0, t), 4);
    assert_int_equal(orf__log_ticks(0.0, 10.0, 1, t), 0); /* no log of zero */
}

static void tick_labels_carry_the_decimals_of_their_step(void **state)
{
    (void)state;
    char buf[32];
    orf__fmt_tick(buf, sizeof buf, 0.25, 0.05);
    assert_string_equal(buf, "0.25");
    orf__fmt_tick(buf, sizeof buf, 1500.0, 500.0);
    assert_string_equal(buf, "1500");
    orf__fmt_tick(buf, sizeof buf, -0.0, 0.5);
    assert_string_equal(buf, "0");
    orf__fmt_num(buf, sizeof buf, 57.4123, 4);
    assert_string_equal(buf, "57.41");
    orf__fmt_num(buf, sizeof buf, ORF__NAN, 4);
    assert_string_equal(buf, "–");
    /* a balance error of 3.7e-15 is shown, not rounded to a whole "0" */
    orf__fmt_num(buf, sizeof buf, 3.71e-15, 2);
    assert_string_equal(buf, "3.7e-15");
    orf__fmt_num(buf, sizeof buf, 0.0, 2);
    assert_string_equal(buf, "0");
}

static void keys_become_labels_with_units(void **state)
{
    (void)state;
    char buf[64];
    orf__pretty_key("d50c_um", buf, sizeof buf);
    assert_string_equal(buf, "d50c (µm)");
    orf__pretty_key("specific_energy_kwh_per_t", buf, sizeof buf);
    assert_string_equal(buf, "specific energy (kWh/t)");
    orf__pretty_key("npv_usd", buf, sizeof buf);
    assert_string_equal(buf, "npv (USD)");
    orf__pretty_key("converged", buf, sizeof buf);
    assert_string_equal(buf, "converged");
    /* compound units: "_h" of "_nm3_h" is not hours, "_t" of "_kg_per_t" not tonnes */
    orf__pretty_key("offgas_nm3_h", buf, sizeof buf);
    assert_string_equal(buf, "offgas (Nm³/h)");
    orf__pretty_key("carbon_kg_per_t", buf, sizeof buf);
    assert_string_equal(buf, "carbon (kg/t)");
    orf__pretty_key("reductant_t_per_t", buf, sizeof buf);
    assert_string_equal(buf, "reductant (t/t)");
    orf__pretty_key("filtrate_solids_mg_l", buf, sizeof buf);
    assert_string_equal(buf, "filtrate solids (mg/L)");
    orf__pretty_key("residence_time_min", buf, sizeof buf);
    assert_string_equal(buf, "residence time (min)");
    orf__pretty_key("capture_velocity_m_s", buf, sizeof buf);
    assert_string_equal(buf, "capture velocity (m/s)");
    /* a density is kg per m³, not "density kg (m³)" */
    orf__pretty_key("density_kg_m3", buf, sizeof buf);
    assert_string_equal(buf, "density (kg/m³)");
    orf__pretty_key("sharpness_m", buf, sizeof buf);
    assert_string_equal(buf, "sharpness m");
    orf__xml_id_buf(buf, sizeof buf, "stream-", "a b/c");
    assert_string_equal(buf, "stream-a_20b_2fc");
    orf__xml_id_buf(buf, sizeof buf, "unit-", "sp_tails-2");
    assert_string_equal(buf, "unit-sp_tails-2");
}

/* feed -> A -> B -> product, with B -> A a recycle of 30 t/h: A and B carry 130 t/h. */
static void sankey_conserves_flow_and_finds_the_recycle(void **state)
{
    (void)state;
    orf__sk_node nodes[4] = {{.name = "feed", .kind = ORF__SK_FEED},
                             {.name = "A", .kind = ORF__SK_UNIT},
                             {.name = "B", .kind = ORF__SK_UNIT},
                             {.name = "product", .kind = ORF__SK_PRODUCT}};
    orf__sk_link links[5] = {{.src = 0, .dst = 1, .value = 100.0, .name = "f"},
                             {.src = 1, .dst = 2, .value = 130.0, .name = "ab"},
                             {.src = 2, .dst = 3, .value = 70.0, .name = "p1"},
                             {.src = 2, .dst = 3, .value = 30.0, .name = "p2"},
                             {.src = 2, .dst = 1, .value = 30.0, .name = "rec"}};
    orf__sankey s = {.nodes = nodes,
                     .nn = 4,
                     .links = links,
                     .nl = 5,
                     .width = 600.0,
                     .height = 300.0,
                     .node_w = 10.0,
                     .pad = 10.0};
    orf__sankey_layout(&s);
    assert_int_equal(s.ncols, 4);
    for (int i = 0; i < 4; i++)
        assert_int_equal(nodes[i].col, i);
    for (size_t i = 0; i < 5; i++)
        assert_int_equal(links[i].back, i == 4);
    ORF_ASSERT_REL(nodes[1].value, 130.0, 1e-12);
    ORF_ASSERT_REL(nodes[2].value, 130.0, 1e-12);
    /* the fullest column (one node of 130) fills the height: one scale for all */
    ORF_ASSERT_REL(s.scale, 300.0 / 130.0, 1e-12);
    for (size_t v = 0; v < 4; v++) {
        double win = 0.0, wout = 0.0;
        ORF_ASSERT_REL(nodes[v].h, nodes[v].value * s.scale, 1e-12);
        for (size_t i = 0; i < 5; i++) {
            const orf__sk_link *l = &links[i];
            ORF_ASSERT_REL(l->w, l->value * s.scale, 1e-12);
            if ((size_t)l->src == v) {
                wout += l->w;
                assert_true(l->y0 - l->w / 2 >= nodes[v].y - 1e-9);
                assert_true(l->y0 + l->w / 2 <= nodes[v].y + nodes[v].h + 1e-9);
            }
            if ((size_t)l->dst == v) {
                win += l->w;
                assert_true(l->y1 - l->w / 2 >= nodes[v].y - 1e-9);
                assert_true(l->y1 + l->w / 2 <= nodes[v].y + nodes[v].h + 1e-9);
            }
        }
        if (nodes[v].kind == ORF__SK_UNIT)
            ORF_ASSERT_REL(win, wout, 1e-12); /* what enters a unit leaves it */
    }
    /* product bands stack without overlap */
    ORF_ASSERT_REL(fabs(links[2].y1 - links[3].y1), (links[2].w + links[3].w) / 2.0, 1e-12);
    /* the recycle returns below the diagram */
    assert_true(links[4].lane > s.height);
    assert_true(s.total_height > links[4].lane);
}

/* A reagent fed to the second unit sits in the column just before it; a stream that carries
 * nothing (a gas in a solids diagram) hides its source and takes no room. */
static void sankey_places_reagents_and_hides_empty_nodes(void **state)
{
    (void)state;
    orf__sk_node nodes[5] = {{.name = "ore", .kind = ORF__SK_FEED},
                             {.name = "A", .kind = ORF__SK_UNIT},
                             {.name = "B", .kind = ORF__SK_UNIT},
                             {.name = "reagent", .kind = ORF__SK_FEED},
                             {.name = "air", .kind = ORF__SK_FEED}};
    orf__sk_link links[4] = {{.src = 0, .dst = 1, .value = 100.0, .name = "ore"},
                             {.src = 1, .dst = 2, .value = 100.0, .name = "ab"},
                             {.src = 3, .dst = 2, .value = 20.0, .name = "reagent"},
                             {.src = 4, .dst = 1, .value = 0.0, .name = "air"}};
    orf__sankey s = {.nodes = nodes,
                     .nn = 5,
                     .links = links,
                     .nl = 4,
                     .width = 600.0,
                     .height = 300.0,
                     .node_w = 10.0,
                     .pad = 10.0};
    orf__sankey_layout(&s);
    assert_int_equal(nodes[2].col, 2);
    assert_int_equal(nodes[3].col, 1); /* beside A, just before B */
    assert_true(nodes[4].hidden);
    assert_false(nodes[0].hidden);
    ORF_ASSERT_ABS(nodes[4].h, 0.0, 0.0);
    /* column 1 holds A (100) and the reagent (20): one pad, not two */
    ORF_ASSERT_REL(s.scale, (300.0 - 10.0) / 120.0, 1e-12);
    ORF_ASSERT_REL(nodes[2].h, 120.0 * s.scale, 1e-12);
}

/* Round-off never moves the drawing: two products fed by one unit in the same proportions tie
 * on their sources' centre, and the last bit of a flow must not reorder them; a node whose flow
 * is round-off (1e-17 t/h beside 100) is hidden as one with none (both failed before: the order
 * followed the last bit, and only an exact zero hid a node). */
static void sankey_layout_ignores_round_off(void **state)
{
    (void)state;
    double ys[2][3];
    int hidden[2];
    for (int run = 0; run < 2; run++) {
        orf__sk_node nodes[5] = {{.name = "ore", .kind = ORF__SK_FEED},
                                 {.name = "A", .kind = ORF__SK_UNIT},
                                 {.name = "dust", .kind = ORF__SK_PRODUCT},
                                 {.name = "metal", .kind = ORF__SK_PRODUCT},
                                 {.name = "air", .kind = ORF__SK_FEED}};
        /* run 1 moves the last bits of the flows (and of the key sums they make) */
        double e = run ? 1.0 + 4.0 * DBL_EPSILON : 1.0;
        orf__sk_link links[4] = {{.src = 0, .dst = 1, .value = 100.0 * e, .name = "ore"},
                                 {.src = 1, .dst = 2, .value = 30.0, .name = "dust"},
                                 {.src = 1, .dst = 3, .value = 70.0 * e, .name = "metal"},
                                 {.src = 4, .dst = 1, .value = run ? 1e-17 : 0.0, .name = "air"}};
        orf__sankey s = {.nodes = nodes,
                         .nn = 5,
                         .links = links,
                         .nl = 4,
                         .width = 600.0,
                         .height = 300.0,
                         .node_w = 10.0,
                         .pad = 10.0};
        orf__sankey_layout(&s);
        for (int k = 0; k < 3; k++)
            ys[run][k] = nodes[k + 1].y;
        hidden[run] = nodes[4].hidden;
    }
    assert_true(hidden[0]);
    assert_true(hidden[1]);
    for (int k = 0; k < 3; k++)
        ORF_ASSERT_ABS(ys[1][k], ys[0][k], 1e-9);
    assert_true(ys[0][1] < ys[0][2]); /* the tie keeps the file's order: dust above metal */
    /* and so for any split: each product's key is (w·c)/w of its one source's centre c, which
     * rounds either way of c by the split */
    for (int k = 0; k < 200; k++) {
        orf__sk_node nodes[4] = {{.name = "ore", .kind = ORF__SK_FEED},
                                 {.name = "A", .kind = ORF__SK_UNIT},
                                 {.name = "dust", .kind = ORF__SK_PRODUCT},
                                 {.name = "metal", .kind = ORF__SK_PRODUCT}};
        double dust = 1.0 + 0.4871 * k;
        orf__sk_link links[3] = {{.src = 0, .dst = 1, .value = 100.0, .name = "ore"},
                                 {.src = 1, .dst = 2, .value = dust, .name = "dust"},
                                 {.src = 1, .dst = 3, .value = 100.0 - dust, .name = "metal"}};
        orf__sankey s = {.nodes = nodes,
                         .nn = 4,
                         .links = links,
                         .nl = 3,
                         .width = 600.0,
                         .height = 300.0 + 0.1 * k,
                         .node_w = 10.0,
                         .pad = 10.0};
        orf__sankey_layout(&s);
        assert_true(nodes[2].y < nodes[3].y);
    }
}

/* Label boxes as orf__sankey_labels sees them: baseline y, 10 px up, 3 px down. */
static void sk_label_box(const orf__sk_node *n, double *x0, double *y0, double *x1, double *y1)
{
    *x0 = n->lanchor > 0 ? n->lx : n->lanchor < 0 ? n->lx - n->lw : n->lx - n->lw / 2.0;
    *x1 = *x0 + n->lw;
    *y0 = n->ly - 10.0;
    *y1 = n->ly + 3.0;
}

/* The chemistry end of the flagship chain: a long line of small reactors, each with a reagent
 * beside it and a small residue to a product, after a big concentrator. Their labels must not
 * overlap each other or any node, must stay inside the drawing, and every node keeps a label
 * (a name too long for any place shortened with "…", the full name in the tooltip). */
static void sankey_labels_do_not_collide(void **state)
{
    (void)state;
    enum { NU = 8, NN = 3 * NU + 3, NL = 3 * NU + 3 };
    static const char *const unit_names[NU] = {
        "concentrator",
        /* wider than the whole drawing: it must be shortened */
        ("roaster_with_a_name_far_too_long_for_any_place_in_the_drawing_of_this_sankey_diagram_"
         "even_beside_the_node"),
        "leach", "acidifier", "reduction_kiln", "oxide_wash", "thermit_aluminothermic", "cast"};
    static char reagent[NU][32], residue[NU][160];
    orf__sk_node nodes[NN];
    orf__sk_link links[NL];
    memset(nodes, 0, sizeof nodes);
    memset(links, 0, sizeof links);
    size_t nn = 0, nl = 0;
    nodes[nn++] = (orf__sk_node){.name = "ore", .kind = ORF__SK_FEED};
    for (int i = 0; i < NU; i++)
        nodes[nn++] = (orf__sk_node){.name = unit_names[i], .kind = ORF__SK_UNIT};
    nodes[nn++] = (orf__sk_node){.name = "tailings", .kind = ORF__SK_PRODUCT};
    nodes[nn++] = (orf__sk_node){.name = "metal", .kind = ORF__SK_PRODUCT};
    links[nl++] = (orf__sk_link){.src = 0, .dst = 1, .value = 200.0, .name = "ore"};
    links[nl++] = (orf__sk_link){.src = 1, .dst = NU + 1, .value = 195.0, .name = "tails"};
    double flow = 5.0;
    for (int i = 0; i < NU; i++) {
        snprintf(reagent[i], sizeof reagent[i], "reagent_%d", i);
        snprintf(residue[i], sizeof residue[i], "residue_of_%s", unit_names[i]);
        int rg = (int)nn, rs = (int)nn + 1;
        nodes[nn++] = (orf__sk_node){.name = reagent[i], .kind = ORF__SK_FEED};
        nodes[nn++] = (orf__sk_node){.name = residue[i], .kind = ORF__SK_PRODUCT};
        if (i > 0) {
            links[nl++] = (orf__sk_link){.src = rg, .dst = 1 + i, .value = 0.05, .name = "r"};
            links[nl++] = (orf__sk_link){.src = 1 + i, .dst = rs, .value = 0.1, .name = "x"};
        }
        links[nl++] = (orf__sk_link){.src = 1 + i,
                                     .dst = i + 1 < NU ? 2 + i : NU + 2,
                                     .value = i + 1 < NU ? flow - 0.05 * (i + 1) : 0.5,
                                     .name = "main"};
    }
    orf__sankey s = {.nodes = nodes,
                     .nn = nn,
                     .links = links,
                     .nl = nl,
                     .width = 480.0,
                     .height = 150.0,
                     .node_w = 12.0,
                     .pad = 18.0};
    orf__sankey_layout(&s);
    orf__sankey_labels(&s, "t/h");
    size_t shown = 0, cut = 0, visible = 0;
    for (size_t i = 0; i < nn; i++) {
        const orf__sk_node *a = &nodes[i];
        if (a->hidden)
            continue;
        visible++;
        if (!a->lshown)
            fail_msg("node %s has no label", a->name);
        shown++;
        cut += (size_t)a->lchars < strlen(a->name);
        double x0, y0, x1, y1;
        sk_label_box(a, &x0, &y0, &x1, &y1);
        /* inside the drawing: main area and the margins that the placement set */
        assert_true(x0 >= -s.lmargin - 1.0 && x1 <= s.width + s.rmargin + 1.0);
        assert_true(y0 >= -15.0 && y1 <= s.total_height + 9.0);
        for (size_t k = 0; k < nn; k++) {
            const orf__sk_node *b = &nodes[k];
            if (b->hidden)
                continue;
            /* no label over a node (its own included) */
            if (x0 < b->x + s.node_w && b->x < x1 && y0 < b->y + b->h && b->y < y1)
                fail_msg("label of %s overlaps node %s", a->name, b->name);
            if (k <= i || !b->lshown)
                continue;
            double u0, v0, u1, v1;
            sk_label_box(b, &u0, &v0, &u1, &v1);
            if (x0 < u1 && u0 < x1 && y0 < v1 && v0 < y1)
                fail_msg("labels of %s and %s overlap", a->name, b->name);
        }
    }
    assert_int_equal(shown, visible);
    FILE *fp = tmpfile();
    assert_non_null(fp);
    orf__sankey_svg(&s, fp, "sk", "test", "t/h");
    long len = ftell(fp);
    rewind(fp);
    char *svg = calloc(1, (size_t)len + 1);
    assert_non_null(svg);
    assert_int_equal(fread(svg, 1, (size_t)len, fp), (size_t)len);
    fclose(fp);
    for (size_t i = 0; i < nn; i++) {
        const orf__sk_node *a = &nodes[i];
        char needle[160];
        if (a->hidden || (size_t)a->lchars == strlen(a->name))
            continue;
        snprintf(needle, sizeof needle, "class=\"sklabel\"><title>%s: ", a->name);
        if (!strstr(svg, needle))
            fail_msg("the shortened label of %s has no tooltip with its name", a->name);
        snprintf(needle, sizeof needle, "</title>%.*s…", a->lchars, a->name);
        if (!strstr(svg, needle))
            fail_msg("the shortened label of %s does not end in an ellipsis", a->name);
    }
    free(svg);
    /* the long name is shortened, the full name goes to a tooltip */
    assert_true(cut > 0);
}

/* Point labels of a chart (product names on the grade-recovery curve) at one spot: each takes
 * a free place around the point (four at one point: the side places overlap the corner ones);
 * when none is left the name becomes a tooltip. */
static void chart_labels_do_not_overprint(void **state)
{
    (void)state;
    FILE *fp = tmpfile();
    assert_non_null(fp);
    orf__chart c;
    memset(&c, 0, sizeof c);
    double v[2] = {0.0, 100.0};
    orf__axis_init(&c.x, "recovery (%)", 0);
    orf__axis_include(&c.x, v, 2);
    orf__axis_init(&c.y, "grade (%)", 0);
    orf__axis_include(&c.y, v, 2);
    orf__chart_begin(&c, fp, "t", "labels", 560, 340);
    static const char *const names[7] = {"wash_liquor",   "conc_filtrate", "saf_dust",
                                         "leach_residue", "thermit_slag",  "fecr_slag",
                                         "last"};
    for (size_t i = 0; i < 7; i++)
        orf__chart_label(&c, 50.0, 50.0, names[i]);
    orf__chart_end(&c, NULL);
    assert_int_equal(c.nlbox, 4);
    for (size_t i = 0; i < c.nlbox; i++) {
        assert_true(c.lbox[i][0] >= c.ml && c.lbox[i][2] <= c.w - c.mr);
        for (size_t k = i + 1; k < c.nlbox; k++)
            assert_false(c.lbox[i][0] < c.lbox[k][2] && c.lbox[k][0] < c.lbox[i][2] &&
                         c.lbox[i][1] < c.lbox[k][3] && c.lbox[k][1] < c.lbox[i][3]);
    }
    long len = ftell(fp);
    rewind(fp);
    char *svg = calloc(1, (size_t)len + 1);
    assert_non_null(svg);
    assert_int_equal(fread(svg, 1, (size_t)len, fp), (size_t)len);
    fclose(fp);
    assert_non_null(strstr(svg, "class=\"plabel\">leach_residue</text>"));
    assert_null(strstr(svg, "class=\"plabel\">last</text>"));
    assert_non_null(strstr(svg, "<title>last</title></circle>"));
    free(svg);
}

static orf_doc *load_sample(orf_ctx *ctx)
{
    orf_doc *doc = NULL;
    orf_status st = orf_doc_load(ctx, ORF_SOURCE_DIR "/tests/cases/report_sample.json", &doc);
    if (st)
        orf_ctx_print_diags(ctx, stderr);
    assert_int_equal(st, ORF_OK);
    return doc;
}

static void check_ids(const char *html, const orf_node *root)
{
    char needle[600], id[512];
    const orf_node *units = orf_node_get(root, "units"), *streams = orf_node_get(root, "streams");
    for (size_t i = 0; i < units->n; i++) {
        orf__xml_id_buf(id, sizeof id, "unit-", units->keys[i]->str);
        snprintf(needle, sizeof needle, "id=\"%s\"", id);
        if (!strstr(html, needle))
            fail_msg("no %s in the report", needle);
    }
    for (size_t i = 0; i < streams->n; i++) {
        orf__xml_id_buf(id, sizeof id, "stream-", streams->keys[i]->str);
        snprintf(needle, sizeof needle, "id=\"%s\"", id);
        if (!strstr(html, needle))
            fail_msg("no %s in the report", needle);
        orf__xml_id_buf(id, sizeof id, "sankey-solids-link-", streams->keys[i]->str);
        snprintf(needle, sizeof needle, "id=\"%s\"", id);
        if (!strstr(html, needle))
            fail_msg("no %s in the report", needle);
    }
}

static void check_self_contained(const char *html)
{
    assert_non_null(strstr(html, "<!DOCTYPE html>"));
    assert_non_null(strstr(html, "</html>"));
    assert_null(strstr(html, "<script"));
    assert_null(strstr(html, "src=\"http"));
    assert_null(strstr(html, "href=\"http"));
    assert_null(strstr(html, "@import"));
    assert_non_null(strstr(html, "@media print"));
}

static void html_report_of_the_sample_has_every_section(void **state)
{
    (void)state;
    orf_ctx *ctx = orf_ctx_alloc();
    orf_doc *doc = load_sample(ctx);
    const char *dir = ORF_BINARY_DIR "/test_report.out/sample";
    assert_int_equal(orf_report_write_html(ctx, orf_doc_root(doc), dir), ORF_OK);
    char *html = slurp(ORF_BINARY_DIR "/test_report.out/sample/report.html", NULL);
    assert_non_null(html);
    check_self_contained(html);
    check_ids(html, orf_doc_root(doc));
    static const char *const sections[] = {"id=\"flowsheet\"",
                                           "id=\"sankey-solids\"",
                                           "id=\"sankey-element\"",
                                           "id=\"tbl-streams\"",
                                           "id=\"tbl-units\"",
                                           "cyc1 — partition curve",
                                           "spiral — partition curve",
                                           "size-by-size recovery",
                                           "Grade–recovery",
                                           "Particle size distributions",
                                           "Annual cash flow",
                                           "Monte Carlo distribution of npv",
                                           "Tornado",
                                           "Measured vs reconciled",
                                           "id=\"tbl-balance\""};
    for (size_t i = 0; i < sizeof sections / sizeof sections[0]; i++)
        if (!strstr(html, sections[i]))
            fail_msg("section '%s' missing", sections[i]);
    /* the feed's 200 t/h reaches the stream table and the Sankey */
    assert_non_null(strstr(html, "<td>200</td>"));
    assert_non_null(strstr(html, "tailings <tspan class=\"skval\">200 t/h</tspan>"));
    /* money in millions, the heading says so: NPV 171 561 639 USD, year 0 capex -38 M USD,
     * the Monte Carlo P50 of NPV 175 078 823 USD */
    assert_non_null(strstr(html, "<th>NPV (M USD)</th><td>171.56</td>"));
    assert_non_null(strstr(html, "<h3>Cash flow (M USD)</h3>"));
    assert_non_null(strstr(html, "<tr><td>0</td><td>0</td><td>0</td><td>-38.00</td>"));
    assert_non_null(strstr(html, "<td>NPV (M USD)</td><td>173.83</td><td>41.56</td><td>120.40</td>"
                                 "<td>175.08</td>"));
    assert_null(strstr(html, "171561639"));
    /* partitions and captures in % with the unit on the axis, also when the unit gives
     * fractions (the table's synthetic capture curve of the sample, 0.2..1.0) */
    assert_non_null(strstr(html, "partition (%)"));
    assert_non_null(strstr(html, "table — valuable capture curve"));
    assert_non_null(strstr(html, "capture to mags (%)"));
    assert_null(strstr(html, "(fraction)"));
    free(html);
    assert_int_equal(orf_ctx_error_count(ctx), 0);
    orf_doc_free(doc);
    orf_ctx_free(ctx);
}

/* The page is its section table: every row whose data the result carries is a <section> with the
 * row's id, in the table's order, and the rows with a title are the table of contents. */
static void the_sample_page_follows_the_section_table(void **state)
{
    (void)state;
    orf_ctx *ctx = orf_ctx_alloc();
    orf_doc *doc = load_sample(ctx);
    const char *dir = ORF_BINARY_DIR "/test_report.out/sections";
    assert_int_equal(orf_report_write_html(ctx, orf_doc_root(doc), dir), ORF_OK);
    char *html = slurp(ORF_BINARY_DIR "/test_report.out/sections/report.html", NULL);
    assert_non_null(html);
    size_t n = 0;
    const orf__html_section *sec = orf__html_sections(&n);
    assert_true(n >= 11);
    const char *last = html, *nav = strstr(html, "<nav>");
    assert_non_null(nav);
    for (size_t i = 0; i < n; i++) {
        char want[160];
        snprintf(want, sizeof want, "<section id=\"%s\">", sec[i].id);
        const char *at = strstr(html, want);
        if (sec[i].needs && !orf_node_get(orf_doc_root(doc), sec[i].needs)) {
            assert_null(at);
            continue;
        }
        if (!at || at < last)
            fail_msg("section '%s' missing or out of order", sec[i].id);
        last = at;
        if (sec[i].title) {
            snprintf(want, sizeof want, "<a href=\"#%s\">%s</a>", sec[i].id, sec[i].title);
            const char *link = strstr(nav, want);
            if (!link || link > strstr(nav, "</nav>"))
                fail_msg("no link to '%s' in the table of contents", sec[i].id);
        }
    }
    free(html);
    orf_doc_free(doc);
    orf_ctx_free(ctx);
}

/* One view of the result for both writers: validated once, with the valuable element from the
 * result, else the materials database's default when the streams carry it, else their first. */
static void the_result_view_is_read_once_for_both_writers(void **state)
{
    (void)state;
    orf_ctx *ctx = orf_ctx_alloc();
    orf_doc *doc = load_sample(ctx);
    orf__report_view v;
    assert_int_equal(orf__report_view_init(ctx, orf_doc_root(doc), &v), ORF_OK);
    assert_string_equal(v.vel, "Cr"); /* the sample names none: data/materials.yaml's default */
    assert_string_equal(v.key_assay, "Cr2O3");
    assert_non_null(v.units);
    assert_non_null(v.economics);
    assert_non_null(v.mc);
    assert_non_null(v.reconciliation);
    assert_true(orf__view_is_feed(&v, orf__view_stream(&v, "tailings")));
    assert_false(orf__view_is_product(&v, orf__view_stream(&v, "tailings")));
    ORF_ASSERT_REL(orf__view_solids(orf__view_stream(&v, "tailings")), 200.0, 1e-12);
    orf_doc_free(doc);
    static const struct {
        const char *json, *vel;
    } cases[] = {
        {"{\"system\": {\"valuable_element\": \"Fe\"}, \"streams\": {\"a\": {\"element_tph\": "
         "{\"Cr\": 1, \"Fe\": 2}}}}",
         "Fe"},
        {"{\"streams\": {\"a\": {\"element_tph\": {\"Fe\": 2, \"Cr\": 1}}}}", "Cr"},
        {"{\"streams\": {\"a\": {\"element_tph\": {\"Cu\": 2, \"Fe\": 1}}}}", "Cu"},
        {"{\"streams\": {\"a\": {\"solids_tph\": 2}}}", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_int_equal(
            orf_doc_load_string(ctx, "v.json", cases[i].json, strlen(cases[i].json), &doc), ORF_OK);
        assert_int_equal(orf__report_view_init(ctx, orf_doc_root(doc), &v), ORF_OK);
        if (cases[i].vel)
            assert_string_equal(v.vel, cases[i].vel);
        else
            assert_null(v.vel);
        orf_doc_free(doc);
    }
    /* no result: one message, the same for the page and the workbook */
    const char *bad = "{\"units\": {}}";
    assert_int_equal(orf_doc_load_string(ctx, "bad.json", bad, strlen(bad), &doc), ORF_OK);
    assert_int_equal(orf__report_view_init(ctx, orf_doc_root(doc), &v), ORF_E_INPUT);
    assert_string_equal(orf_ctx_diag_get(ctx, 0)->message,
                        "not a run result: no 'streams' object (write one with 'oreflow run "
                        "FILE --json')");
    orf_doc_free(doc);
    orf_ctx_free(ctx);
}

static void html_report_rejects_a_document_that_is_no_result(void **state)
{
    (void)state;
    orf_ctx *ctx = orf_ctx_alloc();
    orf_doc *doc = NULL;
    const char *text = "{\"name\": \"x\",\n \"units\": {}}\n";
    assert_int_equal(orf_doc_load_string(ctx, "bad.json", text, strlen(text), &doc), ORF_OK);
    const char *dir = ORF_BINARY_DIR "/test_report.out/bad";
    assert_int_equal(orf_report_write_html(ctx, orf_doc_root(doc), dir), ORF_E_INPUT);
    assert_int_equal(orf_ctx_error_count(ctx), 1);
    const orf_diag *d = orf_ctx_diag_get(ctx, 0);
    assert_non_null(strstr(d->message, "no 'streams'"));
    assert_int_equal(d->loc.line, 1);
    /* atomic: nothing left behind */
    assert_false(file_exists(ORF_BINARY_DIR "/test_report.out/bad/report.html"));
    DIR *dp = opendir(dir);
    assert_non_null(dp);
    struct dirent *e;
    while ((e = readdir(dp)))
        if (strstr(e->d_name, ".tmp."))
            fail_msg("temp file %s left behind", e->d_name);
    closedir(dp);
    orf_doc_free(doc);
    orf_ctx_free(ctx);
}

/* A real run: solve the recycle example, render its JSON in memory, report it. The Sankey of
 * the element must close: Cr in the feed equals Cr in the products (balance to 1e-9). */
static void report_of_a_solved_flowsheet(void **state)
{
    (void)state;
    orf_ctx *ctx = orf_ctx_alloc();
    orf_flowsheet *fs = NULL;
    orf_status st = orf_flowsheet_load(ctx, "examples/recycle/scavenger_loop.yaml", &fs);
    if (st)
        orf_ctx_print_diags(ctx, stderr);
    assert_int_equal(st, ORF_OK);
    orf_solve_info info;
    assert_int_equal(orf_flowsheet_solve(fs, &info), ORF_OK);
    orf_doc *doc = NULL;
    assert_int_equal(orf_report_result_doc(ctx, fs, &info, NULL, NULL, &doc), ORF_OK);
    const orf_node *root = orf_doc_root(doc);
    const orf_node *streams = orf_node_get(root, "streams");
    assert_int_equal(streams->n, orf_flowsheet_stream_count(fs));
    double cr_in = 0.0, cr_out = 0.0;
    for (size_t i = 0; i < streams->n; i++) {
        const orf_node *s = streams->items[i];
        double cr = orf__jnum(orf__jpath(s, "element_tph.Cr"));
        const char *from = orf__jstr(orf_node_get(s, "from"));
        const char *to = orf__jstr(orf_node_get(s, "to"));
        const orf_node *units = orf_node_get(root, "units");
        const orf_node *fu = from ? orf_node_get(units, from) : NULL;
        const orf_node *tu = to ? orf_node_get(units, to) : NULL;
        const char *fromtype = fu ? orf__jstr(orf_node_get(fu, "type")) : NULL;
        const char *totype = tu ? orf__jstr(orf_node_get(tu, "type")) : NULL;
        if (!fu || (fromtype && strcmp(fromtype, "feed") == 0))
            cr_in += cr;
        if (!tu || (totype && strcmp(totype, "product") == 0))
            cr_out += cr;
    }
    assert_true(cr_in > 0.0);
    ORF_ASSERT_REL(cr_out, cr_in, 1e-9);
    const char *dir = ORF_BINARY_DIR "/test_report.out/scavenger";
    assert_int_equal(orf_report_write_html(ctx, root, dir), ORF_OK);
    char *html = slurp(ORF_BINARY_DIR "/test_report.out/scavenger/report.html", NULL);
    assert_non_null(html);
    check_self_contained(html);
    check_ids(html, root);
    /* the feed lists what its file gives (solids and % solids), not the defaults of the
     * parameters it leaves out (water 0 t/h, 25 °C); other units show defaults in grey */
    assert_non_null(strstr(html, "<td>plant_feed</td><td class=\"l\">feed</td><td "
                                 "class=\"l\">feed</td><td class=\"l w\">solids (t/h) = 100; "
                                 "solids (%) = 35</td>"));
    assert_non_null(strstr(html, "<span class=\"dflt\" title=\"default\">"));
    free(html);
    assert_int_equal(orf_report_write_xlsx(
                         ctx, root, ORF_BINARY_DIR "/test_report.out/scavenger/scavenger.xlsx"),
                     ORF_OK);
    orf_doc_free(doc);
    orf_flowsheet_free(fs);
    orf_ctx_free(ctx);
}

static void xlsx_is_written_atomically(void **state)
{
    (void)state;
    orf_ctx *ctx = orf_ctx_alloc();
    orf_doc *doc = load_sample(ctx);
    const char *dir = ORF_BINARY_DIR "/test_report.out/xlsx";
    const char *path = ORF_BINARY_DIR "/test_report.out/xlsx/sample.xlsx";
    assert_int_equal(orf_mkdir_p(ctx, dir), ORF_OK);
    assert_int_equal(orf_report_write_xlsx(ctx, orf_doc_root(doc), path), ORF_OK);
    size_t len = 0;
    char *buf = slurp(path, &len);
    assert_non_null(buf);
    assert_true(len > 1000);
    assert_memory_equal(buf, "PK\x03\x04", 4); /* a zip container */
    free(buf);
    DIR *dp = opendir(dir);
    struct dirent *e;
    while ((e = readdir(dp)))
        if (strstr(e->d_name, ".tmp."))
            fail_msg("temp file %s left behind", e->d_name);
    closedir(dp);
    /* a directory that does not exist: an I/O error with a message, no crash */
    assert_int_equal(orf_report_write_xlsx(ctx, orf_doc_root(doc),
                                           ORF_BINARY_DIR "/test_report.out/none/x/y.xlsx"),
                     ORF_E_IO);
    assert_true(orf_ctx_error_count(ctx) >= 1);
    orf_doc_free(doc);
    orf_ctx_free(ctx);
}

static void json_numbers_are_read_strictly(void **state)
{
    (void)state;
    orf_ctx *ctx = orf_ctx_alloc();
    orf_doc *doc = NULL;
    const char *text = "{\"a\": 1.5e-05, \"b\": null, \"c\": \"2\", \"d\": [1, null, 3]}";
    assert_int_equal(orf_doc_load_string(ctx, "j.json", text, strlen(text), &doc), ORF_OK);
    const orf_node *r = orf_doc_root(doc);
    ORF_ASSERT_REL(orf__jpath_num(r, "a"), 1.5e-05, 1e-15);
    assert_true(isnan(orf__jpath_num(r, "b")));
    assert_true(isnan(orf__jpath_num(r, "c"))); /* a quoted number is text */
    assert_null(orf__jstr(orf_node_get(r, "b")));
    assert_true(orf__jis_numarray(orf_node_get(r, "d")));
    double *v = NULL;
    int oom = 0;
    assert_int_equal(orf__jarray(ctx, orf_node_get(r, "d"), &v, &oom), 3);
    ORF_ASSERT_REL(v[2], 3.0, 0.0);
    assert_true(isnan(v[1]));
    orf_free(ctx, v);
    orf_doc_free(doc);
    orf_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(nice_ticks_follow_heckbert),
        cmocka_unit_test(log_ticks_cover_the_decades),
        cmocka_unit_test(tick_labels_carry_the_decimals_of_their_step),
        cmocka_unit_test(keys_become_labels_with_units),
        cmocka_unit_test(sankey_conserves_flow_and_finds_the_recycle),
        cmocka_unit_test(sankey_places_reagents_and_hides_empty_nodes),
        cmocka_unit_test(sankey_layout_ignores_round_off),
        cmocka_unit_test(sankey_labels_do_not_collide),
        cmocka_unit_test(chart_labels_do_not_overprint),
        cmocka_unit_test(json_numbers_are_read_strictly),
        cmocka_unit_test(html_report_of_the_sample_has_every_section),
        cmocka_unit_test(html_report_rejects_a_document_that_is_no_result),
        cmocka_unit_test(the_sample_page_follows_the_section_table),
        cmocka_unit_test(the_result_view_is_read_once_for_both_writers),
        cmocka_unit_test(report_of_a_solved_flowsheet),
        cmocka_unit_test(xlsx_is_written_atomically),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
