/* oreflow — HTML report section "Equipment and capital": the design's equipment list (each item
 * with its method and source) and the factored CAPEX with its AACE class, beside the capital the
 * economics was given (typed phases), read from the result's "design" and "economics" members. */
#include "html_impl.h"

#include <math.h>
#include <string.h>

void orf__sec_design(orf__html *r)
{
    const orf_node *d = orf_node_get(r->v->root, "design");
    if (!d)
        return;
    const orf_node *cx = orf_node_get(d, "capex"), *eq = orf_node_get(d, "equipment");
    fputs("<section id=\"design\"><h2>Equipment and capital</h2>\n", r->fp);
    if (cx) {
        double inst = orf__jnum(orf_node_get(cx, "installed_usd"));
        double lo = orf__jnum(orf_node_get(cx, "accuracy_low_pct"));
        double hi = orf__jnum(orf_node_get(cx, "accuracy_high_pct"));
        fputs("<p>Factored CAPEX of the sized equipment: <b>", r->fp);
        orf__html_num(r, inst / 1e6, 4);
        fprintf(r->fp, " M USD</b> (%.0f), AACE class %.0f, accuracy %+.0f %% / %+.0f %%: ",
                orf__jnum(orf_node_get(cx, "cost_year")), orf__jnum(orf_node_get(cx, "aace_class")),
                lo, hi);
        orf__html_num(r, inst * (1 + lo / 100) / 1e6, 4);
        fputs("–", r->fp);
        orf__html_num(r, inst * (1 + hi / 100) / 1e6, 4);
        fputs(" M USD.</p>\n", r->fp);
        orf__html_scalars_table(r, cx, "tbl-design-capex");
    }
    /* the capital the economics was given, phase by phase, for comparison */
    const orf_node *ph = orf_node_get(orf_node_get(r->v->root, "economics"), "capital_phases");
    if (ph && ph->kind == ORF_NODE_SEQ && ph->n) {
        fputs("<p>Capital phases of the economics (typed or factored) for comparison:</p>\n",
              r->fp);
        orf__html_objects_table(r, ph, "tbl-design-phases");
    }
    if (eq && eq->kind == ORF_NODE_SEQ && eq->n)
        orf__html_objects_table(r, eq, "tbl-design-equipment");
    fputs("</section>\n", r->fp);
}
