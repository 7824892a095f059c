// Cohort's Lua sandbox. See lua_sandbox.h and ../shared/LUA.md for the threat model.
#include "sandbox_internal.h"
#include <lua5.4/lua.h>
#include <lua5.4/lauxlib.h>
#include <lua5.4/lualib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>


static int64_t monotonic_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

cohort_sandbox *sandbox_of(lua_State *L) { return *(cohort_sandbox **)lua_getextraspace(L); }

// MARK: Memory

static void *sandbox_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
    cohort_sandbox *sb = ud;
    if (ptr == NULL) osize = 0;  // osize is a type tag for new objects
    if (nsize == 0) {
        free(ptr);
        sb->used -= osize;
        return NULL;
    }
    if (nsize > osize && sb->used + (nsize - osize) > sb->limits.memory_limit) {
        sb->memory_failed = 1;
        return NULL;
    }
    void *result = realloc(ptr, nsize);
    if (result == NULL) { sb->memory_failed = 1; return NULL; }
    sb->used = sb->used - osize + nsize;
    return result;
}

// MARK: CPU

static void sandbox_hook(lua_State *L, lua_Debug *ar) {
    (void)ar;
    cohort_sandbox *sb = sandbox_of(L);
    if (!sb->armed) return;
    sb->instructions += lua_gethookcount(L);
    if (!sb->tripped) {
        int64_t now = monotonic_ns();
        // The deadline starts at the first hook: a callback under 1,000 instructions never reads the clock.
        if (sb->deadline == 0) sb->deadline = now + sb->limits.deadline_nanoseconds;
        if (sb->instructions > sb->limits.instruction_limit) {
            sb->tripped = 1;
            sb->violation = COHORT_VIOLATION_INSTRUCTIONS;
        } else if (now > sb->deadline) {
            sb->tripped = 1;
            sb->violation = COHORT_VIOLATION_DEADLINE;
        } else {
            return;
        }
        // Sticky: from now on every instruction of this thread and the main one raises again,
        // so a pcall loop cannot swallow the limit.
        lua_sethook(L, sandbox_hook, LUA_MASKCOUNT, 1);
        lua_sethook(sb->L, sandbox_hook, LUA_MASKCOUNT, 1);
    }
    luaL_error(L, sb->violation == COHORT_VIOLATION_INSTRUCTIONS ? "sandbox: instruction limit exceeded (%I instructions)"
                                                                 : "sandbox: callback deadline exceeded (%I ms)",
               (lua_Integer)(sb->violation == COHORT_VIOLATION_INSTRUCTIONS ? sb->limits.instruction_limit
                                                                            : sb->limits.deadline_nanoseconds / 1000000));
}

void arm(cohort_sandbox *sb) {
    sb->armed = 1;
    sb->tripped = 0;
    sb->violation = COHORT_VIOLATION_NONE;
    sb->memory_failed = 0;
    sb->instructions = 0;
    sb->error[0] = 0;
    sb->deadline = 0;
}

/// Ends a protected call: records the error and the violation, restores the hook.
int disarm(cohort_sandbox *sb, int status) {
    lua_State *L = sb->L;
    sb->armed = 0;
    // Undo the sticky escalation of a tripped limit (the hook itself is never removed).
    if (sb->tripped) lua_sethook(L, sandbox_hook, LUA_MASKCOUNT, HOOK_EVERY);
    if (status == LUA_ERRMEM || sb->memory_failed) {
        sb->violation = COHORT_VIOLATION_MEMORY;
        snprintf(sb->error, ERROR_CAPACITY, "sandbox: memory limit exceeded (%zu bytes)", sb->limits.memory_limit);
    } else if (status != LUA_OK && !sb->tripped) {
        // Error objects are opaque: copy a string, name any other type; never call __tostring.
        if (lua_type(L, -1) == LUA_TSTRING) {
            size_t length = 0;
            const char *message = lua_tolstring(L, -1, &length);
            snprintf(sb->error, ERROR_CAPACITY, "%.*s", (int)(length < ERROR_CAPACITY - 1 ? length : ERROR_CAPACITY - 1), message);
        } else {
            snprintf(sb->error, ERROR_CAPACITY, "error object is a %s value", luaL_typename(L, -1));
        }
    }
    if (status != LUA_OK) lua_pop(L, 1);
    if (sb->tripped) {
        // A broken limit counts even when the script swallowed the error (coroutine.resume).
        snprintf(sb->error, ERROR_CAPACITY, sb->violation == COHORT_VIOLATION_INSTRUCTIONS
                 ? "sandbox: instruction limit exceeded (%lld instructions)" : "sandbox: callback deadline exceeded (%lld ms)",
                 (long long)(sb->violation == COHORT_VIOLATION_INSTRUCTIONS ? sb->limits.instruction_limit
                                                                           : sb->limits.deadline_nanoseconds / 1000000));
        return COHORT_LUA_VIOLATION;
    }
    if (sb->violation == COHORT_VIOLATION_MEMORY) return COHORT_LUA_VIOLATION;
    return status == LUA_OK ? COHORT_LUA_OK : COHORT_LUA_ERROR;
}

