package dev.bulwark.outbound;

import dev.bulwark.ports.outbound.ServiceFailure;
import java.util.Locale;

/** How one call to a service ended, as its meters tag it ({@code outcome}). */
enum CallOutcome {
    /** Answered below 400. */
    SUCCESS,
    /** Answered 4xx. */
    CLIENT_ERROR,
    /** Answered 5xx (after the retries the method allows). */
    SERVER_ERROR,
    METHOD_NOT_ALLOWED,
    PATH_REFUSED,
    HEADER_REFUSED,
    BUSY,
    CIRCUIT_OPEN,
    TIMEOUT,
    UNREACHABLE,
    PROTOCOL_ERROR,
    RESPONSE_TOO_LARGE,
    REDIRECT_REFUSED,
    CANCELLED;

    /** The tag value: the name in lower case. */
    String tag() {
        return name().toLowerCase(Locale.ROOT);
    }

    static CallOutcome of(int status) {
        return status >= 500 ? SERVER_ERROR : status >= 400 ? CLIENT_ERROR : SUCCESS;
    }

    static CallOutcome of(ServiceFailure failure) {
        return valueOf(failure.name());
    }
}
