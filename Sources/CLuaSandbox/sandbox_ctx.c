// The `ctx` object strategies receive, the indicator objects, and callback dispatch.
#include "sandbox_internal.h"
#include <stdio.h>
#include <string.h>

#define HOST_ERROR 256

/// Reads an optional string field with a raw lookup (no metamethods run).
static const char *field_string(lua_State *L, int table, const char *key, size_t *length, const char *what) {
    lua_pushstring(L, key);
    int type = lua_rawget(L, table);
    if (type == LUA_TNIL) { lua_pop(L, 1); *length = 0; return NULL; }
    if (type != LUA_TSTRING) luaL_error(L, "%s: %s must be a string (got %s)", what, key, lua_typename(L, type));
    const char *value = lua_tolstring(L, -1, length);
    lua_pop(L, 1);  // the string stays alive: it is referenced by the table
    return value;
}

/// A decimal argument: text (exact) or a number (converted exactly by the host, or refused).
static int field_decimal(lua_State *L, int table, const char *key, const char **text, size_t *length, double *number,
                         const char *what) {
    lua_pushstring(L, key);
    int type = lua_rawget(L, table);
    int kind = 0;
    if (type == LUA_TSTRING) { *text = lua_tolstring(L, -1, length); kind = 1; }
    else if (type == LUA_TNUMBER) { *number = lua_tonumber(L, -1); kind = 2; }
    else if (type != LUA_TNIL) luaL_error(L, "%s: %s must be a decimal string or a number (got %s)", what, key, lua_typename(L, type));
    lua_pop(L, 1);
    return kind;
}

static int place(lua_State *L, int side) {
    cohort_sandbox *sb = sandbox_of(L);
    const char *what = side == 0 ? "ctx:buy" : "ctx:sell";
    if (lua_type(L, 2) != LUA_TTABLE) return luaL_error(L, "%s expects a table: ctx:%s{ symbol = ..., qty = ... }", what, side == 0 ? "buy" : "sell");
    cohort_order_intent intent;
    memset(&intent, 0, sizeof intent);
    intent.side = side;
    intent.venue = field_string(L, 2, "venue", &intent.venue_length, what);
    intent.symbol = field_string(L, 2, "symbol", &intent.symbol_length, what);
    intent.type = field_string(L, 2, "type", &intent.type_length, what);
    intent.time_in_force = field_string(L, 2, "tif", &intent.tif_length, what);
    int quantity = field_decimal(L, 2, "qty", &intent.quantity_text, &intent.quantity_length, &intent.quantity_number, what);
    if (quantity == 0) return luaL_error(L, "%s: qty is required", what);
    intent.quantity_is_text = quantity == 1;
    intent.price_kind = field_decimal(L, 2, "price", &intent.price_text, &intent.price_length, &intent.price_number, what);
    lua_pushliteral(L, "reduce_only");
    int type = lua_rawget(L, 2);
    if (type != LUA_TNIL && type != LUA_TBOOLEAN) return luaL_error(L, "%s: reduce_only must be a boolean", what);
    intent.reduce_only = lua_toboolean(L, -1);
    lua_pop(L, 1);
    char out[HOST_ERROR];
    if (!sb->host.order) return luaL_error(L, "%s: trading is not available here", what);
    if (sb->host.order(sb->host.context, &intent, out, sizeof out) != 0) return luaL_error(L, "%s: %s", what, out);
    lua_pushstring(L, out);
    return 1;
}

static int ctx_buy(lua_State *L) { return place(L, 0); }
static int ctx_sell(lua_State *L) { return place(L, 1); }

static int ctx_cancel(lua_State *L) {
    cohort_sandbox *sb = sandbox_of(L);
    size_t length = 0;
    if (lua_type(L, 2) != LUA_TSTRING) return luaL_error(L, "ctx:cancel: order id must be a string (got %s)", luaL_typename(L, 2));
    const char *id = lua_tolstring(L, 2, &length);
    char error[HOST_ERROR];
    if (!sb->host.cancel || sb->host.cancel(sb->host.context, id, length, error, sizeof error) != 0)
        return luaL_error(L, "ctx:cancel: %s", sb->host.cancel ? error : "trading is not available here");
    return 0;
}

