/* Where the data files are (materials.yaml, thermo.yaml, jurisdictions/): orf_data_dir.
 *
 * In order: $ORF_DATA_DIR; share/oreflow/data of an installation, found relative to the file that
 * holds this code — the shared library, or the program a static library was linked into — so an
 * installed tree can be moved (a .deb under /usr, `cmake --install --prefix ~/opt`, a tarball);
 * the source tree's data/ (a build tree, run before any install); the data directory of the
 * prefix configured (CMAKE_INSTALL_PREFIX). The relative paths come from CMake (GNUInstallDirs: lib
 * may be lib/x86_64-linux-gnu, two levels under the prefix). */
#define _GNU_SOURCE /* dladdr, Dl_info (glibc) */
#include "oreflow/common.h"

#include <dlfcn.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef PATH_MAX
#define PATH_MAX 4096
#endif

static char found[PATH_MAX];
static pthread_once_t once = PTHREAD_ONCE_INIT;

static int is_dir(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

/* dir of `file` + "/" + rel, into found[] when that is a directory holding materials.yaml */
static int try_beside(const char *file, const char *rel)
{
    char real[PATH_MAX];
    if (!file || !*file || !realpath(file, real))
        return 0;
    char *slash = strrchr(real, '/');
    if (!slash)
        return 0;
    *slash = '\0';
    char cand[PATH_MAX], probe[PATH_MAX];
    if (snprintf(cand, sizeof cand, "%s/%s", real, rel) >= (int)sizeof cand ||
        snprintf(probe, sizeof probe, "%s/materials.yaml", cand) >= (int)sizeof probe)
        return 0;
    if (!is_dir(cand) || access(probe, R_OK) != 0)
        return 0;
    char canon[PATH_MAX];
    if (!realpath(cand, canon))
        return 0;
    snprintf(found, sizeof found, "%s", canon);
    return 1;
}

static void find_data_dir(void)
{
#if defined(ORF_DATA_DIR_FROM_LIB) && defined(ORF_DATA_DIR_FROM_BIN)
    Dl_info info;
    if (dladdr((const void *)&once, &info) && info.dli_fname) {
        /* the shared library; or, statically linked, the program (dli_fname is argv[0]-like:
         * /proc/self/exe is the reliable name of the program) */
        if (try_beside(info.dli_fname, ORF_DATA_DIR_FROM_LIB))
            return;
    }
    if (try_beside("/proc/self/exe", ORF_DATA_DIR_FROM_BIN))
        return;
#endif
#ifdef ORF_DATA_DIR_DEFAULT
    if (is_dir(ORF_DATA_DIR_DEFAULT)) {
        snprintf(found, sizeof found, "%s", ORF_DATA_DIR_DEFAULT);
        return;
    }
#endif
#ifdef ORF_DATA_DIR_INSTALLED
    snprintf(found, sizeof found, "%s", ORF_DATA_DIR_INSTALLED);
#else
    snprintf(found, sizeof found, "data");
#endif
}

const char *orf_data_dir(void)
{
    const char *env = getenv("ORF_DATA_DIR");
    if (env && *env)
        return env;
    pthread_once(&once, find_data_dir);
    return found;
}
