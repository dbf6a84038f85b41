/* Edits of a flowsheet's YAML text keeping comments and layout (include/oreflow/edit.h): each
 * edit parses the current text, finds the nodes concerned by their locations and splices bytes;
 * the rest of the text is copied unchanged. The splice mechanism is the one
 * `--write-optimum` uses (src/opt/opt_out.c calls orf_text_find_scalar and orf_text_offset). */
#include "core_impl.h"

#include <stdlib.h>
#include <string.h>

const orf_node *orf_text_find_scalar(const orf_node *root, const char *path)
{
    const orf_node *n = root;
    char buf[512];
    if ((size_t)snprintf(buf, sizeof buf, "%s", path) >= sizeof buf)
        return NULL;
    char *seg = buf, *dot;
    if (strncmp(path, "economics.", 10)) { /* unit.param…: the unit's map in `units` */
        dot = strchr(seg, '.');
        if (!dot)
            return NULL;
        *dot = 0;
        int spec = !strcmp(seg, "specs"); /* specs.NAME.enabled: the spec's map in `specs` */
        if (spec) {
            seg = dot + 1;
            dot = strchr(seg, '.');
            if (!dot)
                return NULL;
            *dot = 0;
        }
        const orf_node *ul = orf_node_get(root, spec ? "specs" : "units");
        n = NULL;
        for (size_t i = 0; ul && ul->kind == ORF_NODE_SEQ && i < ul->n; i++) {
            const orf_node *nm = orf_node_get(ul->items[i], "name");
            if (nm && nm->kind == ORF_NODE_SCALAR && !strcmp(nm->str, seg))
                n = ul->items[i];
        }
        if (!n && !spec) /* a feed: its map under `feeds:` by name */
            n = orf_node_get(orf_node_get(root, "feeds"), seg);
        seg = dot + 1;
    }
    while (n && seg) {
        dot = strchr(seg, '.');
        if (dot)
            *dot = 0;
        if (n->kind == ORF_NODE_MAP)
            n = orf_node_get(n, seg);
        else if (n->kind == ORF_NODE_SEQ) {
            char *end;
            long k = strtol(seg, &end, 10);
            n = !*end && k >= 0 && (size_t)k < n->n ? n->items[k] : NULL;
        } else
            return NULL;
        seg = dot ? dot + 1 : NULL;
    }
    return n && n->kind == ORF_NODE_SCALAR ? n : NULL;
}

long orf_text_offset(const char *text, orf_loc loc)
{
    const char *p = text;
    for (int l = 1; l < loc.line; l++) {
        p = strchr(p, '\n');
        if (!p)
            return -1;
        p++;
    }
    for (int c = 1; c < loc.col && *p && *p != '\n'; c++) {
        p++;
        while ((*p & 0xC0) == 0x80) /* the rest of a UTF-8 character */
            p++;
    }
    return (long)(p - text);
}

/* ---------------------------------------------------------------- splicing */

typedef struct edit_state {
    orf_ctx *ctx;
    const char *name;
    char *text; /* current text (through ctx) */
    orf_doc *doc;
} edit_state;

/* Replace [at, at + len) of the current text by `ins`. */
static orf_status splice(edit_state *s, long at, long len, const char *ins)
{
    size_t old = strlen(s->text), add = strlen(ins);
    char *t = orf_malloc(s->ctx, old - (size_t)len + add + 1);
    if (!t)
        return orf_diag_emit(s->ctx, ORF_E_NOMEM, NULL, NULL, "out of memory editing %s", s->name);
    memcpy(t, s->text, (size_t)at);
    memcpy(t + at, ins, add);
    memcpy(t + at + add, s->text + at + len, old - (size_t)(at + len) + 1);
    orf_free(s->ctx, s->text);
    s->text = t;
    return ORF_OK;
}

static orf_status reparse(edit_state *s)
{
    orf_doc_free(s->doc);
    s->doc = NULL;
    return orf_doc_load_string(s->ctx, s->name, s->text, strlen(s->text), &s->doc);
}

static long line_start(const char *t, long at)
{
    while (at > 0 && t[at - 1] != '\n')
        at--;
    return at;
}