static int ctx_cancel_all(lua_State *L) {
    cohort_sandbox *sb = sandbox_of(L);
    size_t length = 0;
    const char *symbol = NULL;
    if (!lua_isnoneornil(L, 2)) {
        if (lua_type(L, 2) != LUA_TSTRING) return luaL_error(L, "ctx:cancel_all: symbol must be a string");
        symbol = lua_tolstring(L, 2, &length);
    }
    char error[HOST_ERROR];
    int count = sb->host.cancel_all ? sb->host.cancel_all(sb->host.context, symbol, length, error, sizeof error) : -1;
    if (count < 0) return luaL_error(L, "ctx:cancel_all: %s", sb->host.cancel_all ? error : "trading is not available here");
    lua_pushinteger(L, count);
    return 1;
}

static const char *optional_symbol(lua_State *L, int index, size_t *length, const char *what) {
    *length = 0;
    if (lua_isnoneornil(L, index)) return NULL;
    if (lua_type(L, index) != LUA_TSTRING) luaL_error(L, "%s: symbol must be a string (got %s)", what, luaL_typename(L, index));
    return lua_tolstring(L, index, length);
}

static int ctx_position(lua_State *L) {
    cohort_sandbox *sb = sandbox_of(L);
    size_t length;
    const char *symbol = optional_symbol(L, 2, &length, "ctx:position");
    lua_pushnumber(L, sb->host.position ? sb->host.position(sb->host.context, symbol, length) : 0);
    return 1;
}

static int ctx_balance(lua_State *L) {
    cohort_sandbox *sb = sandbox_of(L);
    if (lua_type(L, 2) != LUA_TSTRING) return luaL_error(L, "ctx:balance: asset must be a string (got %s)", luaL_typename(L, 2));
    size_t length;
    const char *asset = lua_tolstring(L, 2, &length);
    lua_pushnumber(L, sb->host.balance ? sb->host.balance(sb->host.context, asset, length) : 0);
    return 1;
}

static int ctx_open_orders(lua_State *L) {
    cohort_sandbox *sb = sandbox_of(L);
    size_t length;
    const char *symbol = optional_symbol(L, 2, &length, "ctx:open_orders");
    lua_pushinteger(L, sb->host.open_orders ? sb->host.open_orders(sb->host.context, symbol, length) : 0);
    return 1;
}

static int ctx_now(lua_State *L) {
    cohort_sandbox *sb = sandbox_of(L);
    lua_pushinteger(L, sb->host.now ? (lua_Integer)sb->host.now(sb->host.context) : 0);
    return 1;
}

static int ctx_signal(lua_State *L) {
    cohort_sandbox *sb = sandbox_of(L);
    if (lua_type(L, 2) != LUA_TTABLE) return luaL_error(L, "ctx:signal expects a table: ctx:signal{ strength = ..., confidence = ... }");
    size_t length = 0;
    const char *symbol = field_string(L, 2, "symbol", &length, "ctx:signal");
    double values[2] = {0, 1};
    const char *keys[2] = {"strength", "confidence"};
    for (int i = 0; i < 2; i++) {
        lua_pushstring(L, keys[i]);
        int type = lua_rawget(L, 2);
        if (type == LUA_TNUMBER) values[i] = lua_tonumber(L, -1);
        else if (type != LUA_TNIL || i == 0) return luaL_error(L, "ctx:signal: %s must be a number", keys[i]);
        lua_pop(L, 1);
    }
    char error[HOST_ERROR];
    if (!sb->host.signal || sb->host.signal(sb->host.context, symbol, length, values[0], values[1], error, sizeof error) != 0)
        return luaL_error(L, "ctx:signal: %s", sb->host.signal ? error : "signals are not available here");
    return 0;
}

