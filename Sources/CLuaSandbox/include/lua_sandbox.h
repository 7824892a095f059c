// Cohort's Lua 5.4 sandbox. The allocator, the instruction/deadline hook, every function Lua can
// call and the callback dispatch live here, in C: a Lua error is a longjmp and must never unwind
// across a Swift frame. Swift sees status codes and plain C data only; host callbacks receive
// copies of their arguments and never touch the Lua stack.
#pragma once
#include <stddef.h>
#include <stdint.h>

typedef struct cohort_sandbox cohort_sandbox;

/// Status of a load or a callback.
enum {
    COHORT_LUA_OK = 0,
    /// A Lua error (the message is available).
    COHORT_LUA_ERROR = 1,
    /// A limit was broken: see `cohort_sandbox_violation`.
    COHORT_LUA_VIOLATION = 2,
    /// The callback does not exist (not a function in the strategy table).
    COHORT_LUA_MISSING = 3,
};

/// Which limit was broken.
enum {
    COHORT_VIOLATION_NONE = 0,
    COHORT_VIOLATION_INSTRUCTIONS = 1,
    COHORT_VIOLATION_DEADLINE = 2,
    COHORT_VIOLATION_MEMORY = 3,
};

/// Log levels, as `ctx.log.<level>` and `print` use them.
enum { COHORT_LOG_TRACE = 0, COHORT_LOG_DEBUG = 1, COHORT_LOG_INFO = 2, COHORT_LOG_WARN = 3, COHORT_LOG_ERROR = 4 };

/// An order intent as a script wrote it, validated for types in C. Quantities and prices come as
/// text (`text` set) or as a Lua number; the host converts them exactly or refuses.
typedef struct {
    int side;  // 0 buy, 1 sell
    const char *venue; size_t venue_length;          // NULL: the strategy's venue
    const char *symbol; size_t symbol_length;
    const char *type; size_t type_length;            // "market" | "limit" (NULL: limit if price else market)
    const char *time_in_force; size_t tif_length;    // "gtc" | "ioc" | "fok" | "post_only" (NULL: default)
    const char *quantity_text; size_t quantity_length; double quantity_number; int quantity_is_text;
    const char *price_text; size_t price_length; double price_number; int price_kind;  // 0 none, 1 text, 2 number
    int reduce_only;
} cohort_order_intent;

/// One stored market record, for `cohort:history(...)` in scripts.
typedef struct {
    int64_t time;      // local (receive) time, ns
    double price;
    double quantity;
    int kind;          // 1 clear, 2 snapshot level, 3 delta level, 4 trade, 5 quote
    int side;          // 0 buy/bid, 1 sell/ask, 2 unknown
} cohort_market_row;

/// What the host offers to scripts. `context` is passed back to every function. Functions that
/// can fail write a message into `error` (capacity `error_capacity`) and return non-zero.
typedef struct {
    void *context;
    void (*log)(void *context, int level, const char *message, size_t length);
    /// Source of `strategies/lib/<name>.lua`, valid until the next call; non-zero when missing.
    int (*load_module)(void *context, const char *name, const char **source, size_t *length);
    int64_t (*now)(void *context);
    /// Places an order; writes the client order id into `out`.
    int (*order)(void *context, const cohort_order_intent *intent, char *out, size_t out_capacity);
    int (*cancel)(void *context, const char *order_id, size_t length, char *error, size_t error_capacity);
    /// Cancels every open order (of `symbol` when given); returns how many, or -1 with `error`.
    int (*cancel_all)(void *context, const char *symbol, size_t length, char *error, size_t error_capacity);
    /// Net position (signed, in base units) of a symbol.
    double (*position)(void *context, const char *symbol, size_t length);
    /// Balance of an asset.
    double (*balance)(void *context, const char *asset, size_t length);
    /// Number of open orders (of `symbol` when given).
    int (*open_orders)(void *context, const char *symbol, size_t length);
    /// Creates an indicator; returns a handle >= 0 or -1 with `error`; `outputs` receives its output count.
    int (*indicator_new)(void *context, const char *name, size_t length, const double *parameters, int count,
                         int *outputs, char *error, size_t error_capacity);
    /// Updates an indicator with one bar (o, h, l, c, v); writes its outputs; returns 1 when ready.
    int (*indicator_update)(void *context, int handle, const double *bar, double *outputs, int capacity);
    int (*signal)(void *context, const char *symbol, size_t length, double strength, double confidence,
                  char *error, size_t error_capacity);
    /// Schedules `on_timer(ctx, name)` after `after_nanoseconds` (again every period when `repeating`).
    int (*timer)(void *context, const char *name, size_t length, int64_t after_nanoseconds, int repeating,
                 char *error, size_t error_capacity);
    /// Up to `limit` stored records of an instrument, oldest first; `*rows` stays valid until the next call.
    int (*history)(void *context, const char *venue, size_t venue_length, const char *symbol, size_t symbol_length,
                   int limit, const cohort_market_row **rows, char *error, size_t error_capacity);
} cohort_host_api;

