package dev.bulwark.core.internal.business.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.ComponentReport;
import dev.bulwark.core.HealthReport;
import dev.bulwark.core.ServerStatus;
import dev.bulwark.core.config.ServerSettings;
import dev.bulwark.core.internal.data.health.HealthProbe;
import dev.bulwark.core.internal.data.health.HealthProbe.ProbeResult;
import dev.bulwark.ports.health.ComponentHealth;
import dev.bulwark.ports.health.ComponentStatus;
import dev.bulwark.ports.health.Criticality;
import dev.bulwark.ports.health.HealthIndicator;
import dev.bulwark.ports.health.ServerHealth;
import dev.bulwark.test.fakes.ManualTicker;
import dev.bulwark.test.fakes.SwitchableHealthIndicator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Healthy, degraded or unhealthy: how the dependencies' health combines into the server's. */
class HealthServiceTest {

    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

    private final ManualTicker ticker = new ManualTicker();
    private final SwitchableHealthIndicator cache = new SwitchableHealthIndicator("cache", Criticality.OPTIONAL);
    private final SwitchableHealthIndicator database = new SwitchableHealthIndicator("database", Criticality.REQUIRED);

    private HealthService service(HealthIndicator... indicators) {
        List<HealthProbe> probes = Arrays.stream(indicators)
                .map(indicator -> new HealthProbe(indicator, Duration.ofSeconds(5), ticker, Runnable::run))
                .toList();
        return new HealthService(
                probes, new ServerSettings("bulwark", "1.2.3", "staging"), Clock.fixed(NOW, ZoneOffset.UTC), ticker);
    }

    @Test
    void isHealthyWithNoIndicators() {
        assertThat(service().check().status()).isEqualTo(ServerStatus.HEALTHY);
    }

    @Test
    void isHealthyWhenEveryComponentIsUp() {
        assertThat(service(cache, database).check().status()).isEqualTo(ServerStatus.HEALTHY);
    }

    @Test
    void optionalComponentDownMeansDegradedButReady() {
        cache.set(ComponentHealth.down("connection refused"));

        ServerStatus status = service(cache, database).check().status();

        assertThat(status).isEqualTo(ServerStatus.DEGRADED);
        assertThat(status.isReady()).isTrue();
    }

    @Test
    void requiredComponentDownMeansUnhealthyAndNotReady() {
        database.set(ComponentHealth.down("connection refused"));

        ServerStatus status = service(cache, database).check().status();

        assertThat(status).isEqualTo(ServerStatus.UNHEALTHY);
        assertThat(status.isReady()).isFalse();
    }

    @Test
    void requiredComponentDegradedMeansDegraded() {
        database.set(ComponentHealth.degraded("pool exhausted"));

        assertThat(service(cache, database).check().status()).isEqualTo(ServerStatus.DEGRADED);
    }

    @Test
    void drainingMeansUnhealthyEvenWhenEverythingIsUp() {
        HealthService service = service(cache, database);

        service.startDraining();
        HealthReport report = service.check();

        assertThat(report.status()).isEqualTo(ServerStatus.UNHEALTHY);
        assertThat(report.draining()).isTrue();
        assertThat(service.isDraining()).isTrue();
    }

    @Test
    void throwingIndicatorIsDownWithAReasonThatHidesTheExceptionMessage() {
        database.failWith(new IllegalStateException("jdbc:postgresql://db-prod-3/app password=hunter2"));

        HealthReport report = service(database).check();

        ComponentReport component = report.components().get(0);
        assertThat(component.status()).isEqualTo(ComponentStatus.DOWN);
        assertThat(component.details().toString()).doesNotContain("hunter2", "db-prod-3", "jdbc:");
        assertThat(report.status()).isEqualTo(ServerStatus.UNHEALTHY);
    }

    @Test
    void everyCheckProbesAfreshSoRecoveryIsSeen() {
        HealthService service = service(database);
        database.set(ComponentHealth.down("connection refused"));
        service.check();

        database.set(ComponentHealth.up());

        assertThat(service.check().status()).isEqualTo(ServerStatus.HEALTHY);
    }

    @Test
    void reportCarriesServerIdentityCheckTimeAndUptime() {
        HealthService service = service();
        ticker.advance(Duration.ofMinutes(7));

        HealthReport report = service.check();

        assertThat(report.version()).isEqualTo("1.2.3");
        assertThat(report.environment()).isEqualTo("staging");
        assertThat(report.checkedAt()).isEqualTo(NOW);
        assertThat(report.uptime()).isEqualTo(Duration.ofMinutes(7));
    }

    @Test
    void reportListsComponentsByName() {
        HealthReport report = service(database, cache).check();

        assertThat(report.components()).extracting(ComponentReport::name).containsExactly("cache", "database");
    }

    @Test
    void combineIgnoresAnOptionalComponentThatIsMerelyDegradedForReadiness() {
        ProbeResult degradedCache = result(Criticality.OPTIONAL, ComponentStatus.DEGRADED);

        assertThat(HealthService.combine(List.of(degradedCache), false)).isEqualTo(ServerStatus.DEGRADED);
    }

