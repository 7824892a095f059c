#include "lua_sandbox.h"
#include <lua5.4/lua.h>
#include <lua5.4/lauxlib.h>

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
