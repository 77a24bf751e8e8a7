package dev.bulwark.http.auth;

import dev.failsafe.RateLimiter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Slows down credential guessing: past a number of failed authentications per minute, an address gets 429.
 * Thread-safe.
 */
public final class AuthFailureLimiter {

    /**
     * The most addresses tracked, so memory and the cost of a failure stay bounded under an attack from many
     * addresses. While the table is full of addresses that failed within the minute, failures of further addresses
     * are not counted: an attacker with more addresses than this is not limited on the ones past it.
     */
    static final int MAX_CLIENTS = 10_000;

    private static final Duration PERIOD = Duration.ofMinutes(1);
    private static final Duration MIN_BLOCK = Duration.ofSeconds(1);
    private static final long SWEEP_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final int failuresPerMinute;
    private final int maxClients;
    private final LongSupplier nanoTime;
    private final Map<String, Client> clients = new ConcurrentHashMap<>();
    private final AtomicLong nextSweepNanos;

    /** @param failuresPerMinute the failed attempts one address may make per minute; at least 1 */
    public AuthFailureLimiter(int failuresPerMinute) {
        this(failuresPerMinute, MAX_CLIENTS, System::nanoTime);
    }

    AuthFailureLimiter(int failuresPerMinute, int maxClients, LongSupplier nanoTime) {
        if (failuresPerMinute < 1) {
            throw new IllegalArgumentException("failuresPerMinute must be at least 1, was " + failuresPerMinute);
        }
        this.failuresPerMinute = failuresPerMinute;
        this.maxClients = maxClients;
        this.nanoTime = nanoTime;
        this.nextSweepNanos = new AtomicLong(nanoTime.getAsLong());
    }

    /**
     * How long {@code address} must wait before its credentials are checked again; zero when it need not. Once a
     * block is over, the address starts a fresh minute.
     */
    public Duration blockedFor(String clientAddress) {
        String address = limitedAs(clientAddress);
        Client client = clients.get(address);
        if (client == null) {
            return Duration.ZERO;
        }
        long now = nanoTime.getAsLong();
        long remaining = client.blockedUntilNanos - now;
        if (remaining > 0) {
            return Duration.ofNanos(remaining);
        }
        if (client.blocked) { // atomically with failed(): a block it sets meanwhile is not thrown away
            clients.computeIfPresent(
                    address,
                    (key, current) -> current.blocked && current.blockedUntilNanos - now <= 0 ? null : current);
        }
        return Duration.ZERO;
    }

    /**
     * Records a failed attempt of {@code address}; its last allowed one this minute blocks it until the limiter would
     * have a permit again, so its next request gets 429 without its credentials being checked.
     */
    public void failed(String clientAddress) {
        String address = limitedAs(clientAddress);
        long now = nanoTime.getAsLong();
        if (clients.size() >= maxClients && !clients.containsKey(address)) {
            sweep(now);
            if (clients.size() >= maxClients) {
                return; // full of addresses that failed within the minute: this one is not counted until room frees
            }
        }
        clients.compute(address, (key, known) -> {
            Client client = known != null ? known : new Client(failuresPerMinute - 1, now);
            client.lastFailureNanos = now;
            if (client.limiter == null || !client.limiter.tryAcquirePermit()) {
                Duration wait = client.limiter == null ? PERIOD : client.limiter.reservePermit();
                client.blockedUntilNanos = now + Math.max(wait.toNanos(), MIN_BLOCK.toNanos());
                client.blocked = true;
            }
            return client;
        });
    }

    /**
     * What {@code address} is counted as: itself for IPv4 (and anything that is not an IP literal), its /64 network
     * for IPv6, spelled one way whatever way the address was written.
     */
    static String limitedAs(String address) {
        return ClientAddresses.countedAs(address);
    }

    /**
     * Forgets the addresses that are not blocked and have not failed for a minute (their limiter is full again), at
     * most once a second whatever the number of failures: a full table must not make every failure a scan of it.
     * Each address is checked and removed atomically with {@link #failed}, so a failure recorded meanwhile is kept.
     */
    private void sweep(long now) {
        long due = nextSweepNanos.get();
        if (now - due < 0 || !nextSweepNanos.compareAndSet(due, now + SWEEP_INTERVAL_NANOS)) {
            return;
        }
        for (String address : clients.keySet()) {
            clients.computeIfPresent(address, (key, client) -> client.forgettable(now) ? null : client);
        }
    }

    /** How many addresses are tracked; for tests. */
    int trackedAddresses() {
        return clients.size();
    }

    /**
     * One address: a limiter of the failures that do not block it (one fewer than allowed, since the last allowed one
     * blocks; none when only one is allowed), until when it is blocked, and when it last failed.
     */
    private static final class Client {
        final RateLimiter<Object> limiter;
        volatile long blockedUntilNanos;
        volatile boolean blocked;
        volatile long lastFailureNanos;

        Client(int freeFailures, long now) {
            this.limiter = freeFailures > 0
                    ? RateLimiter.burstyBuilder(freeFailures, PERIOD).build()
                    : null;
            this.blockedUntilNanos = now;
            this.lastFailureNanos = now;
        }

        boolean forgettable(long now) {
            return blockedUntilNanos - now <= 0 && now - lastFailureNanos >= PERIOD.toNanos();
        }
    }
}