    @Test
    void combineLetsARequiredOutageWinOverEarlierDegradation() {
        List<ProbeResult> results = List.of(
                result(Criticality.OPTIONAL, ComponentStatus.DOWN), result(Criticality.REQUIRED, ComponentStatus.DOWN));

        assertThat(HealthService.combine(results, false)).isEqualTo(ServerStatus.UNHEALTHY);
    }

    private static ProbeResult result(Criticality criticality, ComponentStatus status) {
        return new ProbeResult("c", criticality, status, Map.of(), Duration.ZERO);
    }

    @Test
    void serverHealthForTransportsCarriesTheStatusAndEachComponentStatusButNoDetails() {
        cache.set(ComponentHealth.down("connection refused to cache.internal:6379"));

        ServerHealth health = service(cache, database).serverHealth();

        assertThat(health.status()).isEqualTo(ServerHealth.Status.DEGRADED);
        assertThat(health.isReady()).isTrue();
        assertThat(health.components())
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("cache", ComponentStatus.DOWN, "database", ComponentStatus.UP));
    }

    @Test
    void serverHealthIsNotReadyWhileDraining() {
        HealthService service = service(cache, database);
        service.startDraining();

        ServerHealth health = service.serverHealth();

        assertThat(health.draining()).isTrue();
        assertThat(health.isReady()).isFalse();
    }

    /** Background checks queued here, run when the test says. */
    private final List<Runnable> background = new ArrayList<>();

    private HealthService livenessService(HealthIndicator... indicators) {
        List<HealthProbe> probes = Arrays.stream(indicators)
                .map(indicator -> new HealthProbe(indicator, Duration.ofSeconds(5), ticker, Runnable::run))
                .toList();
        return new HealthService(
                probes,
                new ServerSettings("bulwark", "1.2.3", "staging"),
                Clock.fixed(NOW, ZoneOffset.UTC),
                ticker,
                background::add);
    }

    /** A dependency whose check counts its runs and can be made to hang, as a database that is down does. */
    private static final class CountingIndicator implements HealthIndicator {
        private final AtomicInteger runs = new AtomicInteger();
        private volatile ComponentHealth health = ComponentHealth.up();

        @Override
        public String name() {
            return "database";
        }

        @Override
        public Criticality criticality() {
            return Criticality.REQUIRED;
        }

        @Override
        public ComponentHealth check() {
            runs.incrementAndGet();
            return health;
        }
    }

    @Test
    void livenessKnowsNothingBeforeTheFirstCheckAndStartsOneInTheBackgroundWithoutWaitingForIt() {
        CountingIndicator indicator = new CountingIndicator();
        HealthService service = livenessService(indicator);

        assertThat(service.lastKnownHealth()).isEmpty();
        assertThat(service.lastKnownHealth()).isEmpty();

        assertThat(indicator.runs).as("no check runs on the caller's thread").hasValue(0);
        assertThat(background).as("one background check at a time").hasSize(1);
        background.remove(0).run();
        assertThat(service.lastKnownHealth())
                .get()
                .extracting(ServerHealth::status)
                .isEqualTo(ServerHealth.Status.HEALTHY);
    }

    @Test
    void livenessAnswersWithTheLastCheckWithoutRunningAProbe() {
        CountingIndicator indicator = new CountingIndicator();
        HealthService service = livenessService(indicator);
        service.serverHealth(); // a readiness probe
        indicator.health = ComponentHealth.down("connection refused");

        ServerHealth known = service.lastKnownHealth().orElseThrow();

        assertThat(known.status()).isEqualTo(ServerHealth.Status.HEALTHY);
        assertThat(known.components()).containsEntry("database", ComponentStatus.UP);
        assertThat(indicator.runs).hasValue(1);
        assertThat(background).as("the last check is fresh").isEmpty();
    }

    @Test
    void livenessStartsABackgroundCheckWhenTheLastIsOldAndShowsItsResultNextTime() {
        CountingIndicator indicator = new CountingIndicator();
        HealthService service = livenessService(indicator);
        service.check();
        indicator.health = ComponentHealth.down("connection refused");
        ticker.advance(HealthService.LIVENESS_REFRESH);

        assertThat(service.lastKnownHealth())
                .get()
                .extracting(ServerHealth::status)
                .isEqualTo(ServerHealth.Status.HEALTHY);
        assertThat(background).hasSize(1);
        background.remove(0).run();

        assertThat(service.lastKnownHealth())
                .get()
                .extracting(ServerHealth::status)
                .isEqualTo(ServerHealth.Status.UNHEALTHY);
        assertThat(indicator.runs).hasValue(2);
    }

    @Test
    void livenessShowsTheDrainAtOnce() {
        HealthService service = livenessService(new CountingIndicator());
        service.check();

        service.startDraining();

        ServerHealth known = service.lastKnownHealth().orElseThrow();
        assertThat(known.draining()).isTrue();
        assertThat(known.isReady()).isFalse();
    }
}
