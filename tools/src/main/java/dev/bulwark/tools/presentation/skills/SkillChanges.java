package dev.bulwark.tools.presentation.skills;

import dev.bulwark.core.ExtensionChanges;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The changes of a skills folder, for the servers that announce them: while one listens, a daemon thread looks at the
 * folder at a fixed interval, and each look that finds the skills changed tells every listener. Thread-safe.
 */
public final class SkillChanges implements ExtensionChanges {

    private static final Logger LOG = LoggerFactory.getLogger(SkillChanges.class);

    /** The shortest interval between two looks, whatever the bounds say. */
    static final Duration MIN_INTERVAL = Duration.ofMillis(50);

    private final Duration interval;
    private final Set<Runnable> listeners = new CopyOnWriteArraySet<>();
    private volatile Runnable look = () -> {};
    /** Looks at the folder while anyone listens; guarded by {@code this}. */
    private ScheduledExecutorService looking;

    /** @param interval how often to look at the folder while anyone listens */
    public SkillChanges(Duration interval) {
        this.interval =
                Objects.requireNonNull(interval, "interval").compareTo(MIN_INTERVAL) < 0 ? MIN_INTERVAL : interval;
    }

    /** Looks at the folder with {@code look}, which calls {@link #changed()} when it finds the skills changed. */
    public void looksWith(Runnable look) {
        this.look = Objects.requireNonNull(look, "look");
    }

    /**
     * Tells every listener that the skills changed, on the looking thread: a look a request made (on its own thread)
     * does not wait while the servers announce the change. Nothing while no one listens.
     */
    public void changed() {
        ScheduledExecutorService executor;
        synchronized (this) {
            executor = looking;
        }
        if (executor == null) {
            return;
        }
        try {
            executor.execute(this::tellListeners);
        } catch (RejectedExecutionException e) {
            LOG.debug("The skills changed as the last listener left: nobody to tell");
        }
    }

    private void tellListeners() {
        for (Runnable listener : listeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                LOG.debug("A listener of the skills' changes failed: {}", e.toString());
            }
        }
    }

    @Override
    public synchronized AutoCloseable listen(Runnable changed) {
        Runnable listener = Objects.requireNonNull(changed, "changed")::run; // one of its own, removed once
        listeners.add(listener);
        if (looking == null) {
            looking = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "bulwark-skills-look");
                thread.setDaemon(true);
                return thread;
            });
            looking.scheduleWithFixedDelay(
                    this::lookOnce, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        }
        return () -> stopListening(listener);
    }

    private synchronized void stopListening(Runnable listener) {
        listeners.remove(listener);
        if (listeners.isEmpty() && looking != null) {
            looking.shutdownNow();
            looking = null;
        }
    }

    private void lookOnce() {
        try {
            look.run();
        } catch (RuntimeException e) { // the next look tries again
            LOG.warn("Could not look at the skills folder: {}", e.toString());
        }
    }
}