static long next_line(const char *t, long at)
{
    const char *nl = strchr(t + at, '\n');
    return nl ? (long)(nl - t) + 1 : (long)strlen(t);
}

/* Offset just past a scalar node's text (plain: its string; quoted: to the closing quote). */
static long scalar_end(const char *t, const orf_node *n)
{
    long at = orf_text_offset(t, n->loc);
    if (at < 0)
        return -1;
    char q = t[at];
    if (n->quoted && (q == '"' || q == '\'')) {
        for (long i = at + 1; t[i]; i++) {
            if (q == '"' && t[i] == '\\' && t[i + 1])
                i++;
            else if (t[i] == q && !(q == '\'' && t[i + 1] == '\''))
                return i + 1;
            else if (q == '\'' && t[i] == q)
                i++;
        }
        return -1;
    }
    size_t len = strlen(n->str);
    return strncmp(t + at, n->str, len) ? -1 : at + (long)len;
}

/* The offset of the bracket closing the flow collection opening at `at` ('{' or '['). */
static long flow_close(const char *t, long at)
{
    int depth = 0;
    for (long i = at; t[i]; i++) {
        char c = t[i];
        if (c == '"' || c == '\'') {
            for (i++; t[i] && t[i] != c; i++)
                if (c == '"' && t[i] == '\\' && t[i + 1])
                    i++;
            if (!t[i])
                return -1;
        } else if (c == '#' && (i == 0 || t[i - 1] == ' '))
            i = next_line(t, i) - 1;
        else if (c == '{' || c == '[')
            depth++;
        else if ((c == '}' || c == ']') && --depth == 0)
            return i;
    }
    return -1;
}

/* Is the line at `ls` blank or a comment? */
static int idle_line(const char *t, long ls)
{
    while (t[ls] == ' ' || t[ls] == '\t')
        ls++;
    return t[ls] == '\n' || t[ls] == '#' || !t[ls];
}

static int indent_of(const char *t, long ls)
{
    int n = 0;
    while (t[ls + n] == ' ')
        n++;
    return n;
}

/* The lines [*from, *to) of block sequence item `it` (its "- " line to the last line indented
 * deeper than the dash, trailing blank and comment lines left to what follows). */
static int block_item_span(const char *t, const orf_node *it, long *from, long *to)
{
    long at = orf_text_offset(t, it->loc);
    if (at < 0)
        return -1;
    long ls = line_start(t, at), dash = ls;
    while (dash < at && t[dash] == ' ')
        dash++;
    if (t[dash] != '-')
        return -1;
    int dcol = (int)(dash - ls);
    long end = next_line(t, at), last = end;
    while (t[end]) {
        if (!idle_line(t, end)) {
            if (indent_of(t, end) <= dcol)
                break;
            last = next_line(t, end);
        }
        end = next_line(t, end);
    }
    *from = ls;
    *to = last;
    return dcol;
}

/* A unit's map in `units:` (*list: that list), or a feed's map under `feeds:` (*list: the feeds
 * map), or NULL. */
static const orf_node *find_unit(const orf_node *root, const char *name, const orf_node **list)
{
    const orf_node *ul = orf_node_get(root, "units");
    for (size_t i = 0; ul && ul->kind == ORF_NODE_SEQ && i < ul->n; i++) {
        const orf_node *nm = orf_node_get(ul->items[i], "name");
        if (nm && nm->kind == ORF_NODE_SCALAR && !strcmp(nm->str, name)) {
            if (list)
                *list = ul;
            return ul->items[i];
        }
    }
    const orf_node *feeds = orf_node_get(root, "feeds");
    const orf_node *f = feeds && feeds->kind == ORF_NODE_MAP ? orf_node_get(feeds, name) : NULL;
    if (f && f->kind == ORF_NODE_MAP) {
        if (list)
            *list = feeds;
        return f;
    }
    return NULL;
}

