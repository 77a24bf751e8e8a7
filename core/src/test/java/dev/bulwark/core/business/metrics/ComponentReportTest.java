package dev.bulwark.core.business.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.business.health.HealthService;
import dev.bulwark.core.config.ServerSettings;
import dev.bulwark.core.data.health.HealthProbe;
import dev.bulwark.ports.fakes.ManualTicker;
import dev.bulwark.ports.fakes.SwitchableHealthIndicator;
import dev.bulwark.ports.health.ComponentHealth;
import dev.bulwark.ports.health.ComponentStatus;
import dev.bulwark.ports.health.Criticality;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A health report's components as business values. */
class ComponentReportTest {

    @Test
    void carriesEachComponentOfAHealthReportInNameOrder() {
        ManualTicker ticker = new ManualTicker();
        SwitchableHealthIndicator redis = new SwitchableHealthIndicator("redis", Criticality.OPTIONAL);
        SwitchableHealthIndicator database = new SwitchableHealthIndicator("database", Criticality.REQUIRED);
        redis.set(ComponentHealth.down("connection refused"));
        HealthService health = new HealthService(
                List.of(new HealthProbe(redis, Duration.ofSeconds(1), ticker, Runnable::run),
                        new HealthProbe(database, Duration.ofSeconds(1), ticker, Runnable::run)),
                ServerSettings.defaults(), Clock.systemUTC(), ticker);

        List<ComponentReport> components = ComponentReport.of(health.check());

        assertThat(components).containsExactly(
                new ComponentReport("database", ComponentStatus.UP, Criticality.REQUIRED, Duration.ZERO, Map.of()),
                new ComponentReport("redis", ComponentStatus.DOWN, Criticality.OPTIONAL, Duration.ZERO,
                        Map.of("reason", "connection refused")));
    }
}
