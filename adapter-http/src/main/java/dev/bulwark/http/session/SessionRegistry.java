package dev.bulwark.http.session;

import dev.bulwark.ports.time.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * The live MCP sessions as the edge sees them: their count, their activity and their idleness. Thread-safe.
 */
public final class SessionRegistry {

    /** What {@link #reserve} found. */
    public enum Place {
        /** A place is held for the new session. */
        RESERVED,
        /** The server holds as many sessions as it may. */
        SERVER_FULL,
        /** The caller holds as many sessions as one caller may. */
        CALLER_FULL,
        /** The client address, with no principal, holds as many sessions as one address may. */
        ADDRESS_FULL
    }

    private final int maxSessions;
    private final int maxSessionsPerOwner;
    private final int maxSessionsPerAddress;
    private final long idleNanos;
    private final Ticker ticker;
    private final IntConsumer countListener;
    /** Written under the registry's lock only, read without it. */
    private final Map<String, Activity> sessions = new ConcurrentHashMap<>();

    private int reserved;
    /**
     * Live sessions and reservations per owner ({@code caller:<subject>}) and per address of sessions without one
     * ({@code address:<ip>}); written and read under the registry's lock only.
     */
    private final Map<String, Integer> held = new HashMap<>();

    /**
     * @param maxSessions live sessions (and initializations under way) at most
     * @param maxSessionsPerOwner live sessions (and initializations under way) one owner may hold at most
     * @param maxSessionsPerAddress live sessions (and initializations under way) without an owner one client address
     *     may hold at most
     * @param idleTimeout how long a session may stay idle
     * @param countListener told the number of live sessions whenever it changes
     */
    public SessionRegistry(
            int maxSessions,
            int maxSessionsPerOwner,
            int maxSessionsPerAddress,
            Duration idleTimeout,
            Ticker ticker,
            IntConsumer countListener) {
        if (maxSessions < 1) {
            throw new IllegalArgumentException("maxSessions must be at least 1, was " + maxSessions);
        }
        if (maxSessionsPerOwner < 1) {
            throw new IllegalArgumentException("maxSessionsPerOwner must be at least 1, was " + maxSessionsPerOwner);
        }
        this.maxSessions = maxSessions;
        if (maxSessionsPerAddress < 1) {
            throw new IllegalArgumentException(
                    "maxSessionsPerAddress must be at least 1, was " + maxSessionsPerAddress);
        }
        this.maxSessionsPerOwner = maxSessionsPerOwner;
        this.maxSessionsPerAddress = maxSessionsPerAddress;
        this.idleNanos = Objects.requireNonNull(idleTimeout, "idleTimeout").toNanos();
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.countListener = Objects.requireNonNull(countListener, "countListener");
    }

    /**
     * Holds a place for a session about to be created by {@code owner} (a principal's subject, under its caller's
     * cap), or, with no owner (callers are not authenticated), from {@code address} (a client address, under that
     * address's cap); with neither, only the server's cap applies.
     */
    public synchronized Place reserve(String owner, String address) {
        if (sessions.size() + reserved >= maxSessions) {
            return Place.SERVER_FULL;
        }
        String quota = quotaKey(owner, address);
        int quotaCap = owner != null ? maxSessionsPerOwner : maxSessionsPerAddress;
        if (quota != null && held.getOrDefault(quota, 0) >= quotaCap) {
            return owner != null ? Place.CALLER_FULL : Place.ADDRESS_FULL;
        }
        reserved++;
        if (quota != null) {
            held.merge(quota, 1, Integer::sum);
        }
        return Place.RESERVED;
    }

    /** Gives back a place {@link #reserve reserved} by {@code owner} from {@code address} for a session not created. */
    public synchronized void release(String owner, String address) {
        if (reserved > 0) {
            reserved--;
            letGo(quotaKey(owner, address));
        }
    }

    /** The key a session counts under: its owner's, else its address's, else none. */
    private static String quotaKey(String owner, String address) {
        if (owner != null) {
            return "caller:" + owner;
        }
        return address == null ? null : "address:" + address;
    }

