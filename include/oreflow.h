/* oreflow — simulator of mineral deep-processing chains. Umbrella header.
 * Public API by topic in include/oreflow/ (one header per topic); each states its ownership rule.
 */
#ifndef OREFLOW_H
#define OREFLOW_H
#include "oreflow/common.h"
#include "oreflow/node.h"
#include "oreflow/materials.h"
#include "oreflow/stream.h"
#include "oreflow/unit.h"
#include "oreflow/flowsheet.h"
#include "oreflow/output.h"
#include "oreflow/edit.h"
#endif