static int ctx_timer(lua_State *L) {
    cohort_sandbox *sb = sandbox_of(L);
    if (lua_type(L, 2) != LUA_TTABLE) return luaL_error(L, "ctx:timer expects a table: ctx:timer{ name = ..., after_ms = ..., every = false }");
    size_t length = 0;
    const char *name = field_string(L, 2, "name", &length, "ctx:timer");
    if (!name || length == 0) return luaL_error(L, "ctx:timer: name is required");
    lua_pushliteral(L, "after_ms");
    if (lua_rawget(L, 2) != LUA_TNUMBER) return luaL_error(L, "ctx:timer: after_ms must be a number");
    double after = lua_tonumber(L, -1);
    lua_pop(L, 1);
    if (!(after >= 1 && after <= 86400000.0 * 365)) return luaL_error(L, "ctx:timer: after_ms must be from 1 to a year");
    lua_pushliteral(L, "every");
    int type = lua_rawget(L, 2);
    if (type != LUA_TNIL && type != LUA_TBOOLEAN) return luaL_error(L, "ctx:timer: every must be a boolean");
    int repeating = lua_toboolean(L, -1);
    lua_pop(L, 1);
    char error[HOST_ERROR];
    if (!sb->host.timer || sb->host.timer(sb->host.context, name, length, (int64_t)(after * 1e6), repeating, error, sizeof error) != 0)
        return luaL_error(L, "ctx:timer: %s", sb->host.timer ? error : "timers are not available here");
    return 0;
}

static int ctx_history(lua_State *L) {
    cohort_sandbox *sb = sandbox_of(L);
    if (lua_type(L, 2) != LUA_TSTRING || lua_type(L, 3) != LUA_TSTRING)
        return luaL_error(L, "history(venue, symbol [, limit]): venue and symbol must be strings");
    size_t venue_length, symbol_length;
    const char *venue = lua_tolstring(L, 2, &venue_length);
    const char *symbol = lua_tolstring(L, 3, &symbol_length);
    lua_Integer limit = luaL_optinteger(L, 4, 10000);
    if (limit < 1 || limit > 1000000) return luaL_error(L, "history: limit must be from 1 to 1000000");
    const cohort_market_row *rows = NULL;
    char error[HOST_ERROR];
    int count = sb->host.history ? sb->host.history(sb->host.context, venue, venue_length, symbol, symbol_length, (int)limit,
                                                    &rows, error, sizeof error) : -1;
    if (count < 0) return luaL_error(L, "history: %s", sb->host.history ? error : "no market data here (use --data DB)");
    static const char *kinds[] = {"?", "clear", "snapshot", "delta", "trade", "quote"};
    static const char *sides[] = {"buy", "sell", "unknown"};
    lua_createtable(L, count, 0);
    for (int i = 0; i < count; i++) {
        lua_createtable(L, 0, 5);
        lua_pushinteger(L, rows[i].time); lua_setfield(L, -2, "time");
        lua_pushnumber(L, rows[i].price); lua_setfield(L, -2, "price");
        lua_pushnumber(L, rows[i].quantity); lua_setfield(L, -2, "qty");
        lua_pushstring(L, kinds[rows[i].kind >= 1 && rows[i].kind <= 5 ? rows[i].kind : 0]); lua_setfield(L, -2, "kind");
        lua_pushstring(L, sides[rows[i].side >= 0 && rows[i].side <= 2 ? rows[i].side : 2]); lua_setfield(L, -2, "side");
        lua_rawseti(L, -2, i + 1);
    }
    return 1;
}

// MARK: Indicators

typedef struct { int handle; int outputs; int ready; double values[8]; } indicator_box;

/// The indicator in argument 1, checked by metatable identity (the metatable is upvalue 1).
static indicator_box *check_indicator(lua_State *L) {
    if (lua_type(L, 1) != LUA_TUSERDATA || !lua_getmetatable(L, 1) || !lua_rawequal(L, -1, lua_upvalueindex(1)))
        luaL_error(L, "indicator method called on something that is not an indicator (use ind:update(x))");
    lua_pop(L, 1);
    return lua_touserdata(L, 1);
}

