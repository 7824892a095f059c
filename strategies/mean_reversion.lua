-- Mean reversion (bars): buys a close below the lower Bollinger band, sells a close above the
-- upper band (when shorting is allowed), and exits at the middle band. A stop in percent of the
-- entry price caps losses when the mean does not hold.
local util = require("util")

---@type Strategy
local s = {
  params = { period = 20, deviations = 2, size = "0.01", allow_short = false, stop_percent = 3 },
}

function s.on_start(ctx)
  s.bands = ctx:indicator("bollinger", s.params.period, s.params.deviations)
end

function s.on_bar(ctx, bar)
  local middle, upper, lower = s.bands:update(bar.close)
  if not middle then return end
  local position = ctx:position(bar.symbol)
  if util.flat(position, s.params.size) then
    if bar.close < lower then
      ctx:buy{ symbol = bar.symbol, qty = s.params.size }
      ctx.state.entry = bar.close
    elseif s.params.allow_short and bar.close > upper then
      ctx:sell{ symbol = bar.symbol, qty = s.params.size }
      ctx.state.entry = bar.close
    end
    return
  end
  local entry = ctx.state.entry or bar.close
  local loss = (bar.close - entry) / entry * 100 * (position > 0 and 1 or -1)
  if (position > 0 and bar.close >= middle) or (position < 0 and bar.close <= middle) or loss <= -s.params.stop_percent then
    local order = position > 0 and ctx.sell or ctx.buy
    order(ctx, { symbol = bar.symbol, qty = string.format("%.8f", math.abs(position)), reduce_only = true })
    ctx.state.entry = nil
  end
end

return s