/* Add `key: value` to map node m (flow: before its '}'; block: a line after its last line). */
static orf_status map_add(edit_state *s, const orf_node *m, const char *key, const char *value)
{
    const char *t = s->text;
    long at = orf_text_offset(t, m->loc);
    char buf[1024];
    if (at >= 0 && t[at] == '{') {
        long close = flow_close(t, at);
        if (close < 0)
            return orf_diag_emit(s->ctx, ORF_E_INPUT, &m->loc, NULL,
                                 "cannot find the end of this map");
        long k = close;
        while (k > at && (t[k - 1] == ' ' || t[k - 1] == '\n'))
            k--;
        snprintf(buf, sizeof buf, "%s%s: %s", m->n ? ", " : "", key, value);
        return splice(s, k, 0, buf);
    }
    if (at < 0 || !m->n)
        return orf_diag_emit(s->ctx, ORF_E_INPUT, &m->loc, NULL,
                             "cannot add '%s' here: an empty map", key);
    /* block style: a line after the map's last line (lines indented at least as its keys) */
    int kind = m->keys[0]->loc.col - 1;
    long fk = orf_text_offset(t, m->keys[0]->loc);
    if (fk < 0)
        return orf_diag_emit(s->ctx, ORF_E_INPUT, &m->loc, NULL, "cannot find this map's keys");
    long end = next_line(t, fk), last = end;
    while (t[end]) {
        if (!idle_line(t, end)) {
            if (indent_of(t, end) < kind)
                break;
            last = next_line(t, end);
        }
        end = next_line(t, end);
    }
    if (last > 0 && t[last - 1] != '\n') { /* the map ends the text without a newline */
        orf_status st = splice(s, last, 0, "\n");
        if (st)
            return st;
        last++;
    }
    snprintf(buf, sizeof buf, "%*s%s: %s\n", kind, "", key, value);
    return splice(s, last, 0, buf);
}

/* specs.NAME.enabled: the switch of design spec NAME, written true / false (value 0: false). */
static orf_status op_set_spec(edit_state *s, const orf_edit_op *op)
{
    const orf_node *root = orf_doc_root(s->doc), *sl = orf_node_get(root, "specs"), *sp = NULL;
    const char *dot = strchr(op->param, '.');
    size_t len = dot ? (size_t)(dot - op->param) : 0;
    for (size_t i = 0; dot && sl && sl->kind == ORF_NODE_SEQ && i < sl->n; i++) {
        const orf_node *nm = orf_node_get(sl->items[i], "name");
        if (nm && nm->kind == ORF_NODE_SCALAR && strlen(nm->str) == len &&
            !strncmp(nm->str, op->param, len))
            sp = sl->items[i];
    }
    if (!sp || strcmp(dot, ".enabled"))
        return orf_diag_emit(s->ctx, ORF_E_UNKNOWN_NAME, NULL, "specs",
                             "no design spec switch 'specs.%s' (write NAME.enabled)", op->param);
    double v;
    const char *word = !strcmp(op->value, "true") || !strcmp(op->value, "false") ? op->value
                       : orf_parse_number(op->value, &v) ? (v != 0 ? "true" : "false")
                                                         : NULL;
    if (!word)
        return orf_diag_emit(s->ctx, ORF_E_INPUT, &sp->loc, "specs",
                             "specs.%s: true, false, 1 or 0", op->param);
    const orf_node *en = orf_node_get(sp, "enabled");
    if (!en)
        return map_add(s, sp, "enabled", word);
    long at = orf_text_offset(s->text, en->loc), end = scalar_end(s->text, en);
    if (en->kind != ORF_NODE_SCALAR || at < 0 || end < 0)
        return orf_diag_emit(s->ctx, ORF_E_INPUT, &en->loc, "specs", "cannot edit specs.%s",
                             op->param);
    return splice(s, at, end - at, word);
}

