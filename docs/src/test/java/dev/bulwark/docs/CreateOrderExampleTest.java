package dev.bulwark.docs;

import static dev.bulwark.outbound.FakeService.json;
import static dev.bulwark.outbound.FakeService.slow;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.Bulwark;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.docs.CreateOrderExample.CreateOrderInput;
import dev.bulwark.docs.CreateOrderExample.OrderCreated;
import dev.bulwark.outbound.FakeService;
import dev.bulwark.outbound.OutboundServices;
import dev.bulwark.outbound.ServiceOptions;
import dev.bulwark.ports.outbound.HttpMethod;
import dev.bulwark.test.CallOutcome;
import dev.bulwark.test.ToolTester;
import java.time.Duration;
import java.util.EnumSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Runs the create_order example of docs/tool-authors.md against three real services on loopback. */
class CreateOrderExampleTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * Long enough for a first payment call on a busy build machine (300 ms was not: a cold connection and JIT timed
     * out), short enough for the test of a payment that never answers in time.
     */
    private static final Duration PAYMENT_TIMEOUT = Duration.ofMillis(1500);

    private final FakeService users = FakeService.start();
    private final FakeService orders = FakeService.start();
    private final FakeService payments = FakeService.start();
    private OutboundServices services;
    private ToolTester tester;

    @BeforeEach
    void start() {
        services = OutboundServices.builder()
                .service(ServiceOptions.builder("users").baseUrl(users.baseUrl()).build())
                .service(ServiceOptions.builder("orders").baseUrl(orders.baseUrl())
                        .methods(EnumSet.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT)).build())
                .service(ServiceOptions.builder("payments").baseUrl(payments.baseUrl())
                        .methods(EnumSet.of(HttpMethod.POST)).timeout(PAYMENT_TIMEOUT).build())
                .build();
        tester = ToolTester.of(Bulwark.builder(BulwarkConfig.defaults())
                .tool(CreateOrderExample.createOrderTool(services)).build());
        users.on("GET users/u-1", json(200, "{\"id\":\"u-1\"}"));
        orders.on("POST orders", json(201, "{\"id\":\"o-1\",\"status\":\"pending\"}"))
                .on("PUT orders/o-1/cancellation", json(200, "{\"status\":\"cancelled\"}"));
    }

    @AfterEach
    void stop() {
        tester.close();
        services.close();
        users.close();
        orders.close();
        payments.close();
    }

    private CallOutcome<OrderCreated> createOrder(String userId) {
        return tester.call(CreateOrderExample.createOrderTool(services), new CreateOrderInput(userId, "book", 1299));
    }

    @Test
    void createsTheOrderAndTakesThePayment() throws Exception {
        payments.on("POST payments", json(201, "{\"id\":\"p-9\"}"));

        assertThat(createOrder("u-1").value()).isEqualTo(new OrderCreated("o-1", "p-9"));
        // Compared as JSON: the example writes a Map.of, whose key order differs from one JVM run to the next.
        assertThat(JSON.readTree(payments.requests().get(0).body()))
                .isEqualTo(JSON.readTree("{\"orderId\":\"o-1\",\"amountCents\":1299}"));
        assertThat(orders.hits("PUT orders/o-1/cancellation")).isZero();
    }

    @Test
    void aRefusedPaymentCancelsTheOrder() {
        payments.on("POST payments", json(402, "{\"error\":\"card declined\"}"));

        CallOutcome<OrderCreated> outcome = createOrder("u-1");

        assertThat(outcome.errorType()).isEqualTo("tool_error");
        assertThat(outcome.text()).isEqualTo("The payment was refused (402); order o-1 was cancelled.");
        assertThat(orders.hits("PUT orders/o-1/cancellation")).isEqualTo(1);
    }

    @Test
    void aFailingPaymentServiceCancelsTheOrderToo() {
        payments.on("POST payments", json(503, "{}"));

        assertThat(createOrder("u-1").text()).isEqualTo("The payment was refused (503); order o-1 was cancelled.");
        assertThat(payments.hits("POST payments")).as("a POST is not retried").isEqualTo(1);
        assertThat(orders.hits("PUT orders/o-1/cancellation")).isEqualTo(1);
    }

    @Test
    void aPaymentWhoseOutcomeIsUnknownLeavesTheOrderPending() {
        payments.on("POST payments", slow(PAYMENT_TIMEOUT.multipliedBy(3), json(201, "{\"id\":\"p-9\"}")));

        assertThat(createOrder("u-1").text()).isEqualTo(
                "The payment's outcome is unknown (TIMEOUT); order o-1 is left pending for reconciliation.");
        assertThat(orders.hits("PUT orders/o-1/cancellation")).isZero();
    }

    @Test
    void anUnknownUserCreatesNothing() {
        assertThat(createOrder("u-404").text()).isEqualTo("User u-404 does not exist.");
        assertThat(orders.requests()).isEmpty();
        assertThat(payments.requests()).isEmpty();
    }
}
