package dev.bulwark.samples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.AnnotatedTools;
import dev.bulwark.core.Bulwark;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.samples.spring.business.OrderService;
import dev.bulwark.samples.spring.data.OrderStore;
import dev.bulwark.samples.spring.tools.OrderTools;
import dev.bulwark.test.ToolTester;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The tools through Bulwark's real pipeline with the tool tester, without Spring. */
class OrderToolsTest {

    private static ToolTester tester() {
        OrderTools tools = new OrderTools(new OrderService(new OrderStore()));
        return ToolTester.of(Bulwark.builder(BulwarkConfig.defaults())
                .pack(AnnotatedTools.from(tools))
                .build());
    }

    @Test
    void cancellingNeedsTheWriteScope() {
        try (ToolTester tester = tester()) {
            assertThat(tester.caller("clerk", "tools:read")
                            .call("cancel_order", Map.of("orderId", "A-2"))
                            .errorType())
                    .isEqualTo("permission_denied");
            assertThat(tester.caller("manager", "orders:write")
                            .call("cancel_order", Map.of("orderId", "A-2"))
                            .structured())
                    .isEqualTo(Map.of("orderId", "A-2", "status", "cancelled"));
        }
    }

    @Test
    void onlyAnOpenOrderCanBeCancelled() {
        try (ToolTester tester = tester()) {
            assertThat(tester.caller("manager", "orders:write")
                            .call("cancel_order", Map.of("orderId", "A-1"))
                            .text())
                    .contains("only an open order can be cancelled");
        }
    }

    @Test
    void anOrderIsLookedUpWithoutAnyScope() {
        try (ToolTester tester = tester()) {
            assertThat(tester.caller("anyone").call("order_status", Map.of("orderId", "A-9")).structured())
                    .isEqualTo(Map.of("orderId", "A-9", "status", "unknown"));
        }
    }
}
