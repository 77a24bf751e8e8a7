package dev.bulwark.http.transport;

import dev.bulwark.ports.json.JsonBytes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * One open HTTP response carrying a session's server-sent events, as a stream of the session writes to it: Jetty's
 * ({@link SseConnection}) or a servlet container's. Implementations are thread-safe.
 */
public interface EventConnection {

    /**
     * Writes {@code frames}, and with {@code last} ends the response after them.
     *
     * @throws IOException when the connection has ended: its last frame was written, or the client is gone
     */
    void write(JsonBytes frames, boolean last) throws IOException;

    /** As {@link #write(JsonBytes, boolean)}, for frames held in one array. */
    default void write(byte[] frames, boolean last) throws IOException {
        write(JsonBytes.of(frames), last);
    }

    /** As {@link #write(JsonBytes, boolean)}, for frames as text. */
    default void write(String frames, boolean last) throws IOException {
        write(frames.getBytes(StandardCharsets.UTF_8), last);
    }

    /** Ends the response after what was written; nothing when it has ended. */
    void end();

    /**
     * Called by each keep-alive round before its comment: a connection whose idle timeout the rounds check in the
     * server's place ends here once idle that long, and answers false. The default checks nothing.
     */
    default boolean idleCheck() {
        return true;
    }
}
