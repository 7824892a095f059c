/// The commented template `cohort strategy new` writes.
public enum StrategyTemplate {
    public static func text(name: String) -> String {
        """
        -- \(name): a Cohort strategy. The whole API is documented in strategies/README.md and
        -- strategies/cohort.d.lua (your editor autocompletes it with the Lua language server).
        --
        -- A strategy is a table of callbacks. Amounts are decimal strings ("0.001"): numbers are
        -- accepted only when they convert exactly. Every order passes the engine's risk checks.

        ---@type Strategy
        local s = {
          -- Defaults; [[strategies]] params in the configuration override them.
          params = { fast = 12, slow = 26, size = "0.001" },
        }

        ---@param ctx Context
        function s.on_start(ctx)
          -- ctx.state survives hot reloads and restarts (plain data only).
          ctx.state.position_open = ctx.state.position_open or false
          s.fast = ctx:indicator("ema", s.params.fast)
          s.slow = ctx:indicator("ema", s.params.slow)
        end

        ---@param ctx Context
        ---@param book Book
        function s.on_book(ctx, book)
          local fast, slow = s.fast:update(book.mid), s.slow:update(book.mid)
          if not (fast and slow) then return end  -- still warming up
          if fast > slow and not ctx.state.position_open then
            ctx:buy{ symbol = book.symbol, qty = s.params.size }
            ctx.state.position_open = true
          elseif fast < slow and ctx.state.position_open then
            ctx:sell{ symbol = book.symbol, qty = s.params.size }
            ctx.state.position_open = false
          end
        end

        ---@param ctx Context
        ---@param fill Fill
        function s.on_fill(ctx, fill)
          ctx.log.info("filled", fill.side, fill.qty, "at", fill.price)
        end

        ---@param ctx Context
        ---@param order OrderUpdate
        function s.on_order(ctx, order)
          if order.status == "rejected" then ctx.log.warn("order rejected:", order.reason, order.detail) end
        end

        return s

        """
    }
}
