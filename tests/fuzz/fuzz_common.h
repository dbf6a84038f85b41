/* oreflow fuzz targets: shared setup and the stand-alone driver.
 *
 * Each target defines LLVMFuzzerTestOneInput. Built with libFuzzer (ORF_FUZZ=ON, clang
 * -fsanitize=fuzzer) libFuzzer supplies main(); built as an ordinary program (every build, under
 * ctest) the main() below replays each file named on the command line, or each file in a named
 * directory, so every corpus and crash input is a regression test without clang. */
#ifndef ORF_FUZZ_COMMON_H
#define ORF_FUZZ_COMMON_H

#include "oreflow.h"
#include "oreflow/balance.h"
#include "oreflow/econ.h"
#include "oreflow/mc.h"

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* Inputs above this are skipped: the loaders cap files at 64 MiB, and the fuzzer learns nothing
 * from megabytes of text. */
#define FUZZ_MAX_INPUT (256u * 1024u)

static char fuzz_tmp[64];

/* The data files (materials, jurisdictions) of the source tree; one temporary path per process
 * for the APIs that take a file name. */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    setenv("ORF_DATA_DIR", ORF_SOURCE_DIR "/data", 0);
    snprintf(fuzz_tmp, sizeof fuzz_tmp, "/tmp/orf_fuzz_%ld", (long)getpid());
    return 0;
}

/* Write the input to the process's temporary file `fuzz_tmp` + suffix; returns the path. */
static inline const char *fuzz_write_tmp(const uint8_t *data, size_t size, const char *suffix,
                                         char *buf, size_t cap)
{
    snprintf(buf, cap, "%s%s", fuzz_tmp, suffix);
    FILE *fp = fopen(buf, "wb");
    if (!fp)
        abort(); /* the harness cannot run: not a finding of the code under test */
    if (size && fwrite(data, 1, size, fp) != size)
        abort();
    if (fclose(fp) != 0)
        abort();
    return buf;
}

/* The input as a NUL-terminated string (the YAML loaders take text). */
static inline char *fuzz_text(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s)
        abort();
    if (size)
        memcpy(s, data, size);
    s[size] = '\0';
    return s;
}

#ifndef ORF_LIBFUZZER
static int replay_file(const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        perror(path);
        return 1;
    }
    size_t cap = 4096, len = 0, got;
    uint8_t *buf = malloc(cap);
    while (buf && (got = fread(buf + len, 1, cap - len, fp)) > 0) {
        len += got;
        if (len == cap) {
            uint8_t *nb = len < FUZZ_MAX_INPUT ? realloc(buf, cap * 2) : NULL;
            if (!nb)
                break;
            buf = nb;
            cap *= 2;
        }
    }
    fclose(fp);
    if (!buf)
        return 1;
    if (len <= FUZZ_MAX_INPUT)
        LLVMFuzzerTestOneInput(buf, len);
    free(buf);
    return 0;
}

int main(int argc, char **argv)
{
    LLVMFuzzerInitialize(&argc, &argv);
    int bad = 0, n = 0;
    for (int i = 1; i < argc; i++) {
        struct stat sb;
        if (stat(argv[i], &sb) == 0 && S_ISDIR(sb.st_mode)) {
            DIR *d = opendir(argv[i]);
            struct dirent *e;
            while (d && (e = readdir(d))) {
                if (e->d_name[0] == '.')
                    continue;
                char path[4096];
                snprintf(path, sizeof path, "%s/%s", argv[i], e->d_name);
                bad |= replay_file(path);
                n++;
            }
            if (d)
                closedir(d);
        } else {
            bad |= replay_file(argv[i]);
            n++;
        }
    }
    fprintf(stderr, "replayed %d inputs\n", n);
    return bad || n == 0;
}
#endif

#endif