static orf_status op_set(edit_state *s, const orf_edit_op *op)
{
    const orf_node *root = orf_doc_root(s->doc);
    if (!strcmp(op->unit, "specs") && !find_unit(root, "specs", NULL))
        return op_set_spec(s, op);
    const orf_node *u = find_unit(root, op->unit, NULL);
    if (!u)
        return orf_diag_emit(s->ctx, ORF_E_UNKNOWN_NAME, NULL, op->unit, "no unit '%s' in %s",
                             op->unit, s->name);
    if (!strcmp(op->param, "name") || !strcmp(op->param, "type") || !strcmp(op->param, "in") ||
        !strcmp(op->param, "out"))
        return orf_diag_emit(s->ctx, ORF_E_INPUT, &u->loc, op->unit,
                             "'%s' is not a parameter (rename, retype and connect are other edits)",
                             op->param);
    char path[512];
    snprintf(path, sizeof path, "%s.%s", op->unit, op->param);
    const orf_node *v = orf_text_find_scalar(root, path);
    if (v) {
        long at = orf_text_offset(s->text, v->loc), end = scalar_end(s->text, v);
        if (at < 0 || end < 0)
            return orf_diag_emit(s->ctx, ORF_E_INPUT, &v->loc, op->unit,
                                 "cannot find the value of '%s' in the text", path);
        return splice(s, at, end - at, op->value);
    }
    if (strchr(op->param, '.') || orf_node_get(u, op->param))
        return orf_diag_emit(s->ctx, ORF_E_INPUT, &u->loc, op->unit,
                             "'%s' is not a plain value of unit '%s' (a table: edit the text)",
                             op->param, op->unit);
    return map_add(s, u, op->param, op->value);
}

static orf_status op_delete(edit_state *s, const orf_edit_op *op)
{
    const orf_node *list = NULL;
    const orf_node *u = find_unit(orf_doc_root(s->doc), op->unit, &list);
    if (!u)
        return orf_diag_emit(s->ctx, ORF_E_UNKNOWN_NAME, NULL, op->unit, "no unit '%s' in %s",
                             op->unit, s->name);
    if (list->kind != ORF_NODE_SEQ)
        return orf_diag_emit(s->ctx, ORF_E_INPUT, &u->loc, op->unit,
                             "'%s' is a feed: edit the text under feeds:", op->unit);
    long la = orf_text_offset(s->text, list->loc);
    if (la >= 0 && s->text[la] == '[')
        return orf_diag_emit(s->ctx, ORF_E_INPUT, &list->loc, op->unit,
                             "units written as one flow list [...]: edit the text");
    long from, to;
    if (block_item_span(s->text, u, &from, &to) < 0)
        return orf_diag_emit(s->ctx, ORF_E_INPUT, &u->loc, op->unit,
                             "cannot find where unit '%s' begins and ends", op->unit);
    return splice(s, from, to - from, "");
}

/* A scalar in YAML text: plain when it is a safe word, else double-quoted. */
static void yaml_word(char *out, size_t n, const char *s)
{
    int plain = *s && strchr("-?:,[]{}#&*!|>'\"%@` ", *s) == NULL;
    for (const char *p = s; *p && plain; p++)
        plain = (unsigned char)*p >= 0x80 || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                (*p >= '0' && *p <= '9') || strchr("_.-/", *p);
    if (plain)
        snprintf(out, n, "%s", s);
    else {
        size_t k = 0;
        out[k++] = '"';
        for (; *s && k + 3 < n; s++) {
            if (*s == '"' || *s == '\\')
                out[k++] = '\\';
            out[k++] = (unsigned char)*s < 0x20 ? ' ' : *s;
        }
        out[k++] = '"';
        out[k] = 0;
    }
}