static int indicator_update(lua_State *L) {
    cohort_sandbox *sb = sandbox_of(L);
    indicator_box *box = check_indicator(L);
    double bar[5];
    if (lua_gettop(L) == 2 && lua_type(L, 2) == LUA_TNUMBER) {
        double x = lua_tonumber(L, 2);
        bar[0] = bar[1] = bar[2] = bar[3] = x;
        bar[4] = 0;
    } else if (lua_gettop(L) == 6) {
        for (int i = 0; i < 5; i++) {
            if (lua_type(L, 2 + i) != LUA_TNUMBER) return luaL_error(L, "indicator:update: argument %d must be a number", i + 1);
            bar[i] = lua_tonumber(L, 2 + i);
        }
    } else {
        return luaL_error(L, "indicator:update takes a price, or open, high, low, close, volume");
    }
    box->ready = sb->host.indicator_update(sb->host.context, box->handle, bar, box->values, box->outputs);
    if (!box->ready) { lua_pushnil(L); return 1; }
    for (int i = 0; i < box->outputs; i++) lua_pushnumber(L, box->values[i]);
    return box->outputs;
}

static int indicator_value(lua_State *L) {
    indicator_box *box = check_indicator(L);
    lua_Integer i = luaL_optinteger(L, 2, 1);
    if (!box->ready || i < 1 || i > box->outputs) { lua_pushnil(L); return 1; }
    lua_pushnumber(L, box->values[i - 1]);
    return 1;
}

static int indicator_ready(lua_State *L) {
    indicator_box *box = check_indicator(L);
    lua_pushboolean(L, box->ready);
    return 1;
}

static int ctx_indicator(lua_State *L) {
    cohort_sandbox *sb = sandbox_of(L);
    if (lua_type(L, 2) != LUA_TSTRING) return luaL_error(L, "ctx:indicator: name must be a string (got %s)", luaL_typename(L, 2));
    size_t length;
    const char *name = lua_tolstring(L, 2, &length);
    double parameters[8];
    int count = lua_gettop(L) - 2;
    if (count > 8) return luaL_error(L, "ctx:indicator: at most 8 parameters");
    for (int i = 0; i < count; i++) {
        if (lua_type(L, 3 + i) != LUA_TNUMBER) return luaL_error(L, "ctx:indicator: parameter %d must be a number", i + 1);
        parameters[i] = lua_tonumber(L, 3 + i);
    }
    char error[HOST_ERROR];
    int outputs = 0;
    int handle = sb->host.indicator_new ? sb->host.indicator_new(sb->host.context, name, length, parameters, count, &outputs, error, sizeof error) : -1;
    if (handle < 0) return luaL_error(L, "ctx:indicator: %s", sb->host.indicator_new ? error : "indicators are not available here");
    indicator_box *box = lua_newuserdatauv(L, sizeof *box, 0);
    memset(box, 0, sizeof *box);
    box->handle = handle;
    box->outputs = outputs > 8 ? 8 : outputs;
    luaL_setmetatable(L, "cohort.indicator");
    return 1;
}

// MARK: ctx

static int ctx_log(lua_State *L) {
    // ctx.log.info(...) is a print at a level: the level is the closure's upvalue.
    int level = (int)lua_tointeger(L, lua_upvalueindex(1));
    cohort_sandbox *sb = sandbox_of(L);
    char line[MAX_LOG_BYTES];
    size_t used = format_arguments(L, line, ' ');
    if (sb->host.log) sb->host.log(sb->host.context, level, line, used);
    return 0;
}

static int readonly_newindex(lua_State *L) {
    return luaL_error(L, "sandbox: %s is read-only", lua_tostring(L, lua_upvalueindex(1)));
}

