/* oreflow serve [FILE|DIR] [--port N] [--bind ADDR] [--token T] [--web-dir DIR] [--quiet]:
 * the workbench in the browser (docs/serve.md, docs/workbench.md). Built only when libmicrohttpd
 * was found (ORF_HAVE_SERVE); otherwise the command says so, as `mpirun oreflow mc` does without
 * MPI. */
#define _DEFAULT_SOURCE /* realpath */
#include "serve.h"

#include <stdlib.h>
#include <string.h>

#ifndef ORF_HAVE_SERVE

int orf_cmd_serve(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fputs("oreflow serve: this oreflow was built without the workbench server (libmicrohttpd was "
          "not found at build time: install libmicrohttpd-dev, scripts/install-deps.sh, and "
          "rebuild)\n",
          stderr);
    return ORF_EXIT_FAILED;
}

#else
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

/* A socket listening on addr:port (port 0: any free one); the port in *port. -1 on error. */
static int listen_on(const char *addr, int *port, int *loopback)
{
    struct sockaddr_storage ss;
    memset(&ss, 0, sizeof ss);
    socklen_t sl;
    struct sockaddr_in *v4 = (struct sockaddr_in *)&ss;
    struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)&ss;
    if (!strcmp(addr, "localhost"))
        addr = "127.0.0.1";
    if (inet_pton(AF_INET, addr, &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET;
        v4->sin_port = htons((unsigned short)*port);
        sl = sizeof *v4;
        *loopback = (ntohl(v4->sin_addr.s_addr) >> 24) == 127;
    } else if (inet_pton(AF_INET6, addr, &v6->sin6_addr) == 1) {
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons((unsigned short)*port);
        sl = sizeof *v6;
        *loopback = IN6_IS_ADDR_LOOPBACK(&v6->sin6_addr);
    } else {
        fprintf(stderr, "oreflow serve: --bind '%s' is not an IPv4 or IPv6 address\n", addr);
        return -1;
    }
    int fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        fprintf(stderr, "oreflow serve: cannot open a socket: %s\n", strerror(errno));
        return -1;
    }
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(fd, (struct sockaddr *)&ss, sl) || listen(fd, 64)) {
        fprintf(stderr, "oreflow serve: cannot listen on %s port %d: %s\n", addr, *port,
                strerror(errno));
        close(fd);
        return -1;
    }
    sl = sizeof ss;
    if (getsockname(fd, (struct sockaddr *)&ss, &sl) == 0)
        *port = ntohs(ss.ss_family == AF_INET ? v4->sin_port : v6->sin6_port);
    return fd;
}

/* 32 hex digits from /dev/urandom. */
static int random_token(char out[33])
{
    unsigned char b[16];
    FILE *fp = fopen("/dev/urandom", "rb");
    size_t got = fp ? fread(b, 1, sizeof b, fp) : 0;
    if (fp)
        fclose(fp);
    if (got != sizeof b)
        return -1;
    for (int i = 0; i < 16; i++)
        snprintf(out + 2 * i, 3, "%02x", b[i]);
    return 0;
}

/* REL percent-encoded for a URL's query (unreserved characters and '/' kept). */
static void url_encode(const char *s, char *out, size_t n)
{
    size_t k = 0;
    for (; *s && k + 4 < n; s++) {
        unsigned char c = (unsigned char)*s;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            strchr("-._~/", c))
            out[k++] = (char)c;
        else
            k += (size_t)snprintf(out + k, n - k, "%%%02X", c);
    }
    out[k] = 0;
}

static int usage(void)
{
    fputs("usage: oreflow serve [FILE|DIR] [--port N] [--bind ADDR] [--token T] [--web-dir DIR] "
          "[--time-limit S] [--quiet]\n",
          stderr);
    return ORF_EXIT_INPUT;
}