// MARK: Replaced base functions

size_t format_arguments(lua_State *L, char *line, char separator) {
    size_t used = 0;
    int n = lua_gettop(L);
    for (int i = 1; i <= n && used < MAX_LOG_BYTES - 1; i++) {
        size_t length = 0;
        const char *text;
        char number[64];
        switch (lua_type(L, i)) {
        case LUA_TSTRING: text = lua_tolstring(L, i, &length); break;
        case LUA_TNUMBER:
            if (lua_isinteger(L, i)) snprintf(number, sizeof number, "%lld", (long long)lua_tointeger(L, i));
            else snprintf(number, sizeof number, "%.14g", lua_tonumber(L, i));
            text = number; length = strlen(number); break;
        case LUA_TBOOLEAN: text = lua_toboolean(L, i) ? "true" : "false"; length = strlen(text); break;
        case LUA_TNIL: text = "nil"; length = 3; break;
        default: text = luaL_typename(L, i); length = strlen(text); break;  // never __tostring
        }
        if (i > 1 && used < MAX_LOG_BYTES - 1) line[used++] = separator;
        size_t room = MAX_LOG_BYTES - 1 - used;
        size_t take = length < room ? length : room;
        memcpy(line + used, text, take);
        used += take;
    }
    line[used] = 0;
    return used;
}

static int safe_print(lua_State *L) {
    cohort_sandbox *sb = sandbox_of(L);
    char line[MAX_LOG_BYTES];
    size_t used = format_arguments(L, line, '\t');
    if (sb->host.log) sb->host.log(sb->host.context, COHORT_LOG_INFO, line, used);
    return 0;
}

static int safe_collectgarbage(lua_State *L) {
    const char *option = luaL_optstring(L, 1, "count");
    if (strcmp(option, "count") != 0) return luaL_error(L, "sandbox: collectgarbage(\"%s\") is not allowed (only \"count\")", option);
    lua_pushnumber(L, (lua_Number)lua_gc(L, LUA_GCCOUNT, 0) + (lua_Number)lua_gc(L, LUA_GCCOUNTB, 0) / 1024.0);
    return 1;
}

static int safe_setmetatable(lua_State *L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    if (!lua_isnoneornil(L, 2)) {
        luaL_checktype(L, 2, LUA_TTABLE);
        lua_pushliteral(L, "__gc");
        if (lua_rawget(L, 2) != LUA_TNIL) return luaL_error(L, "sandbox: metatables with __gc (finalizers) are not allowed");
        lua_pop(L, 1);
    }
    lua_settop(L, 2);
    lua_pushvalue(L, lua_upvalueindex(1));  // the original setmetatable
    lua_insert(L, 1);
    lua_call(L, 2, 1);
    return 1;
}

static int safe_load(lua_State *L) {
    cohort_sandbox *sb = sandbox_of(L);
    size_t length = 0;
    if (lua_type(L, 1) != LUA_TSTRING) return luaL_error(L, "sandbox: load takes source text only");
    const char *source = lua_tolstring(L, 1, &length);
    if (length > sb->limits.max_source_bytes) return luaL_error(L, "sandbox: source too large (%d bytes)", (int)length);
    const char *name = luaL_optstring(L, 2, "=load");
    const char *mode = luaL_optstring(L, 3, "t");
    if (strcmp(mode, "t") != 0) return luaL_error(L, "sandbox: binary chunks are not allowed");
    int has_env = !lua_isnone(L, 4);
    if (luaL_loadbufferx(L, source, length, name, "t") != LUA_OK) {
        luaL_pushfail(L);
        lua_insert(L, -2);
        return 2;
    }
    if (has_env) {
        lua_pushvalue(L, 4);
        if (!lua_setupvalue(L, -2, 1)) lua_pop(L, 1);
    }
    return 1;
}

