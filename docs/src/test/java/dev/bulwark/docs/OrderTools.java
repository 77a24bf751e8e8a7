package dev.bulwark.docs;

import dev.bulwark.core.CallContext;
import dev.bulwark.core.McpTool;
import dev.bulwark.core.ToolException;
import dev.bulwark.core.ToolParam;
import java.util.Optional;

// tool-authors-annotated:start
public class OrderTools {

    public enum Size { SMALL, LARGE }

    public record Placed(String orderId, String item, Size size, int quantity) {}
    public record Quote(String item, Size size) {}
    public record Price(String item, long cents) {}

    @McpTool(name = "place_order", description = "Places an order", scopes = "orders:write", rateLimit = 10,
            timeout = "2s")
    public Placed placeOrder(@ToolParam(description = "What to order") String item, Size size,
            @ToolParam(description = "How many; 1 if left out") Optional<Integer> quantity, CallContext context) {
        if (quantity.orElse(1) > 100) {
            throw new ToolException("At most 100 of one item per order");
        }
        return new Placed(context.requestId(), item, size, quantity.orElse(1));
    }

    @McpTool(description = "Prices an item", readOnly = true, cache = McpTool.Cache.SHARED, cacheTtl = "10m")
    public Price price(Quote quote) {
        return new Price(quote.item(), quote.size() == Size.LARGE ? 500 : 300);
    }
}
// tool-authors-annotated:end