static int ctx_index(lua_State *L) {
    cohort_sandbox *sb = sandbox_of(L);
    if (lua_type(L, 2) != LUA_TSTRING) { lua_pushnil(L); return 1; }
    const char *key = lua_tostring(L, 2);
    if (strcmp(key, "state") == 0) { lua_rawgeti(L, LUA_REGISTRYINDEX, sb->state_ref); return 1; }
    if (strcmp(key, "params") == 0) {
        if (sb->strategy_ref == LUA_NOREF) { lua_pushnil(L); return 1; }
        lua_rawgeti(L, LUA_REGISTRYINDEX, sb->strategy_ref);
        lua_pushliteral(L, "params");
        lua_rawget(L, -2);
        return 1;
    }
    lua_pushvalue(L, 2);
    lua_rawget(L, lua_upvalueindex(1));  // the methods table
    return 1;
}

static void push_readonly_metatable(lua_State *L, const char *name) {
    lua_newtable(L);
    lua_pushstring(L, name);
    lua_pushcclosure(L, readonly_newindex, 1);
    lua_setfield(L, -2, "__newindex");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
}

void create_ctx(lua_State *L, cohort_sandbox *sb) {
    // Indicator metatable.
    luaL_newmetatable(L, "cohort.indicator");
    lua_newtable(L);
    lua_CFunction methods_fn[] = {indicator_update, indicator_value, indicator_ready};
    const char *method_names[] = {"update", "value", "ready"};
    for (int i = 0; i < 3; i++) {
        lua_pushvalue(L, -2);  // the metatable, for the identity check
        lua_pushcclosure(L, methods_fn[i], 1);
        lua_setfield(L, -2, method_names[i]);
    }
    lua_setfield(L, -2, "__index");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 1);

    // Methods.
    static const luaL_Reg methods[] = {
        {"buy", ctx_buy}, {"sell", ctx_sell}, {"cancel", ctx_cancel}, {"cancel_all", ctx_cancel_all},
        {"position", ctx_position}, {"balance", ctx_balance}, {"open_orders", ctx_open_orders}, {"now", ctx_now},
        {"indicator", ctx_indicator}, {"signal", ctx_signal}, {"timer", ctx_timer}, {"history", ctx_history}, {NULL, NULL}};
    lua_newtable(L);
    luaL_setfuncs(L, methods, 0);
    // ctx.log: a userdata whose fields are the five levels.
    lua_newuserdatauv(L, 1, 0);
    lua_newtable(L);  // its metatable
    lua_newtable(L);  // __index: the level functions
    static const char *levels[] = {"trace", "debug", "info", "warn", "error"};
    for (int i = 0; i < 5; i++) {
        lua_pushinteger(L, i);
        lua_pushcclosure(L, ctx_log, 1);
        lua_setfield(L, -2, levels[i]);
    }
    lua_setfield(L, -2, "__index");
    lua_pushliteral(L, "ctx.log");
    lua_pushcclosure(L, readonly_newindex, 1);
    lua_setfield(L, -2, "__newindex");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_setmetatable(L, -2);
    lua_setfield(L, -2, "log");

    // ctx: a userdata; reads go through ctx_index, writes are refused.
    lua_newuserdatauv(L, 1, 0);
    push_readonly_metatable(L, "ctx");
    lua_pushvalue(L, -3);  // methods
    lua_pushcclosure(L, ctx_index, 1);
    lua_setfield(L, -2, "__index");
    lua_setmetatable(L, -2);
    sb->ctx_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    lua_pop(L, 1);  // methods

    // Persistent state and the reused event tables.
    lua_newtable(L);
    sb->state_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    static const char *book_fields[] = {"symbol", "bid", "bid_size", "ask", "ask_size", "mid", "time", "venue", NULL};
    static const char *trade_fields[] = {"symbol", "price", "size", "side", "time", NULL};
    static const char *bar_fields[] = {"symbol", "open", "high", "low", "close", "volume", "time", NULL};
    const char **all[] = {book_fields, trade_fields, bar_fields};
    int *refs[] = {&sb->book_ref, &sb->trade_ref, &sb->bar_ref};
    for (int t = 0; t < 3; t++) {
        lua_createtable(L, 0, 8);
        for (const char **f = all[t]; *f; f++) {
            lua_pushinteger(L, 0);
            lua_setfield(L, -2, *f);
        }
        *refs[t] = luaL_ref(L, LUA_REGISTRYINDEX);
    }
    for (int k = 0; book_fields[k]; k++) {
        lua_pushstring(L, book_fields[k]);
        sb->key_refs[k] = luaL_ref(L, LUA_REGISTRYINDEX);
    }
}