int orf_cmd_serve(int argc, char **argv)
{
    static serve_server srv; /* lives as long as the server's threads */
    memset(&srv, 0, sizeof srv);
    const char *target = NULL, *bind_addr = "127.0.0.1";
    srv.time_limit_s = SERVE_TIME_LIMIT_S;
    int port = 8765;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--port") && i + 1 < argc) {
            char *end;
            long p = strtol(argv[++i], &end, 10);
            if (*end || p < 0 || p > 65535) {
                fprintf(stderr, "oreflow serve: --port '%s' is not a port (0..65535)\n", argv[i]);
                return ORF_EXIT_INPUT;
            }
            port = (int)p;
        } else if (!strcmp(a, "--bind") && i + 1 < argc)
            bind_addr = argv[++i];
        else if (!strcmp(a, "--token") && i + 1 < argc)
            srv.token = argv[++i];
        else if (!strcmp(a, "--time-limit") && i + 1 < argc) {
            char *end;
            srv.time_limit_s = strtod(argv[++i], &end);
            if (*end || !(srv.time_limit_s > 0 && srv.time_limit_s <= 86400)) {
                fprintf(stderr,
                        "oreflow serve: --time-limit '%s' is not a number of seconds in "
                        "(0, 86400]\n",
                        argv[i]);
                return ORF_EXIT_INPUT;
            }
        } else if (!strcmp(a, "--web-dir") && i + 1 < argc)
            srv.web_dir = argv[++i];
        else if (!strcmp(a, "--quiet") || !strcmp(a, "-q"))
            srv.quiet = 1;
        else if (orf_cli_operand("serve", a, &target))
            return usage();
    }
    if (srv.token && strlen(srv.token) < 8) {
        fputs("oreflow serve: --token must have at least 8 characters\n", stderr);
        return ORF_EXIT_INPUT;
    }
    /* the served root: DIR, or FILE's folder (FILE the default file) */
    char real[PATH_MAX];
    if (!realpath(target ? target : ".", real)) {
        fprintf(stderr, "oreflow serve: %s: %s\n", target, strerror(errno));
        return ORF_EXIT_INPUT;
    }
    struct stat sb;
    if (stat(real, &sb)) {
        fprintf(stderr, "oreflow serve: %s: %s\n", real, strerror(errno));
        return ORF_EXIT_INPUT;
    }
    if (S_ISDIR(sb.st_mode))
        snprintf(srv.root, sizeof srv.root, "%s", real);
    else {
        char *slash = strrchr(real, '/');
        snprintf(srv.default_file, sizeof srv.default_file, "%s", slash + 1);
        *slash = 0;
        snprintf(srv.root, sizeof srv.root, "%s", *real ? real : "/");
    }
    if (srv.web_dir && (stat(srv.web_dir, &sb) || !S_ISDIR(sb.st_mode))) {
        fprintf(stderr, "oreflow serve: --web-dir %s is not a folder\n", srv.web_dir);
        return ORF_EXIT_INPUT;
    }
    /* signals go to sigwait in this thread only: block them before any thread starts */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);
    int fd = listen_on(bind_addr, &port, &srv.loopback);
    if (fd < 0)
        return ORF_EXIT_INPUT;
    static char token[33];
    if (!srv.loopback && !srv.token) { /* reachable from the network: never without a token */
        if (random_token(token)) {
            fputs("oreflow serve: cannot read /dev/urandom for a token\n", stderr);
            close(fd);
            return ORF_EXIT_FAILED;
        }
        srv.token = token;
    }
    snprintf(srv.bind, sizeof srv.bind, "%s", bind_addr);
    srv.port = port;
    pthread_mutex_init(&srv.file_lock, NULL);
    pthread_mutex_init(&srv.jobs_lock, NULL);
    pthread_mutex_init(&srv.limits_lock, NULL);
    char file[PATH_MAX * 3];
    url_encode(srv.default_file, file, sizeof file);
    const char *host = srv.loopback ? (strchr(bind_addr, ':') ? "::1" : "127.0.0.1") : bind_addr;
    printf("oreflow workbench: http://%s%s%s:%d/?file=%s%s%s\n", strchr(host, ':') ? "[" : "", host,
           strchr(host, ':') ? "]" : "", port, file, srv.token ? "&token=" : "",
           srv.token ? srv.token : "");
    fflush(stdout);
    int rc = serve_http_run(&srv, fd); /* libmicrohttpd closes fd when it stops */
    pthread_mutex_destroy(&srv.file_lock);
    pthread_mutex_destroy(&srv.jobs_lock);
    pthread_mutex_destroy(&srv.limits_lock);
    return rc;
}

#endif