/// xpcall without running the handler inside the hook: the body runs under a plain pcall and the
/// handler is called after unwinding; a broken limit is re-raised, never handled.
static int safe_xpcall(lua_State *L) {
    cohort_sandbox *sb = sandbox_of(L);
    int n = lua_gettop(L);
    luaL_checktype(L, 2, LUA_TFUNCTION);
    lua_pushvalue(L, 1);
    for (int i = 3; i <= n; i++) lua_pushvalue(L, i);
    int status = lua_pcall(L, n - 2, LUA_MULTRET, 0);
    if (sb->tripped || sb->memory_failed) return lua_error(L);
    if (status == LUA_OK) {
        lua_pushboolean(L, 1);
        lua_insert(L, n + 1);
        return lua_gettop(L) - n;
    }
    lua_pushvalue(L, 2);
    lua_insert(L, -2);
    lua_call(L, 1, 1);
    lua_pushboolean(L, 0);
    lua_insert(L, -2);
    return 2;
}

static int safe_rep(lua_State *L) {
    size_t length = 0, separator_length = 0;
    luaL_checklstring(L, 1, &length);
    lua_Integer count = luaL_checkinteger(L, 2);
    luaL_optlstring(L, 3, "", &separator_length);
    if (count > 0 && (double)(length + separator_length) * (double)count > MAX_REP_BYTES)
        return luaL_error(L, "sandbox: string.rep result over %d bytes", MAX_REP_BYTES);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 1);
    return 1;
}

/// find/match/gmatch/gsub with a bounded subject and a pattern with few unbounded quantifiers:
/// Lua's matcher backtracks inside one C call, out of the hook's reach.
static int safe_pattern(lua_State *L) {
    size_t subject_length = 0, pattern_length = 0;
    luaL_checklstring(L, 1, &subject_length);
    const char *pattern = luaL_checklstring(L, 2, &pattern_length);
    int plain = lua_toboolean(L, 4) && lua_tointeger(L, lua_upvalueindex(2)) == 1;  // string.find's plain flag
    if (!plain) {
        if (subject_length > MAX_PATTERN_SUBJECT)
            return luaL_error(L, "sandbox: pattern matching on more than %d bytes (use plain find)", MAX_PATTERN_SUBJECT);
        if (pattern_length > MAX_PATTERN_LENGTH) return luaL_error(L, "sandbox: pattern longer than %d bytes", MAX_PATTERN_LENGTH);
        int quantifiers = 0;
        for (size_t i = 0; i < pattern_length; i++) {
            if (pattern[i] == '%') { i++; continue; }
            if (pattern[i] == '*' || pattern[i] == '+' || pattern[i] == '-' || pattern[i] == '?') quantifiers++;
        }
        if (quantifiers > MAX_PATTERN_QUANTIFIERS)
            return luaL_error(L, "sandbox: pattern with more than %d quantifiers", MAX_PATTERN_QUANTIFIERS);
    }
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
    return lua_gettop(L);
}

static int safe_move(lua_State *L) {
    lua_Integer f = luaL_checkinteger(L, 2), e = luaL_checkinteger(L, 3);
    if (e >= f && ((lua_Unsigned)e - (lua_Unsigned)f) > MAX_MOVE_RANGE)
        return luaL_error(L, "sandbox: table.move range over %d elements", MAX_MOVE_RANGE);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 1);
    return 1;
}

