/* Private declarations shared by the core's files (not part of the public API). The context and
 * the arena live on the ground floor (src/base/base_impl.h). */
#ifndef ORF_CORE_IMPL_H
#define ORF_CORE_IMPL_H

#include "base/base_impl.h"

#endif
