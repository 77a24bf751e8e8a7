package dev.bulwark.docs;

import static dev.bulwark.outbound.FakeService.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.Bulwark;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.docs.CreateOrderExample.CreateOrderInput;
import dev.bulwark.docs.CreateOrderExample.OrderCreated;
import dev.bulwark.outbound.FakeService;
import dev.bulwark.outbound.OutboundServices;
import dev.bulwark.outbound.ServiceSettings;
import dev.bulwark.ports.outbound.HttpMethod;
import dev.bulwark.test.CallOutcome;
import dev.bulwark.test.ToolTester;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Runs the create_order example of docs/tool-authors.md against three real services on loopback. */
class CreateOrderExampleTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Far longer than a fake on loopback takes to answer, however busy the machine; within the tool's 30 s. */
    private static final Duration ANSWERED_IN_TIME = Duration.ofSeconds(20);
    /** For the payment that never answers in time: the fake holds its answer until the test ends. */
    private static final Duration SHORT_PAYMENT_TIMEOUT = Duration.ofSeconds(1);

    private final FakeService users = FakeService.start();
    private final FakeService orders = FakeService.start();
    private final FakeService payments = FakeService.start();
    private final CountDownLatch testEnded = new CountDownLatch(1);
    private OutboundServices services;
    private ToolTester tester;

    @BeforeEach
    void start() {
        connect(ANSWERED_IN_TIME);
        users.on("GET users/u-1", json(200, "{\"id\":\"u-1\"}"));
        orders.on("POST orders", json(201, "{\"id\":\"o-1\",\"status\":\"pending\"}"))
                .on("PUT orders/o-1/cancellation", json(200, "{\"status\":\"cancelled\"}"));
    }

    /** The tool, on services that wait {@code paymentTimeout} for the payment service. */
    private void connect(Duration paymentTimeout) {
        if (tester != null) {
            tester.close();
            services.close();
        }
        services = OutboundServices.builder()
                .service(ServiceSettings.builder("users").baseUrl(users.baseUrl())
                        .timeout(ANSWERED_IN_TIME).build())
                .service(ServiceSettings.builder("orders").baseUrl(orders.baseUrl())
                        .methods(EnumSet.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT))
                        .timeout(ANSWERED_IN_TIME).build())
                .service(ServiceSettings.builder("payments").baseUrl(payments.baseUrl())
                        .methods(EnumSet.of(HttpMethod.POST)).timeout(paymentTimeout).build())
                .build();
        tester = ToolTester.of(Bulwark.builder(BulwarkConfig.defaults())
                .tool(CreateOrderExample.createOrderTool(services)).build());
    }

    @AfterEach
    void stop() {
        testEnded.countDown();
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
        connect(SHORT_PAYMENT_TIMEOUT);
        payments.on("POST payments", (request, response, callback) -> {
            testEnded.await(60, TimeUnit.SECONDS);
            json(201, "{\"id\":\"p-9\"}").answer(request, response, callback);
        });

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
