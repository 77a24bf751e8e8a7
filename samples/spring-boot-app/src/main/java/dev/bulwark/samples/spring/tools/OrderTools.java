package dev.bulwark.samples.spring.tools;

import dev.bulwark.core.McpTool;
import dev.bulwark.core.ToolException;
import dev.bulwark.core.ToolParam;
import dev.bulwark.samples.spring.business.OrderService;
import org.springframework.stereotype.Component;

/** The orders' MCP tools: each turns a call into one business call. */
@Component
public class OrderTools {

    /** What both tools answer. */
    public record OrderView(String orderId, String status) {}

    private final OrderService orders;

    public OrderTools(OrderService orders) {
        this.orders = orders;
    }

    @McpTool(
            name = "order_status",
            description = "The status of an order",
            readOnly = true,
            view = "ui://orders/status.html")
    public OrderView orderStatus(@ToolParam(description = "The order's id, such as A-1") String orderId) {
        return new OrderView(orderId, orders.status(orderId));
    }

    @McpTool(name = "cancel_order", description = "Cancels an open order", scopes = "orders:write")
    public OrderView cancelOrder(@ToolParam(description = "The order's id, such as A-2") String orderId) {
        try {
            return new OrderView(orderId, orders.cancel(orderId));
        } catch (IllegalStateException e) {
            throw new ToolException(e.getMessage());
        }
    }
}
