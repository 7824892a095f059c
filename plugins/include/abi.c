#include "cohort_plugin.h"
