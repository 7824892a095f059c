-- Shared helpers for Cohort's strategy library. `local util = require("util")`.
local M = {}

--- Number of decimals in a tick written as text: "0.01" -> 2, "1" -> 0.
---@param tick string
---@return integer
function M.decimals(tick)
  local dot = string.find(tick, ".", 1, true)
  if not dot then return 0 end
  return #tick - dot
end

--- A price on the tick grid, as the decimal string orders take.
--- `direction` "down" rounds toward lower prices (bids), "up" toward higher (asks), default nearest.
---@param x number
---@param tick string
---@param direction? "down"|"up"
---@return string
function M.price(x, tick, direction)
  local t = tonumber(tick)
  local steps = x / t
  if direction == "down" then steps = math.floor(steps + 1e-9)
  elseif direction == "up" then steps = math.ceil(steps - 1e-9)
  else steps = math.floor(steps + 0.5) end
  return string.format("%." .. M.decimals(tick) .. "f", steps * t)
end

--- Relative distance from `reference` to `x` in basis points.
function M.bps(x, reference) return (x - reference) / reference * 10000 end

--- Whether a position (signed base units) is effectively flat for a lot of `lot` units.
function M.flat(position, lot) return math.abs(position) < (tonumber(lot) or 1e-12) / 2 end

return M
