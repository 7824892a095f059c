---@meta
-- LuaLS annotations of Cohort's strategy API: point your editor's Lua language server at this
-- folder (it is picked up from the workspace) and every callback and ctx method autocompletes.
-- This file is documentation only; the engine never loads it.

---@class Strategy
---@field params? table<string, string|number|boolean> Defaults; [[strategies]] params in the config override them.
---@field on_start? fun(ctx: Context)                     After loading (and after on_reload on a hot reload).
---@field on_book? fun(ctx: Context, book: Book)          Every top-of-book change.
---@field on_trade? fun(ctx: Context, trade: TradePrint)  Every public trade.
---@field on_bar? fun(ctx: Context, bar: BarEvent)        Every closed bar.
---@field on_fill? fun(ctx: Context, fill: Fill)          One of your orders (partly) filled; already persisted.
---@field on_order? fun(ctx: Context, order: OrderUpdate) One of your orders changed state (acknowledged, rejected, ...).
---@field on_timer? fun(ctx: Context)                     A timer fired.
---@field on_signal? fun(ctx: Context, signal: SignalEvent) A combined signal changed.
---@field on_mpc_result? fun(ctx: Context, result: table) An MPC computation you requested finished.
---@field on_reload? fun(ctx: Context, old_state: table): table? Hot reload: return the state to keep (default: old_state).
---@field on_stop? fun(ctx: Context)                      Before the strategy stops.

---@class Book
---@field venue string     The venue's configured name ("binance").
---@field symbol string    The venue's own symbol ("BTCUSDT").
---@field bid number       Best bid price.
---@field bid_size number  Quantity at the best bid.
---@field ask number       Best ask price.
---@field ask_size number  Quantity at the best ask.
---@field mid number       (bid + ask) / 2.
---@field time integer     Engine time, nanoseconds since the epoch.
--- The book table is reused between events: copy fields you want to keep, not the table.

---@class TradePrint
---@field symbol string
---@field price number
---@field size number
---@field side "buy"|"sell"|"unknown" The aggressor.
---@field time integer

---@class BarEvent
---@field symbol string
---@field open number
---@field high number
---@field low number
---@field close number
---@field volume number
---@field time integer

---@class Fill
---@field order_id string
---@field side "buy"|"sell"
---@field qty string      Exact decimal.
---@field price number

---@class OrderUpdate
---@field order_id string
---@field status "submitted"|"acknowledged"|"partially_filled"|"filled"|"cancelled"|"rejected"|"expired"
---@field reason? string  Reject code (e.g. "max_order_notional", "price_off_tick").
---@field detail? string  What exactly was wrong.

---@class SignalEvent
---@field symbol string
---@field strength number   -1 (sell) .. 1 (buy), combined across sources.
---@field confidence number 0 .. 1.

---@class OrderArgs
---@field symbol? string          Default: the strategy's first symbol.
---@field venue? string           Default: the strategy's venue.
---@field qty string|number       Decimal string (exact) or a number that converts exactly.
---@field price? string|number    Required for limit orders.
---@field type? "market"|"limit"  Default: limit when a price is given, else market.
---@field tif? "gtc"|"ioc"|"fok"|"post_only" Default: gtc (limit), ioc (market).
---@field reduce_only? boolean    May only reduce the position.

---@class Indicator
local Indicator = {}
--- Feeds a price, or a bar (open, high, low, close, volume). Returns the outputs once warm, nil before.
---@return number|nil ...
function Indicator:update(...) end
--- Output `i` (1-based), nil before warm-up.
---@param i? integer
---@return number|nil
function Indicator:value(i) end
---@return boolean
function Indicator:ready() end

---@class Log
---@field trace fun(...)
---@field debug fun(...)
---@field info fun(...)
---@field warn fun(...)
---@field error fun(...)

---@class Context
---@field state table   Persistent plain data (nil, booleans, numbers, strings, tables): survives reloads and restarts.
---@field params table  The strategy's parameters after config overrides.
---@field log Log
local Context = {}

--- Places a buy order through the core's risk checks. Returns the client order id; raises an
--- error naming the argument on bad input or the reject code on refusal.
---@param args OrderArgs
---@return string order_id
function Context:buy(args) end

---@param args OrderArgs
---@return string order_id
function Context:sell(args) end

---@param order_id string
function Context:cancel(order_id) end

--- Cancels every open order of this strategy (of `symbol` when given); returns how many.
---@param symbol? string
---@return integer
function Context:cancel_all(symbol) end

--- Net position in base units (negative when short).
---@param symbol? string
---@return number
function Context:position(symbol) end

---@param asset string
---@return number
function Context:balance(asset) end

---@param symbol? string
---@return integer
function Context:open_orders(symbol) end

--- An incremental indicator computed in Swift: "sma", "ema", "rsi", "macd", "bollinger",
--- "stochastic", "vwap", "atr" (parameters in strategies/README.md).
---@param name string
---@param ... number
---@return Indicator
function Context:indicator(name, ...) end

--- Publishes a view on an instrument for signal combination.
---@param args { symbol?: string, strength: number, confidence?: number }
function Context:signal(args) end

--- The engine clock (replayed time in backtests), nanoseconds since the epoch.
---@return integer
function Context:now() end