static int safe_require(lua_State *L) {
    cohort_sandbox *sb = sandbox_of(L);
    size_t length = 0;
    const char *name = luaL_checklstring(L, 1, &length);
    if (length == 0 || length > 64) return luaL_error(L, "sandbox: bad module name");
    for (size_t i = 0; i < length; i++) {
        char c = name[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.'))
            return luaL_error(L, "sandbox: module names are letters, digits, '_' and '.' (got \"%s\")", name);
    }
    lua_getfield(L, LUA_REGISTRYINDEX, "cohort.modules");
    lua_pushvalue(L, 1);
    if (lua_rawget(L, -2) != LUA_TNIL) return 1;
    lua_pop(L, 1);
    const char *source = NULL;
    size_t source_length = 0;
    if (!sb->host.load_module || sb->host.load_module(sb->host.context, name, &source, &source_length) != 0 || !source)
        return luaL_error(L, "module '%s' not found in strategies/lib", name);
    if (source_length > sb->limits.max_source_bytes) return luaL_error(L, "sandbox: module '%s' too large", name);
    char chunk[96];
    snprintf(chunk, sizeof chunk, "@lib/%s.lua", name);
    if (luaL_loadbufferx(L, source, source_length, chunk, "t") != LUA_OK) return lua_error(L);
    lua_pushvalue(L, 1);
    lua_call(L, 1, 1);
    if (lua_isnil(L, -1)) { lua_pop(L, 1); lua_pushboolean(L, 1); }
    lua_pushvalue(L, 1);
    lua_pushvalue(L, -2);
    lua_rawset(L, -4);
    return 1;
}

static void wrap(lua_State *L, const char *table, const char *name, lua_CFunction fn, int extra) {
    lua_getglobal(L, table);
    lua_getfield(L, -1, name);
    if (extra) lua_pushinteger(L, extra);
    lua_pushcclosure(L, fn, extra ? 2 : 1);
    lua_setfield(L, -2, name);
    lua_pop(L, 1);
}


// MARK: Life cycle

static int open_sandbox(lua_State *L) {
    cohort_sandbox *sb = sandbox_of(L);
    static const luaL_Reg libs[] = {
        {LUA_GNAME, luaopen_base}, {LUA_TABLIBNAME, luaopen_table}, {LUA_STRLIBNAME, luaopen_string},
        {LUA_MATHLIBNAME, luaopen_math}, {LUA_UTF8LIBNAME, luaopen_utf8}, {LUA_COLIBNAME, luaopen_coroutine}, {NULL, NULL}};
    for (const luaL_Reg *lib = libs; lib->func; lib++) {
        luaL_requiref(L, lib->name, lib->func, 1);
        lua_pop(L, 1);
    }
    // Base library: no file access, no bytecode, no GC control, safe replacements.
    static const char *removed[] = {"dofile", "loadfile", "require", NULL};
    for (const char **name = removed; *name; name++) { lua_pushnil(L); lua_setglobal(L, *name); }
    lua_pushcfunction(L, safe_load); lua_setglobal(L, "load");
    lua_pushcfunction(L, safe_collectgarbage); lua_setglobal(L, "collectgarbage");
    lua_pushcfunction(L, safe_xpcall); lua_setglobal(L, "xpcall");
    lua_pushcfunction(L, safe_require); lua_setglobal(L, "require");
    lua_pushcfunction(L, safe_print); lua_setglobal(L, "print");
    lua_getglobal(L, "setmetatable"); lua_pushcclosure(L, safe_setmetatable, 1); lua_setglobal(L, "setmetatable");
    // string: no dump; bounded rep and patterns.
    lua_getglobal(L, "string"); lua_pushnil(L); lua_setfield(L, -2, "dump"); lua_pop(L, 1);
    wrap(L, "string", "rep", safe_rep, 0);
    wrap(L, "string", "find", safe_pattern, 1);
    wrap(L, "string", "match", safe_pattern, 2);
    wrap(L, "string", "gmatch", safe_pattern, 2);
    wrap(L, "string", "gsub", safe_pattern, 2);
    wrap(L, "table", "move", safe_move, 0);
    // The string metatable is shared by every string: hide it.
    lua_pushliteral(L, "");
    lua_getmetatable(L, -1);
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 2);
    // math.random seeded by the engine, for deterministic backtests.
    lua_getglobal(L, "math"); lua_getfield(L, -1, "randomseed");
    lua_pushinteger(L, (lua_Integer)sb->limits.random_seed);
    lua_call(L, 1, 0);
    lua_pushnil(L); lua_setfield(L, -2, "randomseed");
    lua_pop(L, 1);
    lua_newtable(L); lua_setfield(L, LUA_REGISTRYINDEX, "cohort.modules");
    create_ctx(L, sb);
    // Lock _G's metatable too.
    lua_pushglobaltable(L);
    lua_newtable(L);
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_setmetatable(L, -2);
    lua_pop(L, 1);
    return 0;
}

