// Compiles the ABI header once so the C target has a translation unit and the header is
// checked by the compiler on every build.
#include "cohort_plugin.h"

_Static_assert(sizeof(cohort_level) == 16, "cohort_level layout is part of the ABI");
_Static_assert(COHORT_PLUGIN_ABI_VERSION == 1u, "bump deliberately");
