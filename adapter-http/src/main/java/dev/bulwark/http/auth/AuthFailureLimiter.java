package dev.bulwark.http.auth;

import dev.failsafe.RateLimiter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down credential guessing: each client address may fail authentication a number of times per minute (a
 * Failsafe bursty rate limiter per address); past that, its requests get 429 with {@code Retry-After} until the
 * limiter has a permit again, without their credentials being checked. At most {@value #MAX_CLIENTS} addresses are
 * tracked; when more fail at once, the ones not blocked are forgotten first. Thread-safe.
 *
 * <p>The address is the one {@link ClientAddresses} tells: behind a proxy that is not configured as trusted, every
 * client shares the proxy's address, and the limit then applies to all of them together.
 */
public final class AuthFailureLimiter {

    static final int MAX_CLIENTS = 10_000;
    private static final Duration PERIOD = Duration.ofMinutes(1);
    private static final Duration MIN_BLOCK = Duration.ofSeconds(1);

    private final int failuresPerMinute;
    private final Map<String, Client> clients = new ConcurrentHashMap<>();

    public AuthFailureLimiter(int failuresPerMinute) {
        if (failuresPerMinute < 1) {
            throw new IllegalArgumentException("failuresPerMinute must be at least 1, was " + failuresPerMinute);
        }
        this.failuresPerMinute = failuresPerMinute;
    }

    /**
     * How long {@code address} must wait before its credentials are checked again; zero when it need not. Once a
     * block is over, the address starts a fresh minute.
     */
    public Duration blockedFor(String address) {
        Client client = clients.get(address);
        if (client == null) {
            return Duration.ZERO;
        }
        long remaining = client.blockedUntilNanos - System.nanoTime();
        if (remaining > 0) {
            return Duration.ofNanos(remaining);
        }
        if (client.blocked) { // atomically with failed(): a block it sets meanwhile is not thrown away
            clients.computeIfPresent(address,
                    (key, current) -> current.blocked && current.blockedUntilNanos - System.nanoTime() <= 0
                            ? null
                            : current);
        }
        return Duration.ZERO;
    }

    /**
     * Records a failed attempt of {@code address}; its last allowed one this minute blocks it until the limiter would
     * have a permit again, so its next request gets 429 without its credentials being checked.
     */
    public void failed(String address) {
        if (clients.size() >= MAX_CLIENTS) {
            long now = System.nanoTime();
            clients.values().removeIf(client -> client.blockedUntilNanos - now <= 0);
        }
        clients.compute(address, (key, known) -> {
            Client client = known != null ? known : new Client(failuresPerMinute - 1);
            if (client.limiter == null || !client.limiter.tryAcquirePermit()) {
                Duration wait = client.limiter == null ? PERIOD : client.limiter.reservePermit();
                client.blockedUntilNanos = System.nanoTime() + Math.max(wait.toNanos(), MIN_BLOCK.toNanos());
                client.blocked = true;
            }
            return client;
        });
    }

    /**
     * One address: a limiter of the failures that do not block it (one fewer than allowed, since the last allowed one
     * blocks; none when only one is allowed) and until when it is blocked.
     */
    private static final class Client {
        final RateLimiter<Object> limiter;
        volatile long blockedUntilNanos;
        volatile boolean blocked;

        Client(int freeFailures) {
            this.limiter = freeFailures > 0 ? RateLimiter.burstyBuilder(freeFailures, PERIOD).build() : null;
            this.blockedUntilNanos = System.nanoTime();
        }
    }
}