static orf_status op_add(edit_state *s, const orf_edit_op *op)
{
    const orf_node *root = orf_doc_root(s->doc);
    if (!orf_unit_types_find(s->ctx, op->type ? op->type : ""))
        return orf_diag_emit(s->ctx, ORF_E_UNKNOWN_NAME, NULL, op->unit, "no unit type '%s'",
                             op->type ? op->type : "");
    if (find_unit(root, op->unit, NULL))
        return orf_diag_emit(s->ctx, ORF_E_INPUT, NULL, op->unit, "a unit '%s' exists already",
                             op->unit);
    const orf_node *list = orf_node_get(root, "units");
    char name[256], type[256], entry[8192];
    yaml_word(name, sizeof name, op->unit);
    yaml_word(type, sizeof type, op->type);
    int indent = 2;
    long at;
    if (list && list->kind == ORF_NODE_SEQ && list->n) {
        long from, to;
        int dcol = block_item_span(s->text, list->items[list->n - 1], &from, &to);
        if (dcol < 0)
            return orf_diag_emit(s->ctx, ORF_E_INPUT, &list->loc, NULL,
                                 "units written as one flow list [...]: edit the text");
        indent = dcol;
        at = to;
    } else if (!list) { /* no units yet: the section at the end */
        at = (long)strlen(s->text);
        if (at && s->text[at - 1] != '\n') {
            orf_status st = splice(s, at, 0, "\n");
            if (st)
                return st;
            at++;
        }
        orf_status st = splice(s, at, 0, "units:\n");
        if (st)
            return st;
        at += 7;
    } else
        return orf_diag_emit(s->ctx, ORF_E_INPUT, &list->loc, NULL,
                             "'units' is empty or not a list: edit the text");
    size_t k = (size_t)snprintf(entry, sizeof entry, "%*s- name: %s\n%*s  type: %s\n", indent, "",
                                name, indent, "", type);
    for (size_t i = 0; i < op->nparams && k < sizeof entry; i++)
        k += (size_t)snprintf(entry + k, sizeof entry - k, "%*s  %s: %s\n", indent, "",
                              op->params[i].key, op->params[i].value);
    if (k >= sizeof entry)
        return orf_diag_emit(s->ctx, ORF_E_INPUT, NULL, op->unit, "unit entry too long");
    if (at > 0 && s->text[at - 1] != '\n') {
        orf_status st = splice(s, at, 0, "\n");
        if (st)
            return st;
        at++;
    }
    return splice(s, at, 0, entry);
}

/* ---------------------------------------------------------------- connect */

/* "UNIT.PORT" of an outlet (outlet 1) or inlet: the unit's node, the port's index in its type
 * (*k; 0 for a variadic port) and whether the port is variadic. */
static orf_status port_of(edit_state *s, const char *spec, int outlet, const orf_node **u,
                          size_t *k, int *variadic)
{
    char un[256];
    const char *dot = strrchr(spec, '.');
    if (!dot || dot == spec || (size_t)(dot - spec) >= sizeof un)
        return orf_diag_emit(s->ctx, ORF_E_INPUT, NULL, NULL, "'%s' is not UNIT.PORT", spec);
    memcpy(un, spec, (size_t)(dot - spec));
    un[dot - spec] = 0;
    const orf_node *list = NULL;
    *u = find_unit(orf_doc_root(s->doc), un, &list);
    const orf_node *tn = *u ? orf_node_get(*u, "type") : NULL;
    if (!*u || list != orf_node_get(orf_doc_root(s->doc), "units"))
        return orf_diag_emit(s->ctx, ORF_E_UNKNOWN_NAME, NULL, un, "no unit '%s' under units:", un);
    const orf_unit_type *t =
        tn && tn->kind == ORF_NODE_SCALAR ? orf_unit_types_find(s->ctx, tn->str) : NULL;
    if (!t)
        return orf_diag_emit(s->ctx, ORF_E_UNKNOWN_NAME, &(*u)->loc, un,
                             "unit '%s' has no known type", un);
    const char *const *ports = outlet ? t->outlets : t->inlets;
    size_t np = outlet ? t->noutlets : t->ninlets;
    *variadic = np == ORF_PORTS_VARIADIC;
    size_t m = *variadic ? 1 : np;
    for (*k = 0; *k < m && ports && ports[*k]; (*k)++)
        if (!strcmp(ports[*k], dot + 1))
            return ORF_OK;
    orf_diag_emit(s->ctx, ORF_E_UNKNOWN_NAME, &(*u)->loc, un, "unit '%s' (%s) has no %s port '%s'",
                  un, t->name, outlet ? "outlet" : "inlet", dot + 1);
    orf_diag_hint_nearest(s->ctx, dot + 1, ports, m);
    return ORF_E_UNKNOWN_NAME;
}

