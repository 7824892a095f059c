// Carrying `ctx.state` across reloads and restarts as plain data.
#include "sandbox_internal.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct { cohort_sandbox *sb; size_t max; int failed; } writer;

static void put(writer *w, const char *bytes, size_t length) {
    cohort_sandbox *sb = w->sb;
    if (w->failed) return;
    if (sb->state_length + length + 1 > w->max) {
        w->failed = 1;
        snprintf(sb->error, ERROR_CAPACITY, "state: larger than %zu bytes", w->max);
        return;
    }
    if (sb->state_length + length + 1 > sb->state_capacity) {
        size_t capacity = sb->state_capacity ? sb->state_capacity * 2 : 1024;
        while (capacity < sb->state_length + length + 1) capacity *= 2;
        char *grown = realloc(sb->state_text, capacity);
        if (!grown) { w->failed = 1; snprintf(sb->error, ERROR_CAPACITY, "state: out of memory"); return; }
        sb->state_text = grown;
        sb->state_capacity = capacity;
    }
    memcpy(sb->state_text + sb->state_length, bytes, length);
    sb->state_length += length;
    sb->state_text[sb->state_length] = 0;
}

static void put_string(writer *w, const char *s, size_t length) {
    put(w, "\"", 1);
    for (size_t i = 0; i < length; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\') { char e[2] = {'\\', (char)c}; put(w, e, 2); }
        else if (c < 32 || c >= 127) { char e[5]; snprintf(e, sizeof e, "\\%03d", c); put(w, e, 4); }
        else put(w, (const char *)&c, 1);
    }
    put(w, "\"", 1);
}

/// Writes the value at `index` without converting anything in place (lua_next stays valid).
static void put_value(writer *w, lua_State *L, int index, int depth) {
    char number[64];
    switch (lua_type(L, index)) {
    case LUA_TBOOLEAN: put(w, lua_toboolean(L, index) ? "true" : "false", lua_toboolean(L, index) ? 4 : 5); return;
    case LUA_TNUMBER:
        if (lua_isinteger(L, index)) snprintf(number, sizeof number, "%lld", (long long)lua_tointeger(L, index));
        else {
            double x = lua_tonumber(L, index);
            if (!isfinite(x)) { w->failed = 1; snprintf(w->sb->error, ERROR_CAPACITY, "state: numbers must be finite"); return; }
            snprintf(number, sizeof number, "%.17g", x);
            if (!strpbrk(number, ".eE")) strcat(number, ".0");  // stays a float when read back
        }
        put(w, number, strlen(number));
        return;
    case LUA_TSTRING: {
        size_t length;
        const char *s = lua_tolstring(L, index, &length);
        put_string(w, s, length);
        return;
    }
    case LUA_TTABLE: {
        if (depth >= MAX_STATE_DEPTH) {
            w->failed = 1;
            snprintf(w->sb->error, ERROR_CAPACITY, "state: nested deeper than %d tables (a cycle?)", MAX_STATE_DEPTH);
            return;
        }
        if (!lua_checkstack(L, 4)) { w->failed = 1; snprintf(w->sb->error, ERROR_CAPACITY, "state: stack exhausted"); return; }
        int table = lua_absindex(L, index);
        put(w, "{", 1);
        lua_pushnil(L);
        while (!w->failed && lua_next(L, table) != 0) {
            int kt = lua_type(L, -2);
            if (kt != LUA_TSTRING && kt != LUA_TNUMBER && kt != LUA_TBOOLEAN) {
                w->failed = 1;
                snprintf(w->sb->error, ERROR_CAPACITY, "state: keys must be strings, numbers or booleans (got %s)", lua_typename(L, kt));
            } else {
                put(w, "[", 1);
                put_value(w, L, -2, depth + 1);
                put(w, "]=", 2);
                put_value(w, L, -1, depth + 1);
                put(w, ",", 1);
            }
            lua_pop(L, 1);
        }
        if (w->failed) { lua_pop(L, 1); return; }  // the key lua_next left
        put(w, "}", 1);
        return;
    }
    default:
        w->failed = 1;
        snprintf(w->sb->error, ERROR_CAPACITY, "state: only plain data can be kept (found a %s)", luaL_typename(L, index));
    }
}

int cohort_sandbox_export_state(cohort_sandbox *sb, size_t max_bytes) {
    lua_State *L = sb->L;
    sb->state_length = 0;
    sb->error[0] = 0;
    writer w = {sb, max_bytes, 0};
    lua_rawgeti(L, LUA_REGISTRYINDEX, sb->state_ref);
    put_value(&w, L, -1, 0);
    lua_pop(L, 1);
    return w.failed ? -1 : (int)sb->state_length;
}

const char *cohort_sandbox_state_text(cohort_sandbox *sb) { return sb->state_text ? sb->state_text : "{}"; }

int cohort_sandbox_import_state(cohort_sandbox *sb, const char *text, size_t length) {
    lua_State *L = sb->L;
    // A constructor only, in an empty environment, under the callback budget.
    size_t total = length + 8;
    char *chunk = malloc(total);
    if (!chunk) { snprintf(sb->error, ERROR_CAPACITY, "state: out of memory"); return COHORT_LUA_ERROR; }
    memcpy(chunk, "return ", 7);
    memcpy(chunk + 7, text, length);
    arm(sb);
    int status = luaL_loadbufferx(L, chunk, 7 + length, "=state", "t");
    free(chunk);
    if (status == LUA_OK) {
        lua_newtable(L);
        lua_setupvalue(L, -2, 1);  // _ENV = {}: the chunk can reach nothing
        status = lua_pcall(L, 0, 1, 0);
    }
    if (status == LUA_OK && !lua_istable(L, -1)) {
        lua_pop(L, 1);
        lua_pushliteral(L, "state: not a table");
        status = LUA_ERRRUN;
    }
    if (status != LUA_OK) return disarm(sb, status);
    luaL_unref(L, LUA_REGISTRYINDEX, sb->state_ref);
    sb->state_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    return disarm(sb, LUA_OK);
}
