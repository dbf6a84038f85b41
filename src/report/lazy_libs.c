/* Graphviz and libxlsxwriter opened on first use (dlopen), not at program start (issue 20, goal 1).
 *
 * Only the HTML report's diagram (diagram.c) and the workbook (xlsx.c) use them, yet linked as
 * ordinary dependencies they and theirs (libcrypto, libminizip, libz, libexpat, libltdl, libcdt,
 * libpathplan) were mapped and relocated by every `oreflow run`: measured on the 2-core build
 * machine (perf record of 200 runs of examples/recycle/grinding_loop.yaml), the dynamic loader took
 * about 60 % of such a process, an empty program linked against libxlsxwriter 5.6 ms of CPU more
 * than one linked against libyaml and GSL alone, and against Graphviz 2 ms more.
 *
 * Built with ORF_LAZY_REPORT_LIBS (CMake option, on by default; cmake/lazy_libs.cmake), this file
 * defines the functions diagram.c and xlsx.c call, under the libraries' own names and prototypes
 * (their headers), each forwarding to the library's function found by dlsym in the library
 * opened by SONAME (ORF_GVC_SONAME, ORF_CGRAPH_SONAME, ORF_XLSX_SONAME: read off the libraries
 * found at configure time). The definitions are hidden (the library's visibility preset), so
 * nothing outside liboreflow sees them, and GNU ld's --wrap of the tests still applies (the calls
 * are undefined references in diagram.o and xlsx.o). Each library is opened once per process
 * (pthread_once) and never closed, as a linked library would be. When it cannot be opened, the
 * entry points fail as the library does when it runs out of memory (NULL, an error code), and the
 * callers' diagnostics follow (e.g. "cannot start Graphviz", "cannot start workbook"). */
#include "report_impl.h"

#if defined(ORF_LAZY_REPORT_LIBS)
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

static void *open_lib(const char *soname)
{
    return dlopen(soname, RTLD_NOW | RTLD_LOCAL);
}

/* the symbol `name` of h into *slot (a function pointer's storage); 0 when found */
static int find(void *h, const char *name, void *slot, size_t size)
{
    void *p = h ? dlsym(h, name) : NULL;
    if (!p)
        return -1;
    memcpy(slot, &p, size); /* POSIX: a dlsym result converts to a function pointer */
    return 0;
}
#define FIND(h, api, name) find(h, #name, &(api).name, sizeof(api).name)

#if defined(ORF_WITH_GRAPHVIZ)
#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

/* cgraph's own value of the descriptor (graph.c: a directed, non-strict main graph); data cannot
 * be forwarded, and diagram.c passes it by value to agopen */
Agdesc_t Agdirected = {.directed = 1, .maingraph = 1};

static struct {
    int ok;
    Agraph_t *(*agopen)(char *, Agdesc_t, Agdisc_t *);
    int (*agclose)(Agraph_t *);
    Agnode_t *(*agnode)(Agraph_t *, char *, int);
    Agedge_t *(*agedge)(Agraph_t *, Agnode_t *, Agnode_t *, char *, int);
    Agsym_t *(*agattr)(Agraph_t *, int, char *, char *);
    int (*agsafeset)(void *, char *, char *, char *);
    GVC_t *(*gvContext)(void);
    int (*gvLayout)(GVC_t *, graph_t *, const char *);
    int (*gvRenderData)(GVC_t *, graph_t *, const char *, char **, unsigned int *);
    void (*gvFreeRenderData)(char *);
    int (*gvFreeLayout)(GVC_t *, graph_t *);
    int (*gvFreeContext)(GVC_t *);
} gv;
static pthread_once_t gv_once = PTHREAD_ONCE_INIT;

static void gv_open(void)
{
    void *cg = open_lib(ORF_CGRAPH_SONAME);
    void *gc = cg ? open_lib(ORF_GVC_SONAME) : NULL;
    gv.ok = cg && gc && !FIND(cg, gv, agopen) && !FIND(cg, gv, agclose) && !FIND(cg, gv, agnode) &&
            !FIND(cg, gv, agedge) && !FIND(cg, gv, agattr) && !FIND(cg, gv, agsafeset) &&
            !FIND(gc, gv, gvContext) && !FIND(gc, gv, gvLayout) && !FIND(gc, gv, gvRenderData) &&
            !FIND(gc, gv, gvFreeRenderData) && !FIND(gc, gv, gvFreeLayout) &&
            !FIND(gc, gv, gvFreeContext);
}

