package dev.bulwark.http.transport;

/**
 * How much the stateful transport keeps of each session's events for {@code Last-Event-ID} resumption. A message
 * larger than a session may keep is still sent, but its stream cannot be resumed from before it. Immutable.
 *
 * @param events the most events kept per session
 * @param bytesPerSession the most bytes of events kept per session
 * @param bytesInAll the most bytes of events all sessions keep together; past it, a session keeps a new event only by
 *     dropping its own oldest ones
 */
public record EventLogLimits(int events, long bytesPerSession, long bytesInAll) {

    public EventLogLimits {
        if (events < 1 || bytesPerSession < 1 || bytesInAll < 1) {
            throw new IllegalArgumentException("event log limits must be positive, were " + events + " events, "
                    + bytesPerSession + " bytes per session, " + bytesInAll + " bytes in all");
        }
    }

    /** 256 events and 1 MiB per session, an eighth of the JVM's maximum heap in all. */
    public static EventLogLimits defaults() {
        return new EventLogLimits(
                256, 1024 * 1024, Math.max(1, Runtime.getRuntime().maxMemory() / 8));
    }
}
