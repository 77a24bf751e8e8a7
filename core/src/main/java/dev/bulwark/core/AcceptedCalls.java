package dev.bulwark.core;

import dev.bulwark.ports.origin.RequestOrigin;
import java.util.Map;

/**
 * Rebuilds a call accepted to run later ({@link AcceptedCall}) from what was stored of it, to run it in another
 * process or after a restart: {@link Bulwark#acceptedCalls()}. Thread-safe.
 */
public interface AcceptedCalls {

    /**
     * The accepted call of {@code params} by {@code origin}'s caller, not started yet. Its run is as
     * {@link AcceptedCall#start}'s: through the pipeline, audited and counted once, its rate limit not charged again.
     *
     * @param params the call's params as received: {@code name}, {@code arguments}, and {@code _meta} with the client's
     *     capabilities; {@code inputResponses} when the run answers input the tool asked for
     * @param origin the call's origin as stored: its caller (subject and scopes), and its client request id and trace
     *     context if kept
     * @throws IllegalArgumentException naming what the stored form lacks or holds wrongly, such as a tool not served
     */
    AcceptedCall of(Map<String, ?> params, RequestOrigin origin);
}