typedef struct {
    size_t memory_limit;            // bytes of Lua heap
    int64_t instruction_limit;      // VM instructions per callback
    int64_t deadline_nanoseconds;   // wall-clock budget per callback
    uint64_t random_seed;           // math.random's seed (the engine's, for determinism)
    size_t max_source_bytes;        // cap on a script or module's size
} cohort_sandbox_limits;

/// A new sandboxed state, or NULL when out of memory.
cohort_sandbox *cohort_sandbox_new(const cohort_sandbox_limits *limits, const cohort_host_api *host);
void cohort_sandbox_free(cohort_sandbox *sandbox);

/// Compiles `source` as text and runs it (under the callback limits); it must return a table,
/// kept as the strategy. `params` entries (name/value pairs) fill `strategy.params` over its defaults.
int cohort_sandbox_load(cohort_sandbox *sandbox, const char *source, size_t length, const char *chunk_name);

/// Runs a top-level script (for `cohort script`): no strategy table is required.
int cohort_sandbox_run_script(cohort_sandbox *sandbox, const char *source, size_t length, const char *chunk_name);

/// Makes `ctx` reachable as a global of that name (for top-level scripts: `cohort:indicator(...)`).
int cohort_sandbox_expose_ctx(cohort_sandbox *sandbox, const char *global);

/// Sets `strategy.params[name]` (numbers, strings or booleans: kind 0 number, 1 string, 2 boolean).
int cohort_sandbox_set_param(cohort_sandbox *sandbox, const char *name, int kind, double number, const char *text, size_t length);

/// Callbacks. Each returns a status; on error the message and violation are available.
int cohort_sandbox_call(cohort_sandbox *sandbox, const char *callback);
/// `on_timer(ctx, name)`.
int cohort_sandbox_on_timer(cohort_sandbox *sandbox, const char *name, size_t length);
int cohort_sandbox_on_book(cohort_sandbox *sandbox, const char *venue, size_t venue_length, const char *symbol,
                           size_t symbol_length, double bid, double bid_size, double ask, double ask_size, int64_t time);
int cohort_sandbox_on_trade(cohort_sandbox *sandbox, const char *symbol, size_t symbol_length,
                            double price, double size, int side, int64_t time);
int cohort_sandbox_on_bar(cohort_sandbox *sandbox, const char *symbol, size_t symbol_length,
                          const double *ohlcv, int64_t time);
/// on_order / on_fill with an event table of string and number fields.
int cohort_sandbox_on_event(cohort_sandbox *sandbox, const char *callback, int count, const char *const *keys,
                            const char *const *strings, const double *numbers);
/// Calls `on_reload(ctx, old_state)` with the imported state; a table it returns becomes `ctx.state`.
int cohort_sandbox_on_reload(cohort_sandbox *sandbox);
/// Whether the strategy defines a callback (a raw lookup, no metamethods).
int cohort_sandbox_has(cohort_sandbox *sandbox, const char *callback);

/// Serializes `ctx.state` to JSON-like text for carrying across reloads and restarts (plain data:
/// nil, booleans, numbers, strings, tables; depth <= 32; at most `max_bytes`). Returns the length
/// written to the sandbox's buffer (read with `cohort_sandbox_state_text`) or -1 with an error.
int cohort_sandbox_export_state(cohort_sandbox *sandbox, size_t max_bytes);
const char *cohort_sandbox_state_text(cohort_sandbox *sandbox);
/// Sets `ctx.state` from text produced by `export_state` (parsed in C, no Lua code runs).
int cohort_sandbox_import_state(cohort_sandbox *sandbox, const char *text, size_t length);

/// The message of the last error (truncated), and which limit was broken, if any.
const char *cohort_sandbox_error(cohort_sandbox *sandbox);
int cohort_sandbox_violation(cohort_sandbox *sandbox);
/// Heap bytes in use, and instructions used by the last callback.
size_t cohort_sandbox_memory(cohort_sandbox *sandbox);
int64_t cohort_sandbox_instructions(cohort_sandbox *sandbox);

/// Runs a Lua source chunk in a fresh bare state and returns its integer result (e.g. the
/// version number 504), or a negative value on failure. Used by the build smoke test.
int cohort_lua_version_check(const char *source, size_t len);
