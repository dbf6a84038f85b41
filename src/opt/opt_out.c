/* Design optimisation: the result as JSON and as a terminal table, and the optimum written back
 * into a copy of the flowsheet file (the values replaced in the text where the YAML nodes say
 * they are, so that comments and layout stay). */
#if defined(__linux__) && !defined(_DEFAULT_SOURCE)
#define _DEFAULT_SOURCE /* realpath */
#endif
#include "opt/opt_impl.h"
#include "oreflow/edit.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *method_name(orf_opt_method m)
{
    return m == ORF_OPT_SLSQP    ? "slsqp"
           : m == ORF_OPT_GLOBAL ? "global"
           : m == ORF_OPT_ISRES  ? "isres"
                                 : "cobyla";
}

const char *orf_opt_fail_name(orf_opt_fail f)
{
    static const char *const name[ORF_OPT_NFAIL] = {
        "none", "not_converged", "design_spec", "unit_error", "economics", "lookup", "not_finite"};
    return (unsigned)f < ORF_OPT_NFAIL ? name[f] : "none";
}

void orf_opt_write_json(const orf_opt_result *r, orf_json *j)
{
    orf_json_key(j, "optimize");
    orf_json_begin_object(j);
    orf_json_key_string(j, "file", r->file);
    orf_json_key_string(j, "method", method_name(r->method));
    orf_json_key_string(j, "status", r->status);
    orf_json_key_string(j, "message", r->message);
    orf_json_key(j, "objective");
    orf_json_begin_object(j);
    orf_json_key_string(j, "path", r->objective);
    orf_json_key_string(j, "sense", r->maximize ? "maximize" : "minimize");
    orf_json_key_number(j, "base", r->base_value);
    orf_json_key_number(j, "value", r->value);
    orf_json_end_object(j);
    orf_json_key(j, "feasible");
    orf_json_bool(j, r->feasible);
    orf_json_key(j, "base_feasible");
    orf_json_bool(j, r->base_feasible);
    orf_json_key_number(j, "max_violation", r->max_violation);
    orf_json_key_number(j, "constraint_tol", r->tol);
    orf_json_key(j, "evaluations");
    orf_json_int(j, (long)r->evaluations);
    orf_json_key(j, "failed_evaluations");
    orf_json_int(j, (long)r->failed);
    orf_json_key(j, "failures");
    orf_json_begin_object(j);
    for (size_t k = 1; k < ORF_OPT_NFAIL; k++) {
        orf_json_key(j, orf_opt_fail_name((orf_opt_fail)k));
        orf_json_int(j, (long)r->fail_count[k]);
    }
    orf_json_end_object(j);
    orf_json_key(j, "first_failure");
    if (!r->first_failed) {
        orf_json_null(j);
    } else {
        orf_json_begin_object(j);
        orf_json_key(j, "evaluation");
        orf_json_int(j, (long)r->first_failed);
        orf_json_key_string(j, "cause", orf_opt_fail_name(r->first_cause));
        orf_json_key_string(j, "diagnostic", r->first_failure);
        orf_json_key(j, "variables");
        orf_json_begin_object(j);
        for (size_t i = 0; i < r->nvar; i++)
            orf_json_key_number(j, r->var[i].path, r->var[i].failed_value);
        orf_json_end_object(j);
        orf_json_end_object(j);
    }
    orf_json_key(j, "integer_combinations");
    orf_json_int(j, (long)r->combos);
    orf_json_key(j, "variables");
    orf_json_begin_array(j);
    for (size_t i = 0; i < r->nvar; i++) {
        const orf_opt_var *v = &r->var[i];
        orf_json_begin_object(j);
        orf_json_key_string(j, "param", v->path);
        orf_json_key_number(j, "min", v->lo);
        orf_json_key_number(j, "max", v->hi);
        orf_json_key_number(j, "base", v->base);
        orf_json_key_number(j, "value", v->value);
        orf_json_key(j, "integer");
        orf_json_bool(j, v->integer);
        orf_json_key(j, "at_bound");
        orf_json_bool(j, v->value <= v->lo + 1e-9 * (v->hi - v->lo) ||
                             v->value >= v->hi - 1e-9 * (v->hi - v->lo));
        orf_json_end_object(j);
    }
    orf_json_end_array(j);
    orf_json_key(j, "constraints");
    orf_json_begin_array(j);
    for (size_t i = 0; i < r->ncon; i++) {
        const orf_opt_con *c = &r->con[i];
        orf_json_begin_object(j);
        orf_json_key_string(j, "path", c->path);
        orf_json_key_number(j, c->at_least ? "at_least" : "at_most", c->bound);
        orf_json_key_number(j, "base", c->base);
        orf_json_key_number(j, "value", c->value);
        orf_json_key(j, "met");
        orf_json_bool(j,
                      c->at_least ? c->value >= c->bound - r->tol : c->value <= c->bound + r->tol);
        orf_json_key(j, "active");
        orf_json_bool(j, c->active);
        orf_json_end_object(j);
    }
    orf_json_end_array(j);
    if (r->objective2) {
        orf_json_key(j, "pareto");
        orf_json_begin_object(j);
        orf_json_key_string(j, "objective2", r->objective2);
        orf_json_key_string(j, "sense2", r->maximize2 ? "maximize" : "minimize");
        orf_json_key(j, "points");
        orf_json_begin_array(j);
        for (size_t k = 0; k < r->npoints; k++) {
            const orf_opt_point *p = &r->points[k];
            orf_json_begin_object(j);
            orf_json_key_number(j, "objective", p->f);
            orf_json_key_number(j, "objective2", p->f2);
            orf_json_key_number(j, "epsilon", p->eps);
            orf_json_key(j, "feasible");
            orf_json_bool(j, p->feasible);
            orf_json_key_numbers(j, "variables", p->x, r->nvar);
            orf_json_end_object(j);
        }
        orf_json_end_array(j);
        orf_json_end_object(j);
    }
    orf_json_end_object(j);
}

