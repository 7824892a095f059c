-- Conservative scalping: waits for the mid to stretch outside Bollinger bands computed over book
-- updates, only when the book is tight, takes one small position at a time, and rests for a
-- cool-down after every exit. Few trades.
local util = require("util")

---@type Strategy
local s = {
  params = { period = 50, deviations = 2.5, size = "0.001", max_spread_bps = 1.5, cooldown_ms = 30000, exit_at = "middle" },
}

function s.on_start(ctx)
  s.bands = ctx:indicator("bollinger", s.params.period, s.params.deviations)
  ctx.state.resting_until = ctx.state.resting_until or 0
end

function s.on_book(ctx, book)
  local middle, upper, lower = s.bands:update(book.mid)
  if not middle then return end
  local position = ctx:position(book.symbol)
  if not util.flat(position, s.params.size) then
    if (position > 0 and book.mid >= middle) or (position < 0 and book.mid <= middle) then
      local order = position > 0 and ctx.sell or ctx.buy
      order(ctx, { symbol = book.symbol, qty = string.format("%.8f", math.abs(position)), reduce_only = true })
      ctx.state.resting_until = ctx:now() + s.params.cooldown_ms * 1000000
    end
    return
  end
  if ctx:now() < ctx.state.resting_until then return end
  if util.bps(book.ask, book.bid) > s.params.max_spread_bps then return end
  if book.ask < lower then
    ctx:buy{ symbol = book.symbol, qty = s.params.size }
  elseif book.bid > upper then
    ctx:sell{ symbol = book.symbol, qty = s.params.size }
  end
end

return s
