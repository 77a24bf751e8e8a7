package dev.bulwark.bootstrap.outbound;

import static dev.bulwark.outbound.FakeService.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.bootstrap.config.ServerConfig;
import dev.bulwark.bootstrap.wiring.DaggerServerComponent;
import dev.bulwark.bootstrap.wiring.ServerComponent;
import dev.bulwark.core.ComponentReport;
import dev.bulwark.core.Tool;
import dev.bulwark.outbound.FakeService;
import dev.bulwark.outbound.ServiceSettings;
import dev.bulwark.ports.health.ComponentStatus;
import dev.bulwark.ports.health.Criticality;
import dev.bulwark.ports.health.ServerHealth;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The outbound module as the server wires it: each service a dependency in the health model and readiness (required
 * down: not ready; optional down: degraded), its meters on /metrics, and the service tools only with services.
 */
class ServiceWiringTest {

    private final FakeService users = FakeService.start();
    private final FakeService payments = FakeService.start();
    private ServerComponent component;

    @AfterEach
    void close() {
        if (component != null) {
            component.bulwark().close();
            component.outboundServices().close();
            component.database().close();
        }
        users.close();
        payments.close();
    }

    private ServerComponent wire() {
        ServerConfig defaults = ServerConfig.defaults();
        ServerConfig config = defaults.toBuilder()
                .outbound(defaults.outbound()
                        .withServices(List.of(
                                ServiceSettings.builder("users")
                                        .baseUrl(users.baseUrl())
                                        .criticality(Criticality.REQUIRED)
                                        .build(),
                                ServiceSettings.builder("payments")
                                        .baseUrl(payments.baseUrl())
                                        .build())))
                .build();
        component = DaggerServerComponent.factory().create(config);
        return component;
    }

    private Map<String, ComponentStatus> components() {
        return component.bulwark().health().check().components().stream()
                .collect(Collectors.toMap(ComponentReport::name, ComponentReport::status));
    }

    private ServerHealth.Status readiness() {
        return component.bulwark().health().serverHealth().status();
    }

    @Test
    void healthAndReadinessFollowTheServices() {
        users.on("GET health", json(200, "{}"));
        payments.on("GET health", json(200, "{}"));
        wire();

        component.outboundServices().checkNow();
        assertThat(components())
                .containsEntry("service:users", ComponentStatus.UP)
                .containsEntry("service:payments", ComponentStatus.UP);
        assertThat(readiness()).isEqualTo(ServerHealth.Status.HEALTHY);

        users.on("GET health", json(503, "{}"));
        component.outboundServices().checkNow();
        assertThat(components()).containsEntry("service:users", ComponentStatus.DOWN);
        assertThat(readiness()).as("a required service down").isEqualTo(ServerHealth.Status.UNHEALTHY);
        assertThat(component.bulwark().health().serverHealth().isReady()).isFalse();

        users.on("GET health", json(200, "{}"));
        payments.on("GET health", json(500, "{}"));
        component.outboundServices().checkNow();
        assertThat(components())
                .containsEntry("service:users", ComponentStatus.UP)
                .containsEntry("service:payments", ComponentStatus.DOWN);
        assertThat(readiness()).as("an optional service down").isEqualTo(ServerHealth.Status.DEGRADED);
        assertThat(component.bulwark().health().serverHealth().isReady()).isTrue();
    }

    @Test
    void theServiceToolsAndMetersAreThereWithServices() {
        users.on("GET health", json(200, "{}"));
        wire();
        component.outboundServices().checkNow();

        assertThat(component.bulwark().tools())
                .extracting(Tool::name)
                .contains("api_request", "batch_api_requests", "list_services");
        String metrics = component.prometheusRegistry().scrape();
        assertThat(metrics)
                .contains("bulwark_service_up{service=\"users\"} 1.0")
                .contains("bulwark_service_up{service=\"payments\"} 0.0")
                .contains("bulwark_service_requests_seconds_count{outcome=\"success\",service=\"users\"}")
                .contains("bulwark_service_retries_total{service=\"users\"}")
                .contains("bulwark_service_health_check_latency_seconds{service=\"users\"}");
    }

    @Test
    void withoutServicesThereIsNoServiceToolNorIndicator() {
        component = DaggerServerComponent.factory().create(ServerConfig.defaults());

        assertThat(component.bulwark().tools())
                .extracting(Tool::name)
                .doesNotContain("api_request", "batch_api_requests", "list_services");
        assertThat(components().keySet()).noneMatch(name -> name.startsWith("service:"));
        assertThat(component.prometheusRegistry().scrape()).doesNotContain("bulwark_service_");
    }
}