void orf_opt_print(const orf_opt_result *r, FILE *fp)
{
    fprintf(fp, "Optimisation of %s (%s): %s — %s\n", r->file, method_name(r->method), r->status,
            r->message);
    fprintf(fp, "  %s %s: %.10g (base %.10g)\n", r->maximize ? "maximize" : "minimize",
            r->objective, r->value, r->base_value);
    fprintf(fp,
            "  evaluations %zu (%zu failed), integer combinations %zu; %s, max violation %.3g\n",
            r->evaluations, r->failed, r->combos, r->feasible ? "feasible" : "NOT FEASIBLE",
            r->max_violation);
    if (r->first_failed) {
        fputs("  failed evaluations by cause:", fp);
        for (size_t k = 1; k < ORF_OPT_NFAIL; k++)
            if (r->fail_count[k])
                fprintf(fp, " %s %zu", orf_opt_fail_name((orf_opt_fail)k), r->fail_count[k]);
        fprintf(fp, "\n  first failure (evaluation %zu, %s): %s\n    at", r->first_failed,
                orf_opt_fail_name(r->first_cause), r->first_failure);
        for (size_t i = 0; i < r->nvar; i++)
            fprintf(fp, "%s %s = %.8g", i ? "," : "", r->var[i].path, r->var[i].failed_value);
        fputc('\n', fp);
    }
    fprintf(fp, "\n  %-40s %14s %14s %14s %14s\n", "variable", "min", "max", "base", "optimum");
    for (size_t i = 0; i < r->nvar; i++) {
        const orf_opt_var *v = &r->var[i];
        fprintf(fp, "  %-40s %14.8g %14.8g %14.8g %14.8g%s\n", v->path, v->lo, v->hi, v->base,
                v->value, v->integer ? " (integer)" : "");
    }
    if (r->ncon) {
        fprintf(fp, "\n  %-40s %9s %14s %14s %14s  %s\n", "constraint", "", "bound", "base",
                "optimum", "");
        for (size_t i = 0; i < r->ncon; i++) {
            const orf_opt_con *c = &r->con[i];
            int met = c->at_least ? c->value >= c->bound - r->tol : c->value <= c->bound + r->tol;
            fprintf(fp, "  %-40s %9s %14.8g %14.8g %14.8g  %s\n", c->path,
                    c->at_least ? "at_least" : "at_most", c->bound, c->base, c->value,
                    !met        ? "VIOLATED"
                    : c->active ? "active"
                                : "");
        }
    }
    if (r->objective2) {
        fprintf(fp, "\n  Pareto front (ε-constraint): %s vs %s\n", r->objective, r->objective2);
        for (size_t k = 0; k < r->npoints; k++)
            fprintf(fp, "  %3zu  %16.10g  %16.10g%s\n", k + 1, r->points[k].f, r->points[k].f2,
                    r->points[k].feasible ? "" : "  (infeasible)");
    }
}

