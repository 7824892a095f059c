-- Cross-venue arbitrage: watches the same asset on two venues and, when one venue's bid exceeds
-- the other's ask by more than both taker fees plus a margin, buys the cheap side and sells the
-- rich side at once with IOC orders. Quotes older than `max_age_ms` are ignored.
local util = require("util")

---@type Strategy
local s = {
  params = {
    venue_a = "binance", symbol_a = "BTCUSDT",
    venue_b = "kraken", symbol_b = "BTC/USD",
    size = "0.001", fee_bps_a = 10, fee_bps_b = 26, margin_bps = 5, max_age_ms = 500, tick = "0.1",
  },
}

local quotes = {}

function s.on_start(ctx)
  ctx.state.trades = ctx.state.trades or 0
end

local function fresh(q, now) return q and (now - q.time) <= s.params.max_age_ms * 1000000 end

function s.on_book(ctx, book)
  quotes[book.venue] = { bid = book.bid, ask = book.ask, time = book.time }
  local a, b = quotes[s.params.venue_a], quotes[s.params.venue_b]
  if not (fresh(a, book.time) and fresh(b, book.time)) then return end
  local needed = s.params.fee_bps_a + s.params.fee_bps_b + s.params.margin_bps
  local function cross(buy_venue, buy_symbol, buy_quote, sell_venue, sell_symbol, sell_quote)
    if util.bps(sell_quote.bid, buy_quote.ask) > needed then
      ctx:buy{ venue = buy_venue, symbol = buy_symbol, qty = s.params.size, type = "limit", tif = "ioc",
               price = util.price(buy_quote.ask, s.params.tick, "up") }
      ctx:sell{ venue = sell_venue, symbol = sell_symbol, qty = s.params.size, type = "limit", tif = "ioc",
                price = util.price(sell_quote.bid, s.params.tick, "down") }
      ctx.state.trades = ctx.state.trades + 1
      ctx.log.info("arbitrage", buy_venue, "->", sell_venue, string.format("%.1f bps", util.bps(sell_quote.bid, buy_quote.ask)))
      return true
    end
  end
  if not cross(s.params.venue_a, s.params.symbol_a, a, s.params.venue_b, s.params.symbol_b, b) then
    cross(s.params.venue_b, s.params.symbol_b, b, s.params.venue_a, s.params.symbol_a, a)
  end
end

return s