/* Append scalar text `v` to sequence `seq` (flow: before ']'; block: a line after its last). */
static orf_status seq_append(edit_state *s, const orf_node *seq, const char *v)
{
    const char *t = s->text;
    long at = orf_text_offset(t, seq->loc);
    char buf[600];
    if (at >= 0 && t[at] == '[') {
        long close = flow_close(t, at);
        if (close < 0)
            return orf_diag_emit(s->ctx, ORF_E_INPUT, &seq->loc, NULL,
                                 "cannot find the end of this list");
        long k = close;
        while (k > at && (t[k - 1] == ' ' || t[k - 1] == '\n'))
            k--;
        snprintf(buf, sizeof buf, "%s%s", seq->n ? ", " : "", v);
        return splice(s, k, 0, buf);
    }
    long from, to;
    int dcol = seq->n ? block_item_span(t, seq->items[seq->n - 1], &from, &to) : -1;
    if (dcol < 0)
        return orf_diag_emit(s->ctx, ORF_E_INPUT, &seq->loc, NULL, "cannot append to this list");
    snprintf(buf, sizeof buf, "%*s- %s\n", dcol, "", v);
    return splice(s, to, 0, buf);
}

/* The port of unit u takes `stream`. */
static orf_status attach(edit_state *s, const orf_node *u, int outlet, size_t k, int variadic,
                         const char *port, const char *stream)
{
    const char *key = outlet ? "out" : "in";
    const orf_node *spec = orf_node_get(u, key);
    char buf[600];
    if (!spec) {
        if (variadic)
            snprintf(buf, sizeof buf, "[%s]", stream);
        else
            snprintf(buf, sizeof buf, "{%s: %s}", port, stream);
        return map_add(s, u, key, buf);
    }
    if (spec->kind == ORF_NODE_MAP) {
        const orf_node *v = orf_node_get(spec, port);
        if (!v)
            return map_add(s, spec, port, stream);
        if (v->kind != ORF_NODE_SCALAR)
            return orf_diag_emit(s->ctx, ORF_E_INPUT, &v->loc, NULL, "port '%s' is not a name",
                                 port);
        long at = orf_text_offset(s->text, v->loc), end = scalar_end(s->text, v);
        return at < 0 || end < 0 ? orf_diag_emit(s->ctx, ORF_E_INPUT, &v->loc, NULL,
                                                 "cannot find the stream of port '%s'", port)
                                 : splice(s, at, end - at, stream);
    }
    const orf_node *it = NULL;
    if (spec->kind == ORF_NODE_SEQ) {
        if (variadic) {
            for (size_t i = 0; i < spec->n; i++)
                if (spec->items[i]->kind == ORF_NODE_SCALAR && !strcmp(spec->items[i]->str, stream))
                    return ORF_OK; /* there already */
            return seq_append(s, spec, stream);
        }
        if (k >= spec->n)
            return orf_diag_emit(s->ctx, ORF_E_INPUT, &spec->loc, NULL,
                                 "the '%s' list has no place for port '%s': write it as a map", key,
                                 port);
        it = spec->items[k];
    } else if (!variadic && k == 0)
        it = spec;
    else { /* a variadic port written as one name: the list of both */
        long at = orf_text_offset(s->text, spec->loc), end = scalar_end(s->text, spec);
        if (at < 0 || end < 0)
            return orf_diag_emit(s->ctx, ORF_E_INPUT, &spec->loc, NULL, "cannot edit '%s'", key);
        snprintf(buf, sizeof buf, "[%s, %s]", spec->str, stream);
        return splice(s, at, end - at, buf);
    }
    long at = orf_text_offset(s->text, it->loc), end = scalar_end(s->text, it);
    if (it->kind != ORF_NODE_SCALAR || at < 0 || end < 0)
        return orf_diag_emit(s->ctx, ORF_E_INPUT, &it->loc, NULL, "cannot edit port '%s'", port);
    return splice(s, at, end - at, stream);
}

/* Take `stream` off the first variadic list (`in` or `out` of any unit) naming it, beside
 * `keep` (the unit just attached). 1 when one was taken off, 0 none, <0 error. */