/* ---------------------------------------------------------------- the optimum as a file */

/* The scalar behind a variable's path and its offset in the text: orf_text_find_scalar and
 * orf_text_offset (src/core/text_edit.c, shared with the workbench's edits, oreflow/edit.h). */

typedef struct {
    long at, len;
    char text[96];
} edit;

/* A design spec switched off by `set:` whose entry has no `enabled:`: an `enabled: false` key
 * inserted before its `adjust:` key (a line of its own in block style, a member in flow style).
 * The offset, or -1 when the spec or its adjust key is not found. */
static long insert_switch(orf_doc *doc, const char *text, const char *path, double value, edit *e)
{
    char name[256];
    const char *q = path + 6, *dot = strchr(q, '.');
    size_t len = dot ? (size_t)(dot - q) : 0;
    if (!dot || len >= sizeof name || strcmp(dot, ".enabled"))
        return -1;
    memcpy(name, q, len);
    name[len] = 0;
    const orf_node *sl = orf_node_get(orf_doc_root(doc), "specs"), *sp = NULL;
    for (size_t i = 0; sl && sl->kind == ORF_NODE_SEQ && i < sl->n; i++) {
        const orf_node *nm = orf_node_get(sl->items[i], "name");
        if (nm && nm->kind == ORF_NODE_SCALAR && !strcmp(nm->str, name))
            sp = sl->items[i];
    }
    const orf_node *k = sp ? orf_node_key(sp, "adjust") : NULL;
    long at = k ? orf_text_offset(text, k->loc) : -1;
    if (at < 0)
        return -1;
    long ls = at;
    while (ls > 0 && text[ls - 1] != '\n')
        ls--;
    int block = 1;
    for (long i = ls; i < at; i++)
        if (text[i] != ' ' && text[i] != '-')
            block = 0;
    const char *v = value != 0 ? "true" : "false";
    if (block)
        snprintf(e->text, sizeof e->text, "enabled: %s   # set by oreflow optimize\n%*s", v,
                 (int)(at - ls), "");
    else
        snprintf(e->text, sizeof e->text, "enabled: %s, ", v);
    e->at = at;
    e->len = 0;
    return at;
}

static int by_offset_desc(const void *a, const void *b)
{
    long x = ((const edit *)a)->at, y = ((const edit *)b)->at;
    return (x < y) - (x > y);
}

/* A splitter's last outlet takes the remainder of the others (src/units/basic.c), and the file
 * must list fractions that sum to 1: for each `UNIT.fractions.K` variable, the list's last
 * number (when it is not a variable too) is rewritten as 1 − the others. */
static orf_status close_fractions(orf_ctx *ctx, const orf_opt_result *r, orf_doc *doc,
                                  const char *text, edit *ed, size_t *ne)
{
    for (size_t i = 0; i < r->nvar && *ne < 64; i++) {
        const char *p = strstr(r->var[i].path, ".fractions.");
        if (!p || strncmp(r->var[i].path, "economics.", 10) == 0)
            continue;
        char list[512];
        snprintf(list, sizeof list, "%.*s.fractions", (int)(p - r->var[i].path), r->var[i].path);
        const orf_node *seq = NULL;
        {
            /* the list node: the parent of the scalar */
            char first[600];
            snprintf(first, sizeof first, "%s.0", list);
            const orf_node *root = orf_doc_root(doc);
            const orf_node *f0 = orf_text_find_scalar(root, first);
            const orf_node *ul = orf_node_get(root, "units");
            for (size_t u = 0; f0 && ul && ul->kind == ORF_NODE_SEQ && u < ul->n; u++) {
                const orf_node *fr = orf_node_get(ul->items[u], "fractions");
                if (fr && fr->kind == ORF_NODE_SEQ && fr->n && fr->items[0] == f0)
                    seq = fr;
            }
        }
        if (!seq || seq->n < 2)
            continue;
        double sum = 0;
        int last_is_var = 0, done = 0;
        for (size_t k = 0; k < seq->n; k++) {
            char key[560];
            snprintf(key, sizeof key, "%s.%zu", list, k);
            double v;
            int isv = 0;
            for (size_t q = 0; q < r->nvar; q++)
                if (!strcmp(r->var[q].path, key)) {
                    v = r->var[q].value;
                    isv = 1;
                }
            if (!isv && !orf_parse_number(seq->items[k]->str, &v))
                return orf_diag_emit(ctx, ORF_E_INPUT, &seq->items[k]->loc, NULL,
                                     "--write-optimum: a fraction that is not a number");
            if (k + 1 < seq->n)
                sum += v;
            else
                last_is_var = isv;
        }
        for (size_t q = 0; q < *ne; q++) /* already closed for an earlier variable of the list */
            if (ed[q].at == orf_text_offset(text, seq->items[seq->n - 1]->loc))
                done = 1;
        if (last_is_var || done)
            continue;
        const orf_node *last = seq->items[seq->n - 1];
        edit *e = &ed[(*ne)++];
        e->at = orf_text_offset(text, last->loc);
        e->len = (long)strlen(last->str);
        snprintf(e->text, sizeof e->text, "%.10g", fmax(0.0, 1.0 - sum));
    }
    return ORF_OK;
}

