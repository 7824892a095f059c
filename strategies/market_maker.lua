-- A simple market maker: keeps one post-only bid and one post-only ask around the mid, at a
-- half-spread in basis points, skewed against inventory so that a long position quotes lower
-- (sells more readily) and a short one higher. It requotes when the mid moves more than
-- `requote_bps` from where the quotes were placed, and stops quoting the side that would
-- exceed the inventory limit.
local util = require("util")

---@type Strategy
local s = {
  params = { half_spread_bps = 5, skew_bps_per_unit = 20, size = "0.001", max_inventory = "0.01", requote_bps = 2, tick = "0.01" },
}

function s.on_start(ctx)
  ctx.state.quoted_mid = nil
  ctx.state.bid_id, ctx.state.ask_id = nil, nil
end

local function cancel(ctx, key)
  if ctx.state[key] then
    pcall(ctx.cancel, ctx, ctx.state[key])  -- it may have filled meanwhile
    ctx.state[key] = nil
  end
end

function s.on_book(ctx, book)
  local quoted = ctx.state.quoted_mid
  if quoted and math.abs(util.bps(book.mid, quoted)) < s.params.requote_bps then return end
  cancel(ctx, "bid_id")
  cancel(ctx, "ask_id")
  local inventory = ctx:position(book.symbol)
  local limit = tonumber(s.params.max_inventory)
  local skew = inventory / tonumber(s.params.size) * s.params.skew_bps_per_unit / 10000
  local half = s.params.half_spread_bps / 10000
  local bid = book.mid * (1 - half - skew)
  local ask = book.mid * (1 + half - skew)
  if inventory + tonumber(s.params.size) <= limit + 1e-12 then
    ctx.state.bid_id = ctx:buy{ symbol = book.symbol, qty = s.params.size, price = util.price(bid, s.params.tick, "down"), tif = "post_only" }
  end
  if inventory - tonumber(s.params.size) >= -limit - 1e-12 then
    ctx.state.ask_id = ctx:sell{ symbol = book.symbol, qty = s.params.size, price = util.price(ask, s.params.tick, "up"), tif = "post_only" }
  end
  ctx.state.quoted_mid = book.mid
end

function s.on_fill(ctx, fill)
  if fill.order_id == ctx.state.bid_id then ctx.state.bid_id = nil end
  if fill.order_id == ctx.state.ask_id then ctx.state.ask_id = nil end
  ctx.state.quoted_mid = nil  -- requote at the next book
end

return s
