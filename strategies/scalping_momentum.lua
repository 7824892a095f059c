-- Momentum scalping: enters with short-term thrust (RSI over book updates leaving its neutral
-- band in the direction of a short EMA trend) and exits when the thrust fades back to neutral.
local util = require("util")

---@type Strategy
local s = {
  params = { rsi = 7, trend = 21, size = "0.001", enter_above = 70, enter_below = 30, exit_band = 50 },
}

function s.on_start(ctx)
  s.rsi = ctx:indicator("rsi", s.params.rsi)
  s.trend = ctx:indicator("ema", s.params.trend)
end

function s.on_book(ctx, book)
  local rsi, trend = s.rsi:update(book.mid), s.trend:update(book.mid)
  if not (rsi and trend) then return end
  local position = ctx:position(book.symbol)
  if util.flat(position, s.params.size) then
    if rsi > s.params.enter_above and book.mid > trend then
      ctx:buy{ symbol = book.symbol, qty = s.params.size }
    elseif rsi < s.params.enter_below and book.mid < trend then
      ctx:sell{ symbol = book.symbol, qty = s.params.size }
    end
  elseif position > 0 and rsi < s.params.exit_band then
    ctx:sell{ symbol = book.symbol, qty = string.format("%.8f", position), reduce_only = true }
  elseif position < 0 and rsi > s.params.exit_band then
    ctx:buy{ symbol = book.symbol, qty = string.format("%.8f", -position), reduce_only = true }
  end
end

return s
