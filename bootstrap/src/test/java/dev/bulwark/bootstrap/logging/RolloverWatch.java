package dev.bulwark.bootstrap.logging;

import ch.qos.logback.core.rolling.helper.RenameUtil;
import ch.qos.logback.core.rolling.helper.TimeBasedArchiveRemover;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusListener;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts, from a Logback context's status messages, the files rolled and the clean-up passes that ended, so a test
 * can wait until every clean-up a rollover started is over. Logback runs each rollover's clean-up on a thread of its
 * own: when files roll faster than clean-ups end, two passes run at once, and in Logback 1.5.21 such overlapping
 * passes were seen to delete every archive, the newest too (about 1 run in 50 of 400 lines rolled at 1 KiB). A
 * server's files roll minutes apart, never that fast. Thread-safe.
 */
final class RolloverWatch implements StatusListener {

    private final AtomicInteger rolled = new AtomicInteger();
    private final AtomicInteger cleanUpsEnded = new AtomicInteger();

    @Override
    public void addStatusEvent(Status status) {
        String message = status.getMessage();
        if (status.getOrigin() instanceof RenameUtil && message.startsWith("Renaming file")) {
            rolled.incrementAndGet();
        } else if (status.getOrigin() instanceof TimeBasedArchiveRemover
                && (message.startsWith("Removed ") || message.startsWith("No removal attempts"))) {
            cleanUpsEnded.incrementAndGet(); // the last status of every pass that caps the total size
        }
    }

    /** Whether every clean-up started so far ended: one at the appender's start, one per file rolled. */
    boolean cleanUpsCaughtUp() {
        return cleanUpsEnded.get() >= rolled.get() + 1;
    }
}
