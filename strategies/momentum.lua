-- Momentum (bars): long when the MACD histogram turns positive with RSI confirming strength but
-- not exhaustion; out when the histogram turns negative or RSI is overbought. Emits a signal
-- with its conviction on every bar, for signal combination.
local util = require("util")

---@type Strategy
local s = {
  params = { fast = 12, slow = 26, signal = 9, rsi = 14, size = "0.01", rsi_floor = 50, rsi_ceiling = 70, exit_rsi = 75 },
}

function s.on_start(ctx)
  s.macd = ctx:indicator("macd", s.params.fast, s.params.slow, s.params.signal)
  s.rsi = ctx:indicator("rsi", s.params.rsi)
  ctx.state.previous_histogram = ctx.state.previous_histogram or nil
end

function s.on_bar(ctx, bar)
  local _, _, histogram = s.macd:update(bar.close)
  local rsi = s.rsi:update(bar.close)
  if not (histogram and rsi) then return end
  local previous = ctx.state.previous_histogram
  ctx.state.previous_histogram = histogram
  ctx:signal{ symbol = bar.symbol, strength = math.max(-1, math.min(1, (rsi - 50) / 25)), confidence = 0.6 }
  if previous == nil then return end
  local position = ctx:position(bar.symbol)
  if util.flat(position, s.params.size) then
    if previous <= 0 and histogram > 0 and rsi > s.params.rsi_floor and rsi < s.params.rsi_ceiling then
      ctx:buy{ symbol = bar.symbol, qty = s.params.size }
    end
  elseif position > 0 and (histogram < 0 or rsi > s.params.exit_rsi) then
    ctx:sell{ symbol = bar.symbol, qty = string.format("%.8f", position), reduce_only = true }
  end
end

return s