cohort_sandbox *cohort_sandbox_new(const cohort_sandbox_limits *limits, const cohort_host_api *host) {
    cohort_sandbox *sb = calloc(1, sizeof *sb);
    if (!sb) return NULL;
    sb->limits = *limits;
    sb->host = *host;
    sb->strategy_ref = sb->ctx_ref = sb->book_ref = sb->trade_ref = sb->bar_ref = sb->state_ref = LUA_NOREF;
    for (int i = 0; i < 16; i++) sb->callback_refs[i] = sb->key_refs[i] = LUA_NOREF;
    // Set-up itself must fit: give it the cap plus room for the libraries.
    sb->L = lua_newstate(sandbox_alloc, sb);
    if (!sb->L) { free(sb); return NULL; }
    *(cohort_sandbox **)lua_getextraspace(sb->L) = sb;
    // The hook is set once, before any code, and never removed: coroutines inherit it.
    lua_sethook(sb->L, sandbox_hook, LUA_MASKCOUNT, HOOK_EVERY);
    lua_pushcfunction(sb->L, open_sandbox);
    if (lua_pcall(sb->L, 0, 0, 0) != LUA_OK) {
        lua_close(sb->L);
        free(sb);
        return NULL;
    }
    return sb;
}

void cohort_sandbox_free(cohort_sandbox *sb) {
    if (!sb) return;
    sb->armed = 0;
    lua_close(sb->L);
    free(sb->state_text);
    free(sb);
}

static int load_chunk(cohort_sandbox *sb, const char *source, size_t length, const char *chunk_name, int want_strategy) {
    lua_State *L = sb->L;
    if (length > sb->limits.max_source_bytes) {
        snprintf(sb->error, ERROR_CAPACITY, "sandbox: source too large (%zu bytes, limit %zu)", length, sb->limits.max_source_bytes);
        return COHORT_LUA_ERROR;
    }
    arm(sb);
    int status = luaL_loadbufferx(L, source, length, chunk_name, "t");
    if (status == LUA_OK) status = lua_pcall(L, 0, 1, 0);
    int result = disarm(sb, status);
    if (result != COHORT_LUA_OK) return result;
    if (!want_strategy) { lua_pop(L, 1); return COHORT_LUA_OK; }
    if (!lua_istable(L, -1)) {
        snprintf(sb->error, ERROR_CAPACITY, "%s: the script must return a table of callbacks (got %s)",
                 chunk_name[0] == '@' || chunk_name[0] == '=' ? chunk_name + 1 : chunk_name, luaL_typename(L, -1));
        lua_pop(L, 1);
        return COHORT_LUA_ERROR;
    }
    // strategy.params exists for overrides.
    lua_pushliteral(L, "params");
    if (lua_rawget(L, -2) != LUA_TTABLE) {
        lua_pop(L, 1);
        lua_pushliteral(L, "params");
        lua_newtable(L);
        lua_rawset(L, -3);
    } else {
        lua_pop(L, 1);
    }
    luaL_unref(L, LUA_REGISTRYINDEX, sb->strategy_ref);
    sb->strategy_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    resolve_callbacks(sb);
    return COHORT_LUA_OK;
}

int cohort_sandbox_load(cohort_sandbox *sb, const char *source, size_t length, const char *chunk_name) {
    return load_chunk(sb, source, length, chunk_name, 1);
}

int cohort_sandbox_run_script(cohort_sandbox *sb, const char *source, size_t length, const char *chunk_name) {
    return load_chunk(sb, source, length, chunk_name, 0);
}

const char *cohort_sandbox_error(cohort_sandbox *sb) { return sb->error; }
int cohort_sandbox_violation(cohort_sandbox *sb) { return sb->violation; }
size_t cohort_sandbox_memory(cohort_sandbox *sb) { return sb->used; }
int64_t cohort_sandbox_instructions(cohort_sandbox *sb) { return sb->instructions; }

int cohort_lua_version_check(const char *source, size_t len) {
    lua_State *L = luaL_newstate();
    if (!L) return -1;
    int status = luaL_loadbufferx(L, source, len, "=check", "t");
    if (status == LUA_OK) status = lua_pcall(L, 0, 1, 0);
    int result = -2;
    if (status == LUA_OK && lua_isinteger(L, -1)) result = (int)lua_tointeger(L, -1);
    lua_close(L);
    return result;
}