// MARK: Dispatch

static const char *callback_names[] = {"on_start", "on_book", "on_trade", "on_bar", "on_fill", "on_order", "on_timer",
                                       "on_signal", "on_mpc_result", "on_reload", "on_stop", NULL};

int callback_index(const char *name) {
    for (int i = 0; callback_names[i]; i++) if (strcmp(callback_names[i], name) == 0) return i;
    return -1;
}

void resolve_callbacks(cohort_sandbox *sb) {
    lua_State *L = sb->L;
    lua_rawgeti(L, LUA_REGISTRYINDEX, sb->strategy_ref);
    for (int i = 0; callback_names[i]; i++) {
        luaL_unref(L, LUA_REGISTRYINDEX, sb->callback_refs[i]);
        lua_pushstring(L, callback_names[i]);
        if (lua_rawget(L, -2) == LUA_TFUNCTION) sb->callback_refs[i] = luaL_ref(L, LUA_REGISTRYINDEX);
        else { lua_pop(L, 1); sb->callback_refs[i] = LUA_NOREF; }
    }
    lua_pop(L, 1);
}

/// Pushes the callback; returns 0 when the strategy has none.
static int push_callback(cohort_sandbox *sb, const char *name) {
    lua_State *L = sb->L;
    if (sb->strategy_ref == LUA_NOREF) return 0;
    int index = callback_index(name);
    if (index >= 0) {
        // Known callbacks were resolved when the strategy loaded.
        if (sb->callback_refs[index] == LUA_NOREF) return 0;
        lua_rawgeti(L, LUA_REGISTRYINDEX, sb->callback_refs[index]);
    } else {
        lua_rawgeti(L, LUA_REGISTRYINDEX, sb->strategy_ref);
        lua_pushstring(L, name);
        int type = lua_rawget(L, -2);
        lua_remove(L, -2);
        if (type != LUA_TFUNCTION) { lua_pop(L, 1); return 0; }
    }
    lua_rawgeti(L, LUA_REGISTRYINDEX, sb->ctx_ref);
    return 1;
}

/// Pushes a resolved callback by index (the hot path: no string work at all).
static inline int push_known(cohort_sandbox *sb, int index) {
    if (sb->callback_refs[index] == LUA_NOREF) return 0;
    lua_rawgeti(sb->L, LUA_REGISTRYINDEX, sb->callback_refs[index]);
    lua_rawgeti(sb->L, LUA_REGISTRYINDEX, sb->ctx_ref);
    return 1;
}

enum { KEY_SYMBOL, KEY_BID, KEY_BID_SIZE, KEY_ASK, KEY_ASK_SIZE, KEY_MID, KEY_TIME, KEY_VENUE };

/// Sets an existing field of the table on top by its cached key: no hashing of names, no allocation.
static inline void set_cached_number(cohort_sandbox *sb, int key, double value) {
    lua_rawgeti(sb->L, LUA_REGISTRYINDEX, sb->key_refs[key]);
    lua_pushnumber(sb->L, value);
    lua_rawset(sb->L, -3);
}

int cohort_sandbox_has(cohort_sandbox *sb, const char *name) {
    if (!push_callback(sb, name)) return 0;
    lua_pop(sb->L, 2);
    return 1;
}

static int run(cohort_sandbox *sb, int arguments) {
    arm(sb);
    return disarm(sb, lua_pcall(sb->L, arguments, 0, 0));
}

int cohort_sandbox_call(cohort_sandbox *sb, const char *name) {
    if (!push_callback(sb, name)) return COHORT_LUA_MISSING;
    return run(sb, 1);
}