static int gv_ready(void)
{
    pthread_once(&gv_once, gv_open);
    return gv.ok;
}

GVC_t *gvContext(void)
{
    return gv_ready() ? gv.gvContext() : NULL;
}
int gvFreeContext(GVC_t *gvc)
{
    return gv_ready() ? gv.gvFreeContext(gvc) : -1;
}
int gvLayout(GVC_t *gvc, graph_t *g, const char *engine)
{
    return gv_ready() ? gv.gvLayout(gvc, g, engine) : -1;
}
int gvRenderData(GVC_t *gvc, graph_t *g, const char *format, char **result, unsigned int *length)
{
    return gv_ready() ? gv.gvRenderData(gvc, g, format, result, length) : -1;
}
void gvFreeRenderData(char *data)
{
    if (gv_ready())
        gv.gvFreeRenderData(data);
}
int gvFreeLayout(GVC_t *gvc, graph_t *g)
{
    return gv_ready() ? gv.gvFreeLayout(gvc, g) : -1;
}
Agraph_t *agopen(char *name, Agdesc_t desc, Agdisc_t *disc)
{
    return gv_ready() ? gv.agopen(name, desc, disc) : NULL;
}
int agclose(Agraph_t *g)
{
    return gv_ready() ? gv.agclose(g) : -1;
}
Agnode_t *agnode(Agraph_t *g, char *name, int createflag)
{
    return gv_ready() ? gv.agnode(g, name, createflag) : NULL;
}
Agedge_t *agedge(Agraph_t *g, Agnode_t *t, Agnode_t *h, char *name, int createflag)
{
    return gv_ready() ? gv.agedge(g, t, h, name, createflag) : NULL;
}
Agsym_t *agattr(Agraph_t *g, int kind, char *name, char *value)
{
    return gv_ready() ? gv.agattr(g, kind, name, value) : NULL;
}
int agsafeset(void *obj, char *name, char *value, char *def)
{
    return gv_ready() ? gv.agsafeset(obj, name, value, def) : -1;
}
#endif /* ORF_WITH_GRAPHVIZ */

#if defined(ORF_WITH_XLSX)
#include <xlsxwriter.h>

static struct {
    int ok;
    lxw_workbook *(*workbook_new)(const char *);
    lxw_worksheet *(*workbook_add_worksheet)(lxw_workbook *, const char *);
    lxw_format *(*workbook_add_format)(lxw_workbook *);
    lxw_error (*workbook_close)(lxw_workbook *);
    void (*format_set_bold)(lxw_format *);
    void (*format_set_align)(lxw_format *, uint8_t);
    void (*format_set_text_wrap)(lxw_format *);
    void (*format_set_bg_color)(lxw_format *, lxw_color_t);
    void (*format_set_bottom)(lxw_format *, uint8_t);
    lxw_error (*worksheet_write_number)(lxw_worksheet *, lxw_row_t, lxw_col_t, double,
                                        lxw_format *);
    lxw_error (*worksheet_write_string)(lxw_worksheet *, lxw_row_t, lxw_col_t, const char *,
                                        lxw_format *);
    lxw_error (*worksheet_write_boolean)(lxw_worksheet *, lxw_row_t, lxw_col_t, int, lxw_format *);
    lxw_error (*worksheet_set_row)(lxw_worksheet *, lxw_row_t, double, lxw_format *);
    lxw_error (*worksheet_set_column)(lxw_worksheet *, lxw_col_t, lxw_col_t, double, lxw_format *);
    void (*worksheet_freeze_panes)(lxw_worksheet *, lxw_row_t, lxw_col_t);
    char *(*lxw_strerror)(lxw_error);
} xl;
static pthread_once_t xl_once = PTHREAD_ONCE_INIT;

