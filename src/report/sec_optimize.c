/* oreflow — HTML report section of a design optimisation (`oreflow optimize --report DIR`,
 * docs/optimize.md): the objective at the base case and the optimum, the variables, the
 * constraints with the active ones marked, the failed re-solves by cause with the first one's
 * diagnostic and point, and the Pareto front when there is one. Reads the result tree only. */
#include "html_impl.h"

#include <string.h>

static int jtrue(const orf_node *n)
{
    return n && n->kind == ORF_NODE_SCALAR && !strcmp(n->str, "true");
}

/* The failed re-solves by cause and the first one: its diagnostic and its point. */
static void first_failure(orf__html *r, const orf_node *o)
{
    const orf_node *ff = orf_node_get(o, "first_failure");
    const orf_node *fc = orf_node_get(o, "failures");
    if (!ff || ff->kind != ORF_NODE_MAP || !fc || fc->kind != ORF_NODE_MAP)
        return;
    FILE *fp = r->fp;
    fprintf(fp, "<p id=\"opt-first-failure\" class=\"sub\">%.0f re-solves failed (",
            orf__jnum(orf_node_get(o, "failed_evaluations")));
    const char *sep = "";
    for (size_t i = 0; i < fc->n; i++)
        if (orf__jnum(fc->items[i]) > 0) {
            fprintf(fp, "%s", sep);
            orf__xml_text(fp, fc->keys[i]->str);
            fprintf(fp, " %.0f", orf__jnum(fc->items[i]));
            sep = ", ";
        }
    fprintf(fp, "); the first, re-solve %.0f (", orf__jnum(orf_node_get(ff, "evaluation")));
    orf__xml_text(fp, orf__jstr(orf_node_get(ff, "cause")));
    fputs("): <code>", fp);
    orf__xml_text(fp, orf__jstr(orf_node_get(ff, "diagnostic")));
    fputs("</code> at ", fp);
    const orf_node *xv = orf_node_get(ff, "variables");
    for (size_t i = 0; xv && xv->kind == ORF_NODE_MAP && i < xv->n; i++) {
        char b[48];
        orf__fmt_num(b, sizeof b, orf__jnum(xv->items[i]), 8);
        fputs(i ? ", <code>" : "<code>", fp);
        orf__xml_text(fp, xv->keys[i]->str);
        fprintf(fp, "</code> = %s", b);
    }
    fputs(".</p>\n", fp);
}

void orf__sec_optimize(orf__html *r)
{
    const orf_node *o = orf_node_get(r->v->root, "optimize");
    const orf_node *ob = o ? orf_node_get(o, "objective") : NULL;
    const orf_node *vars = o ? orf_node_get(o, "variables") : NULL;
    const orf_node *cons = o ? orf_node_get(o, "constraints") : NULL;
    if (!ob || !vars || vars->kind != ORF_NODE_SEQ)
        return;
    FILE *fp = r->fp;
    char b1[48], b2[48];
    fputs("<section id=\"optimize\"><h2>Optimisation</h2>\n<p class=\"sub\">", fp);
    orf__xml_text(fp, orf__jstr(orf_node_get(ob, "sense")));
    fputs(" <code>", fp);
    orf__xml_text(fp, orf__jstr(orf_node_get(ob, "path")));
    orf__fmt_num(b1, sizeof b1, orf__jnum(orf_node_get(ob, "base")), 8);
    orf__fmt_num(b2, sizeof b2, orf__jnum(orf_node_get(ob, "value")), 8);
    fprintf(fp, "</code>: %s at the optimum, %s in the file as given (method ", b2, b1);
    orf__xml_text(fp, orf__jstr(orf_node_get(o, "method")));
    fputs("; status <b", fp);
    fputs(jtrue(orf_node_get(o, "feasible")) ? ">" : " class=\"bad\">", fp);
    orf__xml_text(fp, orf__jstr(orf_node_get(o, "status")));
    fprintf(fp, "</b>; %.0f re-solves).</p>\n", orf__jnum(orf_node_get(o, "evaluations")));
    first_failure(r, o);
    fputs("<div class=\"tablewrap\"><table id=\"tbl-opt-vars\"><thead><tr>", fp);
    static const char *const vh[] = {"variable", "min", "max", "base", "optimum"};
    for (size_t k = 0; k < 5; k++)
        orf__html_th_text(r, vh[k]);
    fputs("</tr></thead><tbody>\n", fp);
    for (size_t i = 0; i < vars->n; i++) {
        const orf_node *v = vars->items[i];
        fputs("<tr>", fp);
        orf__html_td_text(r, orf__jstr(orf_node_get(v, "param")));
        orf__html_td_num(r, orf__jnum(orf_node_get(v, "min")), 6);
        orf__html_td_num(r, orf__jnum(orf_node_get(v, "max")), 6);
        orf__html_td_num(r, orf__jnum(orf_node_get(v, "base")), 8);
        orf__html_td_num(r, orf__jnum(orf_node_get(v, "value")), 8);
        fputs("</tr>\n", fp);
    }
    fputs("</tbody></table></div>\n", fp);
    if (cons && cons->kind == ORF_NODE_SEQ && cons->n) {
        fputs("<div class=\"tablewrap\"><table id=\"tbl-opt-cons\"><thead><tr>", fp);
        static const char *const ch[] = {"constraint", "bound", "base", "optimum", "state"};
        for (size_t k = 0; k < 5; k++)
            orf__html_th_text(r, ch[k]);
        fputs("</tr></thead><tbody>\n", fp);
        for (size_t i = 0; i < cons->n; i++) {
            const orf_node *c = cons->items[i], *al = orf_node_get(c, "at_least");
            char label[300];
            snprintf(label, sizeof label, "%s %s", orf__jstr(orf_node_get(c, "path")),
                     al ? "≥" : "≤");
            fputs("<tr>", fp);
            orf__html_td_text(r, label);
            orf__html_td_num(r, orf__jnum(al ? al : orf_node_get(c, "at_most")), 8);
            orf__html_td_num(r, orf__jnum(orf_node_get(c, "base")), 8);
            orf__html_td_num(r, orf__jnum(orf_node_get(c, "value")), 8);
            orf__html_td_text(r, !jtrue(orf_node_get(c, "met"))     ? "violated"
                                 : jtrue(orf_node_get(c, "active")) ? "active"
                                                                    : "met");
            fputs("</tr>\n", fp);
        }
        fputs("</tbody></table></div>\n", fp);
    }
    const orf_node *pa = orf_node_get(o, "pareto");
    const orf_node *pts = pa ? orf_node_get(pa, "points") : NULL;
    if (pts && pts->kind == ORF_NODE_SEQ && pts->n) {
        fputs("<h3>Pareto front (ε-constraint)</h3>\n<div class=\"tablewrap\"><table "
              "id=\"tbl-opt-pareto\"><thead><tr>",
              fp);
        orf__html_th_text(r, orf__jstr(orf_node_get(ob, "path")));
        orf__html_th_text(r, orf__jstr(orf_node_get(pa, "objective2")));
        fputs("</tr></thead><tbody>\n", fp);
        for (size_t k = 0; k < pts->n; k++) {
            fputs("<tr>", fp);
            orf__html_td_num(r, orf__jnum(orf_node_get(pts->items[k], "objective")), 8);
            orf__html_td_num(r, orf__jnum(orf_node_get(pts->items[k], "objective2")), 8);
            fputs("</tr>\n", fp);
        }
        fputs("</tbody></table></div>\n", fp);
    }
    fputs("</section>\n", fp);
}
