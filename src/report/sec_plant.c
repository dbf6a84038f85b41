/* oreflow — HTML report section on plant data: reconciliation (measured against reconciled
 * values). */
#include "html_impl.h"

#include <math.h>
#include <string.h>

void orf__sec_reconciliation(orf__html *r)
{
    static const char *const list_keys[] = {"measurements", "items", "streams", "values", NULL};
    const orf_node *rn = r->v->reconciliation;
    const orf_node *items = orf__html_find_list(rn, list_keys);
    if (!rn)
        return;
    fputs("<section id=\"reconciliation\"><h2>Reconciliation</h2>\n", r->fp);
    if (rn->kind == ORF_NODE_MAP)
        orf__html_scalars_table(r, rn, "tbl-reconciliation-summary");
    size_t n = items ? items->n : 0, m = 0;
    double *xy = orf_calloc(r->ctx, 2 * n + 1, sizeof *xy);
    if (!xy) {
        r->oom = 1;
        fputs("</section>\n", r->fp);
        return;
    }
    double *x = xy, *y = xy + n;
    int logs = 1;
    for (size_t i = 0; i < n; i++) {
        double a = orf__jnum(orf_node_get(items->items[i], "measured"));
        double b = orf__jnum(orf_node_get(items->items[i], "reconciled"));
        if (!isfinite(a) || !isfinite(b))
            continue;
        x[m] = a;
        y[m] = b;
        if (!(a > 0.0) || !(b > 0.0))
            logs = 0;
        m++;
    }
    if (m > 0) {
        char id[256];
        orf__chart c;
        memset(&c, 0, sizeof c);
        orf__axis_init(&c.x, "measured", logs);
        orf__axis_include(&c.x, x, m);
        orf__axis_include(&c.x, y, m);
        orf__axis_init(&c.y, "reconciled", logs);
        orf__axis_include(&c.y, x, m);
        orf__axis_include(&c.y, y, m);
        orf__html_chart_id(r, id, sizeof id, "reconciliation");
        orf__chart_begin(&c, r->fp, id, "Measured vs reconciled", 560, 400);
        double d[2] = {logs ? c.x.lo : c.x.lo, c.x.hi};
        orf__chart_line(&c, d, d, 2, "#999", "4 3", 0, "y = x");
        for (size_t i = 0, k = 0; i < n && k < m; i++) {
            const orf_node *it = items->items[i];
            if (!isfinite(orf__jnum(orf_node_get(it, "measured"))) ||
                !isfinite(orf__jnum(orf_node_get(it, "reconciled"))))
                continue;
            const char *sus = orf__jstr(orf_node_get(it, "suspect"));
            int bad = sus && strcmp(sus, "true") == 0;
            fprintf(r->fp, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%s\" fill=\"%s\"><title>",
                    orf__chart_px(&c, x[k]), orf__chart_py(&c, y[k]), bad ? "5" : "3.5",
                    bad ? orf__color(1) : orf__color(0));
            orf__xml_text(r->fp, orf__jstr(orf_node_get(it, "name"))
                                     ? orf__jstr(orf_node_get(it, "name"))
                                     : orf__jstr(orf_node_get(it, "stream")));
            fputs(bad ? " (suspect)</title></circle>" : "</title></circle>", r->fp);
            k++;
        }
        fputs("\n", r->fp);
        orf__chart_end(&c, logs ? "Log axes; the dashed line is y = x; suspect measurements in "
                                  "orange."
                                : "The dashed line is y = x; suspect measurements in orange.");
    }
    if (items)
        orf__html_objects_table(r, items, "tbl-reconciliation");
    orf_free(r->ctx, xy);
    fputs("</section>\n", r->fp);
}
