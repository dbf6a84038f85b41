/* The machine-readable result line of a benchmark (bench/README.md, "Result lines"): one line per
 * figure on standard output,
 *   BENCH name=ID value=NUMBER unit=UNIT desc="what was measured" note="how"
 * collected by scripts/bench_collect.py into bench/results.json (`make bench`). ID is
 * [a-z0-9_.]+ and unique over all benchmarks; desc and note are free text without a double
 * quote or a newline (note may be empty). */
#ifndef ORF_BENCH_LINE_H
#define ORF_BENCH_LINE_H

#include <stdio.h>
#include <stdlib.h>

static inline void bench_line(const char *name, double value, const char *unit, const char *desc,
                              const char *note)
{
    printf("BENCH name=%s value=%.6g unit=%s desc=\"%s\" note=\"%s\"\n", name, value, unit, desc,
           note ? note : "");
    fflush(stdout);
}

/* BENCH_QUICK=1 in the environment (`make bench BENCH_QUICK=1`): fewer repetitions or samples */
static inline int bench_quick(void)
{
    const char *q = getenv("BENCH_QUICK");
    return q && *q && *q != '0';
}

#endif
