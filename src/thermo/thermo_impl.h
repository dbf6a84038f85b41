/* Private to src/thermo and the chemistry units: the layout of a loaded thermo database. */
#ifndef ORF_THERMO_IMPL_H
#define ORF_THERMO_IMPL_H

#include "oreflow/thermo.h"

struct orf_thermo_db {
    orf_ctx *ctx;         /* allocator of everything below */
    const orf_matdb *mdb; /* element table (borrowed) */
    size_t nel;           /* elements in mdb */
    size_t nsp;
    orf_species *sp;
    int *bridge;        /* nel: species index per element, -1 if none */
    const char **names; /* NULL-terminated species names, for did-you-mean */
};

#endif
