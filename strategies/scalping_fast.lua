-- Fast scalping: trades the crossing of a very short and a short EMA of the mid price on every
-- book update, with a tight take-profit and stop in basis points and a cap on position size.
-- Many small trades; meant for liquid books with tight spreads.
local util = require("util")

---@type Strategy
local s = {
  params = {
    fast = 5,              -- EMA periods over book updates
    slow = 13,
    size = "0.001",        -- base units per order
    max_position = "0.003",
    take_profit_bps = 4,
    stop_bps = 6,
    max_spread_bps = 2,    -- do not trade wider books
  },
}

function s.on_start(ctx)
  s.fast = ctx:indicator("ema", s.params.fast)
  s.slow = ctx:indicator("ema", s.params.slow)
  ctx.state.entry = ctx.state.entry or nil
end

function s.on_book(ctx, book)
  local fast, slow = s.fast:update(book.mid), s.slow:update(book.mid)
  if not (fast and slow) then return end
  local position = ctx:position(book.symbol)
  local lot = tonumber(s.params.size)
  -- Exits first: take profit or stop out on the open position.
  if not util.flat(position, s.params.size) and ctx.state.entry then
    local move = util.bps(book.mid, ctx.state.entry) * (position > 0 and 1 or -1)
    if move >= s.params.take_profit_bps or move <= -s.params.stop_bps then
      local order = position > 0 and ctx.sell or ctx.buy
      order(ctx, { symbol = book.symbol, qty = string.format("%.8f", math.abs(position)), reduce_only = true })
      ctx.state.entry = nil
      return
    end
  end
  if util.bps(book.ask, book.bid) > s.params.max_spread_bps then return end
  local room = tonumber(s.params.max_position) - math.abs(position)
  if room < lot / 2 then return end
  if fast > slow and position >= 0 then
    ctx:buy{ symbol = book.symbol, qty = s.params.size }
    ctx.state.entry = book.ask
  elseif fast < slow and position <= 0 then
    ctx:sell{ symbol = book.symbol, qty = s.params.size }
    ctx.state.entry = book.bid
  end
end

return s
