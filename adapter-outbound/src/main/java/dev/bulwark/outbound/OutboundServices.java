package dev.bulwark.outbound;

import dev.bulwark.config.ConfigProblem;
import dev.bulwark.ports.health.ComponentHealth;
import dev.bulwark.ports.health.HealthIndicator;
import dev.bulwark.ports.outbound.CredentialUse;
import dev.bulwark.ports.outbound.ServiceCallException;
import dev.bulwark.ports.outbound.ServiceClient;
import dev.bulwark.ports.outbound.ServiceDescriptor;
import dev.bulwark.ports.outbound.ServiceFailure;
import dev.bulwark.ports.outbound.ServiceRequest;
import dev.bulwark.ports.outbound.ServiceResponse;
import dev.bulwark.ports.time.Ticker;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry of the configured services, and the {@link ServiceClient} that calls them. Thread-safe.
 */
public final class OutboundServices implements ServiceClient, AutoCloseable {

    public static final Duration DEFAULT_HEALTH_INTERVAL = Duration.ofSeconds(15);
    public static final Duration DEFAULT_HEALTH_TIMEOUT = Duration.ofSeconds(2);
    public static final long DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(OutboundServices.class);

    private final Map<String, RegisteredService> services;
    private final List<ServiceDescriptor> descriptors;
    private final Duration healthInterval;
    private final Duration healthTimeout;
    private ScheduledExecutorService scheduler;

    private OutboundServices(Builder builder) {
        OutboundTracing tracing = new OutboundTracing(builder.openTelemetry);
        Map<String, RegisteredService> byName = new TreeMap<>();
        for (ServiceSettings options : builder.services) {
            if (byName.put(
                            options.name(),
                            new RegisteredService(options, builder.maxResponseBytes, builder.ticker, tracing))
                    != null) {
                throw new IllegalArgumentException("services." + options.name() + " is registered twice");
            }
        }
        this.services = Collections.unmodifiableMap(byName);
        this.descriptors = byName.values().stream()
                .map(service -> service.options().descriptor())
                .toList();
        this.healthInterval = builder.healthInterval;
        this.healthTimeout = builder.healthTimeout;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public List<ServiceDescriptor> services() {
        return descriptors;
    }

    @Override
    public ComponentHealth health(String service) {
        return registered(service).health();
    }

    @Override
    public Optional<String> credentialRefusal(String service, CredentialUse use) {
        RegisteredService registered = service == null ? null : services.get(service);
        if (registered == null) {
            return Optional.of("no service named " + service + " is registered");
        }
        return registered.options().credentialRefusal(use);
    }

    @Override
    public ServiceResponse send(ServiceRequest request) {
        Objects.requireNonNull(request, "request");
        return registered(request.service()).send(request);
    }

    /** The services' health indicators, one per service, named {@code service:<name>}, in name order. */
    public List<HealthIndicator> healthIndicators() {
        List<HealthIndicator> indicators = new ArrayList<>();
        services.values().forEach(service -> indicators.add(new ServiceHealthIndicator(service)));
        return List.copyOf(indicators);
    }

    /** The services' meters ({@link OutboundMetrics}), to bind to the server's registry. */
    public MeterBinder metrics() {
        return new OutboundMetrics(this);
    }

    Collection<RegisteredService> registeredServices() {
        return services.values();
    }

    /**
     * Starts the background health checks: one round now, then one every health interval after the last ended.
     * Idempotent; does nothing without services.
     */
    public synchronized void start() {
        if (scheduler != null || services.isEmpty()) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "bulwark-service-health");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::checkQuietly, 0, healthInterval.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Checks every service now, all at once, and returns when every check has ended: within the health timeout
     * (and a little more for the bookkeeping). A check that fails unexpectedly is logged and the others still run.
     */
    public void checkNow() {
        List<CompletableFuture<Void>> checks = new ArrayList<>();
        for (RegisteredService service : services.values()) {
            try {
                checks.add(service.check(healthTimeout));
            } catch (RuntimeException e) {
                // One service's failure never abandons the round. Its message is not logged: it may quote a header.
                LOG.warn(
                        "Health check of service {} failed unexpectedly ({})",
                        service.options().name(),
                        e.getClass().getName());
            }
        }
        try {
            CompletableFuture.allOf(checks.toArray(CompletableFuture[]::new))
                    .get(healthTimeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn(
                    "A round of service health checks did not end in time ({})",
                    e.getClass().getSimpleName());
        }
    }

    private void checkQuietly() {
        try {
            checkNow();
        } catch (RuntimeException e) {
            // The next round runs all the same. The message is not logged: it may quote a header.
            LOG.warn(
                    "A round of service health checks failed ({})", e.getClass().getName());
        }
    }

    /** Stops the health checks. */
    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    private RegisteredService registered(String name) {
        RegisteredService service = name == null ? null : services.get(name);
        if (service == null) {
            throw new ServiceCallException(
                    String.valueOf(name), ServiceFailure.NOT_REGISTERED, 0, "no service of that name is registered");
        }
        return service;
    }

    /** Names the services only. */
    @Override
    public String toString() {
        return "OutboundServices" + services.keySet();
    }

    /** Builds {@link OutboundServices}. Not thread-safe. */
    public static final class Builder {
        private final List<ServiceSettings> services = new ArrayList<>();
        private Duration healthInterval = DEFAULT_HEALTH_INTERVAL;
        private Duration healthTimeout = DEFAULT_HEALTH_TIMEOUT;
        private long maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES;
        private Ticker ticker = Ticker.system();
        private OpenTelemetry openTelemetry = OpenTelemetry.noop();

        private Builder() {}

        public Builder service(ServiceSettings options) {
            services.add(Objects.requireNonNull(options, "options"));
            return this;
        }

        public Builder services(Collection<ServiceSettings> options) {
            options.forEach(this::service);
            return this;
        }

        /** Time between the end of one round of health checks and the start of the next. */
        public Builder healthInterval(Duration value) {
            this.healthInterval = requirePositive(value, "outbound.health-interval");
            return this;
        }

        /** How long one health check may take before the service counts as down. */
        public Builder healthTimeout(Duration value) {
            this.healthTimeout = requirePositive(value, "outbound.health-timeout");
            return this;
        }

        /** The largest response body read; a larger one fails the call. */
        public Builder maxResponseBytes(long value) {
            if (value < 1) {
                throw ConfigProblem.of("outbound.max-response-size", "must be at least 1 byte")
                        .refusal();
            }
            this.maxResponseBytes = value;
            return this;
        }

        public Builder ticker(Ticker value) {
            this.ticker = Objects.requireNonNull(value, "ticker");
            return this;
        }

        /**
         * Where each request's client span goes; the trace context is sent along in {@code traceparent}. Default
         * {@link OpenTelemetry#noop()}: no spans, no headers.
         */
        public Builder openTelemetry(OpenTelemetry value) {
            this.openTelemetry = Objects.requireNonNull(value, "openTelemetry");
            return this;
        }

        public OutboundServices build() {
            return new OutboundServices(this);
        }

        private static Duration requirePositive(Duration value, String key) {
            Objects.requireNonNull(value, key);
            if (value.isZero() || value.isNegative()) {
                throw ConfigProblem.of(key, "must be positive, was " + value).refusal();
            }
            return value;
        }
    }

    /** For tests: the service of this name. */
    Optional<RegisteredService> registeredService(String name) {
        return Optional.ofNullable(services.get(name));
    }
}
