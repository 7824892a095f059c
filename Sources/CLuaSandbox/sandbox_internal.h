// Private to the sandbox's C files.
#pragma once
#include "lua_sandbox.h"
#include <lua5.4/lua.h>
#include <lua5.4/lauxlib.h>
#include <lua5.4/lualib.h>

#define ERROR_CAPACITY 512
#define HOOK_EVERY 1000
#define MAX_REP_BYTES (1 << 20)
#define MAX_PATTERN_SUBJECT 4096
#define MAX_PATTERN_LENGTH 128
#define MAX_PATTERN_QUANTIFIERS 2
#define MAX_MOVE_RANGE 1000000
#define MAX_LOG_BYTES 1024
#define MAX_STATE_DEPTH 32

struct cohort_sandbox {
    lua_State *L;
    cohort_sandbox_limits limits;
    cohort_host_api host;
    size_t used;
    int armed;             // a callback (or load) is running: the hook meters it
    int tripped;           // a limit was broken in this callback (sticky)
    int violation;
    int memory_failed;
    int64_t instructions;
    int64_t deadline;      // CLOCK_MONOTONIC ns
    int strategy_ref;      // the strategy table
    int ctx_ref;           // the ctx userdata
    int book_ref, trade_ref, bar_ref;  // reused event tables
    int state_ref;         // ctx.state
    int callback_refs[16];  // resolved callbacks (LUA_NOREF when absent), see callback_index()
    int key_refs[16];       // interned field names of the event tables
    char book_symbol[64];   // the symbol last written into the book table
    size_t book_symbol_length;
    char book_venue[32];    // likewise the venue
    size_t book_venue_length;
    char error[ERROR_CAPACITY];
    char *state_text;
    size_t state_length, state_capacity;
};

cohort_sandbox *sandbox_of(lua_State *L);
/// Starts metering a protected call (resets the counters and the deadline).
void arm(cohort_sandbox *sb);
/// Ends it: records the error and the violation; returns a COHORT_LUA_* status.
int disarm(cohort_sandbox *sb, int status);
/// Formats arguments 1..top into `line` (capacity MAX_LOG_BYTES) separated by `separator`, never
/// calling __tostring; returns the length written.
size_t format_arguments(lua_State *L, char *line, char separator);
/// Index of a callback name in `callback_refs`, or -1.
int callback_index(const char *name);
/// Resolves every known callback of the loaded strategy into registry references.
void resolve_callbacks(cohort_sandbox *sb);
/// Builds `ctx` and the reused event tables (called once while opening the state).
void create_ctx(lua_State *L, cohort_sandbox *sb);
