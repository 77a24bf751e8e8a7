package dev.bulwark.samples.springai.tools;

import dev.bulwark.samples.springai.business.OrderService;
import org.springframework.ai.mcp.annotation.McpTool;
import org.springframework.ai.mcp.annotation.McpToolParam;
import org.springframework.stereotype.Component;

/** The orders' MCP tools, as Spring AI serves them: each turns a call into one business call. */
@Component
public class OrderTools {

    /** What both tools answer. */
    public record OrderView(String orderId, String status) {}

    private final OrderService orders;

    public OrderTools(OrderService orders) {
        this.orders = orders;
    }

    @McpTool(name = "order_status", description = "The status of an order",
            annotations = @McpTool.McpAnnotations(readOnlyHint = true), generateOutputSchema = true)
    public OrderView orderStatus(@McpToolParam(description = "The order's id, such as A-1") String orderId) {
        return new OrderView(orderId, orders.status(orderId));
    }

    // Spring AI has no per-tool scopes: the application's filter chain would guard the whole path.
    @McpTool(name = "cancel_order", description = "Cancels an open order", generateOutputSchema = true)
    public OrderView cancelOrder(@McpToolParam(description = "The order's id, such as A-2") String orderId) {
        return new OrderView(orderId, orders.cancel(orderId));
    }
}