orf_status orf_opt_write_optimum(orf_ctx *ctx, const orf_opt_result *r, const char *in,
                                 const char *out, int overwrite)
{
    char *ri = realpath(in, NULL), *ro = realpath(out, NULL);
    int same = ri && ro && !strcmp(ri, ro);
    free(ri);
    free(ro);
    if (same && !overwrite)
        return orf_diag_emit(ctx, ORF_E_INPUT, NULL, NULL,
                             "--write-optimum %s is the input file: refused (write a new file)",
                             out);
    orf_doc *doc;
    orf_status st = orf_doc_load(ctx, in, &doc);
    if (st != ORF_OK)
        return st;
    const char *text = orf_doc_text(doc);
    edit ed[64];
    size_t ne = 0;
    for (size_t i = 0; i < r->nvar + r->nset && i < 64 && st == ORF_OK; i++) {
        int isvar = i < r->nvar;
        const char *path = isvar ? r->var[i].path : r->set[i - r->nvar].path;
        double value = isvar ? r->var[i].value : r->set[i - r->nvar].value;
        int sw = !strncmp(path, "specs.", 6); /* a spec's switch: true / false */
        const orf_node *n = orf_text_find_scalar(orf_doc_root(doc), path);
        long at = n && !n->quoted ? orf_text_offset(text, n->loc) : -1;
        size_t len = n ? strlen(n->str) : 0;
        if (!n && sw && (at = insert_switch(doc, text, path, value, &ed[ne])) >= 0) {
            ne++;
            continue;
        }
        if (at < 0 || strncmp(text + at, n->str, len)) {
            st = orf_diag_emit(ctx, ORF_E_INPUT, isvar ? &r->var[i].loc : NULL, NULL,
                               "--write-optimum: the value of '%s' is not a plain number in %s "
                               "(a parameter left at its default, or an economics value not "
                               "written there): write it in the file first",
                               path, in);
            break;
        }
        ed[ne].at = at;
        ed[ne].len = (long)len;
        if (sw)
            snprintf(ed[ne].text, sizeof ed[ne].text, "%s", value != 0 ? "true" : "false");
        else if (isvar && r->var[i].integer)
            snprintf(ed[ne].text, sizeof ed[ne].text, "%.0f", value);
        else
            snprintf(ed[ne].text, sizeof ed[ne].text, "%.10g", value);
        ne++;
    }
    if (st == ORF_OK)
        st = close_fractions(ctx, r, doc, text, ed, &ne);
    if (st == ORF_OK) {
        qsort(ed, ne, sizeof *ed, by_offset_desc);
        orf_atomic a;
        st = orf_atomic_open(ctx, &a, out);
        if (st == ORF_OK) {
            /* written front to back: the edits in ascending order */
            long pos = 0;
            for (size_t k = ne; k-- > 0;) {
                fwrite(text + pos, 1, (size_t)(ed[k].at - pos), a.fp);
                fputs(ed[k].text, a.fp);
                pos = ed[k].at + ed[k].len;
            }
            fputs(text + pos, a.fp);
            st = orf_atomic_commit(ctx, &a);
        }
    }
    orf_doc_free(doc);
    return st;
}
