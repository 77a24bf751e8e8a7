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

    private final int failuresPerMinute;
    private final Map<String, Client> clients = new ConcurrentHashMap<>();

    public AuthFailureLimiter(int failuresPerMinute) {
        if (failuresPerMinute < 1) {
            throw new IllegalArgumentException("failuresPerMinute must be at least 1, was " + failuresPerMinute);
        }
        this.failuresPerMinute = failuresPerMinute;
    }

    /** How long {@code address} must wait before its credentials are checked again; zero when it need not. */
    public Duration blockedFor(String address) {
        Client client = clients.get(address);
        if (client == null) {
            return Duration.ZERO;
        }
        long remaining = client.blockedUntilNanos - System.nanoTime();
        return remaining > 0 ? Duration.ofNanos(remaining) : Duration.ZERO;
    }

    /** Records a failed attempt of {@code address}; over the limit, blocks it until its next permit. */
    public void failed(String address) {
        if (clients.size() >= MAX_CLIENTS) {
            long now = System.nanoTime();
            clients.values().removeIf(client -> client.blockedUntilNanos - now <= 0);
        }
        Client client = clients.computeIfAbsent(address,
                ignored -> new Client(RateLimiter.burstyBuilder(failuresPerMinute, Duration.ofMinutes(1)).build()));
        if (!client.limiter.tryAcquirePermit()) {
            Duration wait = client.limiter.reservePermit();
            client.blockedUntilNanos = System.nanoTime() + Math.max(wait.toNanos(), Duration.ofSeconds(1).toNanos());
        }
    }

    private static final class Client {
        final RateLimiter<Object> limiter;
        volatile long blockedUntilNanos;

        Client(RateLimiter<Object> limiter) {
            this.limiter = limiter;
            this.blockedUntilNanos = System.nanoTime();
        }
    }
}
