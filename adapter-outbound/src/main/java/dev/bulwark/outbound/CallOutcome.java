package dev.bulwark.outbound;

import dev.bulwark.ports.outbound.ServiceFailure;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How one call to a service ended, as its meters tag it ({@code outcome}): the class of the status it answered, or
 * the {@link ServiceFailure} that left it without an answer. Immutable.
 */
final class CallOutcome {

    /** Answered below 400. */
    static final CallOutcome SUCCESS = new CallOutcome(0, "success");
    /** Answered 4xx. */
    static final CallOutcome CLIENT_ERROR = new CallOutcome(1, "client_error");
    /** Answered 5xx (after the retries the method allows). */
    static final CallOutcome SERVER_ERROR = new CallOutcome(2, "server_error");

    private static final Map<ServiceFailure, CallOutcome> FAILURES = new EnumMap<>(ServiceFailure.class);
    private static final List<CallOutcome> ALL = new ArrayList<>(List.of(SUCCESS, CLIENT_ERROR, SERVER_ERROR));

    static {
        for (ServiceFailure failure : ServiceFailure.values()) {
            // A call to a service that is not registered never reaches one, so no service counts it.
            if (failure != ServiceFailure.NOT_REGISTERED) {
                CallOutcome outcome = new CallOutcome(ALL.size(), failure.name().toLowerCase(Locale.ROOT));
                FAILURES.put(failure, outcome);
                ALL.add(outcome);
            }
        }
    }

    private final int index;
    private final String tag;

    private CallOutcome(int index, String tag) {
        this.index = index;
        this.tag = tag;
    }

    /** Every outcome a service counts, each at its {@link #index()}. */
    static List<CallOutcome> values() {
        return List.copyOf(ALL);
    }

    static CallOutcome of(int status) {
        return status >= 500 ? SERVER_ERROR : status >= 400 ? CLIENT_ERROR : SUCCESS;
    }

    static CallOutcome of(ServiceFailure failure) {
        CallOutcome outcome = FAILURES.get(failure);
        if (outcome == null) {
            throw new IllegalArgumentException("a service never counts " + failure);
        }
        return outcome;
    }

    /** The outcome's place in {@link #values()}, for counters kept in an array. */
    int index() {
        return index;
    }

    /** The tag value: the name in lower case. */
    String tag() {
        return tag;
    }

    @Override
    public String toString() {
        return tag;
    }
}