    /**
     * The session {@code id} was created in a place {@link #reserve reserved} for it by {@code owner} from
     * {@code address}, which keeps the place until the session has {@link #ended}.
     */
    public void created(String id, String owner, String address) {
        int count;
        synchronized (this) {
            if (reserved > 0) {
                reserved--;
            }
            sessions.put(
                    Objects.requireNonNull(id, "id"), new Activity(ticker.nanoTime(), owner, quotaKey(owner, address)));
            count = sessions.size();
        }
        countListener.accept(count);
    }

    /**
     * A request or stream of session {@code id} began; unknown ids are ignored (the transport answers 404). Takes no
     * lock, as every request calls it; only creating and ending sessions take the registry's lock.
     */
    public void begin(String id) {
        Activity activity = sessions.get(id);
        if (activity != null && activity.open()) {
            activity.lastActive = ticker.nanoTime();
        }
    }

    /** A request or stream of session {@code id} ended. */
    public void end(String id) {
        Activity activity = sessions.get(id);
        if (activity != null) {
            activity.lastActive = ticker.nanoTime();
            activity.close();
        }
    }

    /** The session {@code id} has ended (deleted by its client, or ended after {@link #takeIdle}). */
    public void ended(String id) {
        int count;
        synchronized (this) {
            Activity removed = sessions.remove(id);
            if (removed == null) {
                return;
            }
            letGo(removed.quota);
            count = sessions.size();
        }
        countListener.accept(count);
    }

    /**
     * Returns the sessions idle for the idle timeout or longer and marks them as ending, for the caller to end and
     * then report {@link #ended}. A session that is in use again before its turn comes is not among them.
     */
    public synchronized List<String> takeIdle() {
        List<String> idle = new ArrayList<>();
        long now = ticker.nanoTime();
        sessions.forEach((id, activity) -> {
            if (now - activity.lastActive >= idleNanos && activity.markEndingIfIdle()) {
                if (now - activity.lastActive >= idleNanos) {
                    idle.add(id);
                } else {
                    activity.reopen(); // a request ended between the two reads: the session is not idle after all
                }
            }
        });
        return idle;
    }

    /** One place fewer held under {@code quota}; under the registry's lock. */
    private void letGo(String quota) {
        if (quota != null) {
            held.computeIfPresent(quota, (key, count) -> count > 1 ? count - 1 : null);
        }
    }

    /** Live sessions now. */
    public int size() {
        return sessions.size();
    }

    /**
     * Whether {@code subject} may use session {@code id}: yes for its creator, for a session created without an
     * owner, and for an unknown id (the transport answers that one with 404).
     */
    public boolean mayUse(String id, String subject) {
        Activity activity = sessions.get(id);
        return activity == null || activity.owner == null || activity.owner.equals(subject);
    }

    /**
     * What one session is doing: its requests and streams open (or {@link #ENDING}, once it was taken to be ended,
     * after which none is counted) and when it was last active.
     */
    private static final class Activity {
        private static final int ENDING = -1;

        private final AtomicInteger open = new AtomicInteger();
        private final String owner;
        /** The key its place is counted under (see {@link #quotaKey}), or {@code null}. */
        private final String quota;

        volatile long lastActive;

        Activity(long lastActive, String owner, String quota) {
            this.lastActive = lastActive;
            this.owner = owner;
            this.quota = quota;
        }

        /** Counts a request or stream that began; {@code false} if the session is ending. */
        boolean open() {
            return open.updateAndGet(count -> count == ENDING ? ENDING : count + 1) != ENDING;
        }

        void close() {
            open.updateAndGet(count -> count > 0 ? count - 1 : count);
        }

        /** Marks the session as ending if nothing of it is open; whether it did. */
        boolean markEndingIfIdle() {
            return open.compareAndSet(0, ENDING);
        }

        void reopen() {
            open.compareAndSet(ENDING, 0);
        }
    }
}
