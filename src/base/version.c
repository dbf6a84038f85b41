/* The library's version, as built (include/oreflow/common.h: the headers' version to compare). */
#include "oreflow/common.h"

#ifndef ORF_SOURCE_ID
#define ORF_SOURCE_ID "unknown" /* built outside CMake or outside a git checkout */
#endif

const char *orf_libversion(void)
{
    return ORF_VERSION_STRING;
}

int orf_libversion_number(void)
{
    return ORF_VERSION_NUMBER;
}

int orf_abi_version(void)
{
    return ORF_ABI_VERSION;
}

const char *orf_sourceid(void)
{
    return ORF_SOURCE_ID;
}
