/* libmicrohttpd opened on first use (dlopen), not at program start, as src/report/lazy_libs.c
 * does for Graphviz and libxlsxwriter (issue 20): Debian's libmicrohttpd links GnuTLS and its
 * seven dependencies, which every `oreflow run` would otherwise map and relocate. Built with
 * ORF_MHD_SONAME (CMakeLists.txt: read off the library found), this file defines the functions
 * serve_http.c calls under libmicrohttpd's names and prototypes, each forwarding to the function
 * found by dlsym; the library is opened once (pthread_once) and never closed. When it cannot be
 * opened, MHD_start_daemon returns NULL and `oreflow serve` says it cannot start the server. */
#include "serve.h"

#if defined(ORF_HAVE_SERVE) && defined(ORF_MHD_SONAME)
#include <dlfcn.h>
#include <microhttpd.h>
#include <stdarg.h>
#include <string.h>

static struct {
    int ok;
    struct MHD_Daemon *(*start_va)(unsigned int, uint16_t, MHD_AcceptPolicyCallback, void *,
                                   MHD_AccessHandlerCallback, void *, va_list);
    void (*stop)(struct MHD_Daemon *);
    const char *(*lookup)(struct MHD_Connection *, enum MHD_ValueKind, const char *);
    struct MHD_Response *(*from_buffer)(size_t, void *, enum MHD_ResponseMemoryMode);
    enum MHD_Result (*add_header)(struct MHD_Response *, const char *, const char *);
    enum MHD_Result (*queue)(struct MHD_Connection *, unsigned int, struct MHD_Response *);
    void (*destroy)(struct MHD_Response *);
} mhd;
static pthread_once_t mhd_once = PTHREAD_ONCE_INIT;

static int find(void *h, const char *name, void *slot, size_t size)
{
    void *p = h ? dlsym(h, name) : NULL;
    if (!p)
        return -1;
    memcpy(slot, &p, size); /* POSIX: a dlsym result converts to a function pointer */
    return 0;
}
#define FIND(h, field, name) find(h, name, &mhd.field, sizeof mhd.field)

static void mhd_open(void)
{
    void *h = dlopen(ORF_MHD_SONAME, RTLD_NOW | RTLD_LOCAL);
    mhd.ok = h && !FIND(h, start_va, "MHD_start_daemon_va") && !FIND(h, stop, "MHD_stop_daemon") &&
             !FIND(h, lookup, "MHD_lookup_connection_value") &&
             !FIND(h, from_buffer, "MHD_create_response_from_buffer") &&
             !FIND(h, add_header, "MHD_add_response_header") &&
             !FIND(h, queue, "MHD_queue_response") && !FIND(h, destroy, "MHD_destroy_response");
    if (!mhd.ok)
        fprintf(stderr, "oreflow serve: cannot open %s: %s\n", ORF_MHD_SONAME,
                h ? "a function is missing" : dlerror());
}

struct MHD_Daemon *MHD_start_daemon(unsigned int flags, uint16_t port, MHD_AcceptPolicyCallback apc,
                                    void *apc_cls, MHD_AccessHandlerCallback dh, void *dh_cls, ...)
{
    pthread_once(&mhd_once, mhd_open);
    if (!mhd.ok)
        return NULL;
    va_list ap;
    va_start(ap, dh_cls);
    struct MHD_Daemon *d = mhd.start_va(flags, port, apc, apc_cls, dh, dh_cls, ap);
    va_end(ap);
    return d;
}

void MHD_stop_daemon(struct MHD_Daemon *daemon)
{
    mhd.stop(daemon);
}

const char *MHD_lookup_connection_value(struct MHD_Connection *connection, enum MHD_ValueKind kind,
                                        const char *key)
{
    return mhd.lookup(connection, kind, key);
}

struct MHD_Response *MHD_create_response_from_buffer(size_t size, void *buffer,
                                                     enum MHD_ResponseMemoryMode mode)
{
    return mhd.from_buffer(size, buffer, mode);
}

enum MHD_Result MHD_add_response_header(struct MHD_Response *response, const char *header,
                                        const char *content)
{
    return mhd.add_header(response, header, content);
}

enum MHD_Result MHD_queue_response(struct MHD_Connection *connection, unsigned int status_code,
                                   struct MHD_Response *response)
{
    return mhd.queue(connection, status_code, response);
}

void MHD_destroy_response(struct MHD_Response *response)
{
    mhd.destroy(response);
}

#endif