/// Sets a field of a reused event table; the keys exist, so no allocation happens here.
static void set_number(lua_State *L, const char *key, double value) {
    lua_pushnumber(L, value);
    lua_setfield(L, -2, key);
}

int cohort_sandbox_on_book(cohort_sandbox *sb, const char *venue, size_t venue_length, const char *symbol, size_t symbol_length,
                           double bid, double bid_size, double ask, double ask_size, int64_t time) {
    if (!push_known(sb, 1)) return COHORT_LUA_MISSING;
    lua_State *L = sb->L;
    lua_rawgeti(L, LUA_REGISTRYINDEX, sb->book_ref);
    if (venue_length != sb->book_venue_length || venue_length >= sizeof sb->book_venue
        || memcmp(venue, sb->book_venue, venue_length) != 0) {
        lua_rawgeti(L, LUA_REGISTRYINDEX, sb->key_refs[KEY_VENUE]);
        lua_pushlstring(L, venue, venue_length);
        lua_rawset(L, -3);
        if (venue_length < sizeof sb->book_venue) {
            memcpy(sb->book_venue, venue, venue_length);
            sb->book_venue_length = venue_length;
        } else {
            sb->book_venue_length = (size_t)-1;
        }
    }
    // The symbol rarely changes between events of one instrument: write it only when it does.
    if (symbol_length != sb->book_symbol_length || symbol_length >= sizeof sb->book_symbol
        || memcmp(symbol, sb->book_symbol, symbol_length) != 0) {
        lua_rawgeti(L, LUA_REGISTRYINDEX, sb->key_refs[KEY_SYMBOL]);
        lua_pushlstring(L, symbol, symbol_length);
        lua_rawset(L, -3);
        if (symbol_length < sizeof sb->book_symbol) {
            memcpy(sb->book_symbol, symbol, symbol_length);
            sb->book_symbol_length = symbol_length;
        } else {
            sb->book_symbol_length = (size_t)-1;
        }
    }
    set_cached_number(sb, KEY_BID, bid);
    set_cached_number(sb, KEY_BID_SIZE, bid_size);
    set_cached_number(sb, KEY_ASK, ask);
    set_cached_number(sb, KEY_ASK_SIZE, ask_size);
    set_cached_number(sb, KEY_MID, (bid + ask) / 2);
    lua_rawgeti(L, LUA_REGISTRYINDEX, sb->key_refs[KEY_TIME]);
    lua_pushinteger(L, time);
    lua_rawset(L, -3);
    return run(sb, 2);
}

int cohort_sandbox_on_trade(cohort_sandbox *sb, const char *symbol, size_t symbol_length, double price, double size,
                            int side, int64_t time) {
    if (!push_callback(sb, "on_trade")) return COHORT_LUA_MISSING;
    lua_State *L = sb->L;
    lua_rawgeti(L, LUA_REGISTRYINDEX, sb->trade_ref);
    lua_pushlstring(L, symbol, symbol_length);
    lua_setfield(L, -2, "symbol");
    set_number(L, "price", price);
    set_number(L, "size", size);
    lua_pushstring(L, side == 0 ? "buy" : side == 1 ? "sell" : "unknown");
    lua_setfield(L, -2, "side");
    lua_pushinteger(L, time);
    lua_setfield(L, -2, "time");
    return run(sb, 2);
}

int cohort_sandbox_on_bar(cohort_sandbox *sb, const char *symbol, size_t symbol_length, const double *ohlcv, int64_t time) {
    if (!push_callback(sb, "on_bar")) return COHORT_LUA_MISSING;
    lua_State *L = sb->L;
    lua_rawgeti(L, LUA_REGISTRYINDEX, sb->bar_ref);
    lua_pushlstring(L, symbol, symbol_length);
    lua_setfield(L, -2, "symbol");
    static const char *names[] = {"open", "high", "low", "close", "volume"};
    for (int i = 0; i < 5; i++) set_number(L, names[i], ohlcv[i]);
    lua_pushinteger(L, time);
    lua_setfield(L, -2, "time");
    return run(sb, 2);
}