static void xl_open(void)
{
    void *h = open_lib(ORF_XLSX_SONAME);
    xl.ok = h && !FIND(h, xl, workbook_new) && !FIND(h, xl, workbook_add_worksheet) &&
            !FIND(h, xl, workbook_add_format) && !FIND(h, xl, workbook_close) &&
            !FIND(h, xl, format_set_bold) && !FIND(h, xl, format_set_align) &&
            !FIND(h, xl, format_set_text_wrap) && !FIND(h, xl, format_set_bg_color) &&
            !FIND(h, xl, format_set_bottom) && !FIND(h, xl, worksheet_write_number) &&
            !FIND(h, xl, worksheet_write_string) && !FIND(h, xl, worksheet_write_boolean) &&
            !FIND(h, xl, worksheet_set_row) && !FIND(h, xl, worksheet_set_column) &&
            !FIND(h, xl, worksheet_freeze_panes) && !FIND(h, xl, lxw_strerror);
}

static int xl_ready(void)
{
    pthread_once(&xl_once, xl_open);
    return xl.ok;
}

lxw_workbook *workbook_new(const char *filename)
{
    return xl_ready() ? xl.workbook_new(filename) : NULL;
}
lxw_worksheet *workbook_add_worksheet(lxw_workbook *wb, const char *sheetname)
{
    return xl_ready() ? xl.workbook_add_worksheet(wb, sheetname) : NULL;
}
lxw_format *workbook_add_format(lxw_workbook *wb)
{
    return xl_ready() ? xl.workbook_add_format(wb) : NULL;
}
lxw_error workbook_close(lxw_workbook *wb)
{
    return xl_ready() ? xl.workbook_close(wb) : LXW_ERROR_CREATING_XLSX_FILE;
}
void format_set_bold(lxw_format *f)
{
    if (xl_ready())
        xl.format_set_bold(f);
}
void format_set_align(lxw_format *f, uint8_t alignment)
{
    if (xl_ready())
        xl.format_set_align(f, alignment);
}
void format_set_text_wrap(lxw_format *f)
{
    if (xl_ready())
        xl.format_set_text_wrap(f);
}
void format_set_bg_color(lxw_format *f, lxw_color_t color)
{
    if (xl_ready())
        xl.format_set_bg_color(f, color);
}
void format_set_bottom(lxw_format *f, uint8_t style)
{
    if (xl_ready())
        xl.format_set_bottom(f, style);
}
lxw_error worksheet_write_number(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, double number,
                                 lxw_format *f)
{
    return xl_ready() ? xl.worksheet_write_number(ws, row, col, number, f)
                      : LXW_ERROR_MEMORY_MALLOC_FAILED;
}
lxw_error worksheet_write_string(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *s,
                                 lxw_format *f)
{
    return xl_ready() ? xl.worksheet_write_string(ws, row, col, s, f)
                      : LXW_ERROR_MEMORY_MALLOC_FAILED;
}
lxw_error worksheet_write_boolean(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, int value,
                                  lxw_format *f)
{
    return xl_ready() ? xl.worksheet_write_boolean(ws, row, col, value, f)
                      : LXW_ERROR_MEMORY_MALLOC_FAILED;
}
lxw_error worksheet_set_row(lxw_worksheet *ws, lxw_row_t row, double height, lxw_format *f)
{
    return xl_ready() ? xl.worksheet_set_row(ws, row, height, f) : LXW_ERROR_MEMORY_MALLOC_FAILED;
}
lxw_error worksheet_set_column(lxw_worksheet *ws, lxw_col_t first, lxw_col_t last, double width,
                               lxw_format *f)
{
    return xl_ready() ? xl.worksheet_set_column(ws, first, last, width, f)
                      : LXW_ERROR_MEMORY_MALLOC_FAILED;
}
void worksheet_freeze_panes(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col)
{
    if (xl_ready())
        xl.worksheet_freeze_panes(ws, row, col);
}
char *lxw_strerror(lxw_error e)
{
    static char unavailable[] = "libxlsxwriter could not be opened";
    return xl_ready() ? xl.lxw_strerror(e) : unavailable;
}
#endif /* ORF_WITH_XLSX */

#else
typedef int orf__lazy_libs_unused; /* ISO C: no empty translation unit */
#endif