static int detach_one(edit_state *s, int outlet, const char *stream, const orf_node *keep)
{
    const orf_node *ul = orf_node_get(orf_doc_root(s->doc), "units");
    for (size_t i = 0; ul && ul->kind == ORF_NODE_SEQ && i < ul->n; i++) {
        const orf_node *spec = orf_node_get(ul->items[i], outlet ? "out" : "in");
        if (ul->items[i] == keep || !spec || spec->kind != ORF_NODE_SEQ || spec->n < 2)
            continue;
        for (size_t j = 0; j < spec->n; j++) {
            const orf_node *it = spec->items[j];
            if (it->kind != ORF_NODE_SCALAR || strcmp(it->str, stream))
                continue;
            long at = orf_text_offset(s->text, spec->loc);
            if (at >= 0 && s->text[at] != '[') { /* block list: the item's lines */
                long from, to;
                if (block_item_span(s->text, it, &from, &to) < 0)
                    return -1;
                return splice(s, from, to - from, "") ? -1 : 1;
            }
            long a = orf_text_offset(s->text, it->loc), b;
            if (j + 1 < spec->n)
                b = orf_text_offset(s->text, spec->items[j + 1]->loc);
            else {
                b = scalar_end(s->text, it);
                a = scalar_end(s->text, spec->items[j - 1]);
            }
            if (a < 0 || b < 0)
                return -1;
            return splice(s, a, b - a, "") ? -1 : 1;
        }
    }
    return 0;
}

static orf_status op_connect(edit_state *s, const orf_edit_op *op)
{
    if (!op->stream || !*op->stream)
        return orf_diag_emit(s->ctx, ORF_E_INPUT, NULL, NULL, "connect needs a stream");
    char stream[256];
    yaml_word(stream, sizeof stream, op->stream);
    for (int outlet = 1; outlet >= 0; outlet--) {
        const char *end = outlet ? op->from : op->to;
        const orf_node *u = NULL;
        if (end) {
            size_t k = 0;
            int variadic = 0;
            orf_status st = port_of(s, end, outlet, &u, &k, &variadic);
            if (!st)
                st = attach(s, u, outlet, k, variadic, strrchr(end, '.') + 1, stream);
            if (!st)
                st = reparse(s);
            if (st)
                return st;
            /* the unit's node, in the new document (detach skips it) */
            char un[256];
            snprintf(un, sizeof un, "%.*s", (int)(strrchr(end, '.') - end), end);
            u = find_unit(orf_doc_root(s->doc), un, NULL);
        }
        int r;
        while ((r = detach_one(s, outlet, op->stream, u)) == 1)
            if (reparse(s))
                return ORF_E_SYNTAX;
        if (r < 0)
            return orf_diag_emit(s->ctx, ORF_E_INPUT, NULL, op->stream,
                                 "cannot take stream '%s' off its old port", op->stream);
    }
    return ORF_OK;
}

orf_status orf_text_edit(orf_ctx *ctx, const char *name, const char *text, const orf_edit_op *ops,
                         size_t n, char **out)
{
    *out = NULL;
    edit_state s = {ctx, name, NULL, NULL};
    size_t len = strlen(text);
    s.text = orf_malloc(ctx, len + 1);
    if (!s.text)
        return orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL, "out of memory editing %s", name);
    memcpy(s.text, text, len + 1);
    orf_status st = reparse(&s);
    for (size_t i = 0; i < n && !st; i++) {
        const orf_edit_op *op = &ops[i];
        if (!op->unit && op->kind != ORF_EDIT_CONNECT)
            st = orf_diag_emit(ctx, ORF_E_INPUT, NULL, NULL, "edit %zu: no unit named", i);
        else if (op->kind == ORF_EDIT_SET)
            st = op->param && op->value
                     ? op_set(&s, op)
                     : orf_diag_emit(ctx, ORF_E_INPUT, NULL, op->unit,
                                     "edit %zu: set needs a param and a value", i);
        else if (op->kind == ORF_EDIT_DELETE_UNIT)
            st = op_delete(&s, op);
        else if (op->kind == ORF_EDIT_ADD_UNIT)
            st = op_add(&s, op);
        else if (op->kind == ORF_EDIT_CONNECT)
            st = op_connect(&s, op);
        else
            st = orf_diag_emit(ctx, ORF_E_INPUT, NULL, NULL, "edit %zu: unknown kind", i);
        if (!st) {
            st = reparse(&s);
            if (st)
                orf_diag_emit(ctx, ORF_E_INTERNAL, NULL, op->unit,
                              "edit %zu left text that does not parse (not applied)", i);
        }
    }
    orf_doc_free(s.doc);
    if (st) {
        orf_free(ctx, s.text);
        return st;
    }
    *out = s.text;
    return ORF_OK;
}