/// on_order/on_fill/on_signal...: a fresh table per event (these are rare next to market data).
static int build_event(lua_State *L) {
    int count = (int)lua_tointeger(L, 1);
    const char *const *keys = lua_touserdata(L, 2);
    const char *const *strings = lua_touserdata(L, 3);
    const double *numbers = lua_touserdata(L, 4);
    lua_createtable(L, 0, count);
    for (int i = 0; i < count; i++) {
        if (strings[i]) lua_pushstring(L, strings[i]); else lua_pushnumber(L, numbers[i]);
        lua_setfield(L, -2, keys[i]);
    }
    return 1;
}

int cohort_sandbox_on_event(cohort_sandbox *sb, const char *name, int count, const char *const *keys,
                            const char *const *strings, const double *numbers) {
    if (!push_callback(sb, name)) return COHORT_LUA_MISSING;
    lua_State *L = sb->L;
    // Building the table may run out of memory: do it protected.
    lua_pushcfunction(L, build_event);
    lua_pushinteger(L, count);
    lua_pushlightuserdata(L, (void *)keys);
    lua_pushlightuserdata(L, (void *)strings);
    lua_pushlightuserdata(L, (void *)numbers);
    if (lua_pcall(L, 4, 1, 0) != LUA_OK) {
        int status = disarm(sb, LUA_ERRMEM);
        lua_pop(L, 2);
        return status;
    }
    return run(sb, 2);
}

static int set_param(lua_State *L) {
    cohort_sandbox *sb = sandbox_of(L);
    lua_rawgeti(L, LUA_REGISTRYINDEX, sb->strategy_ref);
    lua_pushliteral(L, "params");
    lua_rawget(L, -2);
    lua_pushvalue(L, 1);
    lua_pushvalue(L, 2);
    lua_rawset(L, -3);
    return 0;
}

int cohort_sandbox_set_param(cohort_sandbox *sb, const char *name, int kind, double number, const char *text, size_t length) {
    lua_State *L = sb->L;
    if (sb->strategy_ref == LUA_NOREF) return COHORT_LUA_MISSING;
    lua_pushcfunction(L, set_param);
    lua_pushstring(L, name);
    if (kind == 1) lua_pushlstring(L, text, length);
    else if (kind == 2) lua_pushboolean(L, number != 0);
    else if (number == (double)(lua_Integer)number) lua_pushinteger(L, (lua_Integer)number);
    else lua_pushnumber(L, number);
    arm(sb);
    return disarm(sb, lua_pcall(L, 2, 0, 0));
}

int cohort_sandbox_on_reload(cohort_sandbox *sb) {
    if (!push_callback(sb, "on_reload")) return COHORT_LUA_MISSING;
    lua_State *L = sb->L;
    lua_rawgeti(L, LUA_REGISTRYINDEX, sb->state_ref);
    arm(sb);
    int status = disarm(sb, lua_pcall(L, 2, 1, 0));
    if (status != COHORT_LUA_OK) return status;
    if (lua_istable(L, -1)) {
        luaL_unref(L, LUA_REGISTRYINDEX, sb->state_ref);
        sb->state_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    } else {
        lua_pop(L, 1);
    }
    return COHORT_LUA_OK;
}

static int expose(lua_State *L) {
    cohort_sandbox *sb = sandbox_of(L);
    lua_rawgeti(L, LUA_REGISTRYINDEX, sb->ctx_ref);
    lua_setglobal(L, lua_tostring(L, 1));
    return 0;
}

int cohort_sandbox_expose_ctx(cohort_sandbox *sb, const char *global) {
    lua_State *L = sb->L;
    lua_pushcfunction(L, expose);
    lua_pushstring(L, global);
    arm(sb);
    return disarm(sb, lua_pcall(L, 1, 0, 0));
}

int cohort_sandbox_on_timer(cohort_sandbox *sb, const char *name, size_t length) {
    if (!push_known(sb, 6)) return COHORT_LUA_MISSING;
    lua_pushlstring(sb->L, name, length);
    return run(sb, 2);
}
