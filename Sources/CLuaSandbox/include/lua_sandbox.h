// The Lua sandbox: allocator, hook, host functions and dispatch live here, in C, so that no Lua
// error (a longjmp) ever unwinds across a Swift frame. Swift calls these functions and reads
// status codes.
#pragma once
#include <stddef.h>

/// Runs a Lua source chunk in a fresh bare state and returns its version number (e.g. 504),
/// or a negative value on failure. Used by the build smoke test.
int cohort_lua_version_check(const char *source, size_t len);
