// Placeholder: the plugin ABI lands with the venue issue.
#pragma once
#define COHORT_PLUGIN_ABI_VERSION 0
