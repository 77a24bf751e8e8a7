package dev.bulwark.redis;

import dev.bulwark.ports.tasks.TaskChangeFeed;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;

/**
 * A {@link TaskChangeFeed} over Redis pub/sub: a change is published on one channel under the key prefix, and each
 * listener holds a connection of its own, subscribed on a daemon thread, that reconnects after a failure. Pub/sub
 * keeps nothing: a listener that is disconnected misses what is published meanwhile, which the feed's contract
 * allows. Thread-safe.
 */
public final class RedisTaskChangeFeed implements TaskChangeFeed {

    private static final Logger LOG = LoggerFactory.getLogger(RedisTaskChangeFeed.class);

    /** The wait before subscribing again after a failure, doubled up to {@link #MAX_RETRY_DELAY}. */
    private static final Duration RETRY_DELAY = Duration.ofMillis(100);

    private static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(5);

    /** A change's fields are joined with a character neither an owner nor a task id of this feed carries. */
    private static final char SEPARATOR = '\n';

    private final RedisConnection redis;
    private final String channel;

    public RedisTaskChangeFeed(RedisConnection redis) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.channel = redis.key("tasks", "changes");
    }

    /** @throws dev.bulwark.ports.DependencyUnavailableException when Redis fails or the breaker is open */
    @Override
    public void publish(Change change) {
        String message = change.source() + SEPARATOR + change.taskId() + SEPARATOR + change.owner();
        redis.execute(RedisOperation.TASK_PUBLISH, client -> client.publish(channel, message));
    }

    @Override
    public AutoCloseable listen(Consumer<Change> listener) {
        Objects.requireNonNull(listener, "listener");
        Subscriber subscriber = new Subscriber(listener);
        Thread thread = new Thread(subscriber, "bulwark-task-changes");
        thread.setDaemon(true);
        thread.start();
        return () -> {
            subscriber.stop();
            thread.interrupt();
        };
    }

    /** The pub/sub message of a change: its fields, or null for a message this feed did not write. */
    static Change parse(String message) {
        int first = message.indexOf(SEPARATOR);
        int second = first < 0 ? -1 : message.indexOf(SEPARATOR, first + 1);
        if (first < 1 || second < 0) {
            return null;
        }
        return new Change(
                message.substring(0, first), message.substring(second + 1), message.substring(first + 1, second));
    }

    @Override
    public String toString() {
        return "RedisTaskChangeFeed[" + channel + "]";
    }

    /** Subscribes on its own connection, again after each failure, until stopped. */
    private final class Subscriber implements Runnable {
        private final Consumer<Change> listener;
        private final AtomicReference<Jedis> connection = new AtomicReference<>();
        private final AtomicReference<JedisPubSub> subscription = new AtomicReference<>();
        private volatile boolean stopped;

        Subscriber(Consumer<Change> listener) {
            this.listener = listener;
        }

        @Override
        public void run() {
            Duration delay = RETRY_DELAY;
            while (!stopped) {
                JedisPubSub pubSub = new JedisPubSub() {
                    @Override
                    public void onMessage(String from, String message) {
                        deliver(message);
                    }
                };
                try (Jedis jedis = redis.subscriber()) {
                    connection.set(jedis);
                    subscription.set(pubSub);
                    if (stopped) {
                        return;
                    }
                    delay = RETRY_DELAY;
                    jedis.subscribe(pubSub, channel); // blocks until unsubscribed or the connection fails
                } catch (RuntimeException e) {
                    if (!stopped) {
                        LOG.warn(
                                "The feed of task changes lost Redis; status notifications of tasks changed on other"
                                        + " instances wait until it returns: {}",
                                RedisFailures.reason(e, redis.operationTimeout()));
                    }
                } finally {
                    connection.set(null);
                    subscription.set(null);
                }
                if (!stopped) {
                    try {
                        Thread.sleep(delay.toMillis());
                    } catch (InterruptedException e) {
                        if (stopped) {
                            return;
                        }
                    }
                    delay = delay.multipliedBy(2).compareTo(MAX_RETRY_DELAY) > 0
                            ? MAX_RETRY_DELAY
                            : delay.multipliedBy(2);
                }
            }
        }

        private void deliver(String message) {
            Change change = parse(message);
            if (change == null) {
                return;
            }
            try {
                listener.accept(change);
            } catch (RuntimeException e) {
                LOG.warn("A listener of task changes failed on task {}: {}", change.taskId(), e.toString());
            }
        }

        void stop() {
            stopped = true;
            JedisPubSub pubSub = subscription.get();
            try {
                if (pubSub != null && pubSub.isSubscribed()) {
                    pubSub.unsubscribe();
                }
            } catch (RuntimeException e) {
                LOG.debug("Could not unsubscribe from task changes", e);
            }
            Jedis jedis = connection.get();
            if (jedis != null) {
                try {
                    jedis.disconnect();
                } catch (RuntimeException e) {
                    LOG.debug("Could not close the connection of task changes", e);
                }
            }
        }
    }
}
