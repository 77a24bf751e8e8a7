package dev.bulwark.docs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.Bulwark;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolException;
import dev.bulwark.core.ToolParam;
import dev.bulwark.core.ToolResult;
import dev.bulwark.ports.outbound.HttpMethod;
import dev.bulwark.ports.outbound.ServiceCallException;
import dev.bulwark.ports.outbound.ServiceClient;
import dev.bulwark.ports.outbound.ServiceFailure;
import dev.bulwark.ports.outbound.ServiceRequest;
import dev.bulwark.ports.outbound.ServiceResponse;
import java.io.IOException;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * An application's own tool that orchestrates three registered services through the same {@link ServiceClient} the
 * built-in {@code api_request} uses: {@code create_order} checks the user, creates the order, takes the payment, and
 * cancels the order when the payment fails (compensation). Shown in docs/tool-authors.md.
 */
// tool-authors-services:start
public final class CreateOrderExample {

    public record CreateOrderInput(
            @ToolParam(description = "The customer's user id") String userId,
            @ToolParam(description = "What to order") String item,
            @ToolParam(description = "The price in cents") long amountCents) {
    }

    public record OrderCreated(String orderId, String paymentId) {
    }

    /** The tool: one call into the workflow below. */
    public static Tool<CreateOrderInput, OrderCreated> createOrderTool(ServiceClient services) {
        OrderWorkflow orders = new OrderWorkflow(services);
        return Tool.builder("create_order", CreateOrderInput.class, OrderCreated.class)
                .description("Creates an order for a user and takes its payment; cancels the order if the payment"
                        + " fails")
                .requiredScopes("orders:write")
                .handler((input, context) -> ToolResult.of(orders.create(input)))
                .build();
    }

    /** The business step: user, order, payment; a failed payment cancels the order. */
    static final class OrderWorkflow {

        /** Refused before a request was sent: the payment surely did not happen. */
        private static final Set<ServiceFailure> NOT_SENT = EnumSet.of(ServiceFailure.NOT_REGISTERED,
                ServiceFailure.METHOD_NOT_ALLOWED, ServiceFailure.PATH_REFUSED, ServiceFailure.HEADER_REFUSED,
                ServiceFailure.BUSY, ServiceFailure.CIRCUIT_OPEN);

        private final ServiceClient services;
        private final ObjectMapper json = Bulwark.defaultObjectMapper();

        OrderWorkflow(ServiceClient services) {
            this.services = services;
        }

        OrderCreated create(CreateOrderInput input) {
            ServiceResponse user = send(ServiceRequest.of("users", HttpMethod.GET, "users/" + input.userId()));
            if (user.status() == 404) {
                throw new ToolException("User " + input.userId() + " does not exist.");
            }
            require(user, "users");
            ServiceResponse order = require(send(ServiceRequest.of("orders", HttpMethod.POST, "orders")
                    .withJson(write(Map.of("userId", input.userId(), "item", input.item())))), "orders");
            String orderId = field(order, "id");
            ServiceResponse payment;
            try {
                payment = services.send(ServiceRequest.of("payments", HttpMethod.POST, "payments")
                        .withJson(write(Map.of("orderId", orderId, "amountCents", input.amountCents()))));
            } catch (ServiceCallException e) {
                if (!NOT_SENT.contains(e.failure())) {
                    // A timeout or a dropped connection: the payment may have been taken. Cancelling would leave a
                    // paid order cancelled, so the order stays pending for reconciliation instead.
                    throw new ToolException("The payment's outcome is unknown (" + e.failure() + "); order "
                            + orderId + " is left pending for reconciliation.", e);
                }
                cancel(orderId);
                throw new ToolException("The payment service is unavailable; order " + orderId
                        + " was cancelled.", e);
            }
            if (!payment.isSuccess()) {
                cancel(orderId);
                throw new ToolException("The payment was refused (" + payment.status() + "); order " + orderId
                        + " was cancelled.");
            }
            return new OrderCreated(orderId, field(payment, "id"));
        }

        /** The compensation: cancelling is idempotent, so the client may retry it. */
        private void cancel(String orderId) {
            ServiceResponse cancelled = send(ServiceRequest.of("orders", HttpMethod.PUT,
                    "orders/" + orderId + "/cancellation"));
            if (!cancelled.isSuccess()) {
                throw new ToolException("The payment failed and order " + orderId + " could not be cancelled ("
                        + cancelled.status() + "); it needs attention.");
            }
        }

        private ServiceResponse send(ServiceRequest request) {
            try {
                return services.send(request);
            } catch (ServiceCallException e) {
                throw new ToolException("The " + e.service() + " service is unavailable (" + e.failure()
                        + "). Try again later.", e);
            }
        }

        private static ServiceResponse require(ServiceResponse response, String service) {
            if (!response.isSuccess()) {
                throw new ToolException("The " + service + " service answered " + response.status() + ".");
            }
            return response;
        }

        private String field(ServiceResponse response, String name) {
            try {
                JsonNode value = json.readTree(response.body()).path(name);
                if (!value.isTextual()) {
                    throw new ToolException("A service answered without a " + name + ".");
                }
                return value.textValue();
            } catch (IOException e) {
                throw new ToolException("A service answered with something that is not JSON.", e);
            }
        }

        private String write(Object value) {
            try {
                return json.writeValueAsString(value);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
// tool-authors-services:end
