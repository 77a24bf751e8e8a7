package dev.bulwark.ports.tasks;

import java.util.Locale;

/** The status of a task, as the Tasks extension names it on the wire ({@link #wireName()}). Immutable. */
public enum TaskStatus {
    /** Running on one instance, under its lease. */
    WORKING,
    /** Waiting for the client's answers to its input requests; nothing runs meanwhile. */
    INPUT_REQUIRED,
    /** Ran to its end: the tool's result is kept, an error result of the tool included. */
    COMPLETED,
    /** Ended by a protocol-level error (an internal failure, a lost instance): the error is kept. */
    FAILED,
    /** Cancelled by its owner. */
    CANCELLED;

    /** The status on the wire: {@code working}, {@code input_required}, ... */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the task has ended: its record no longer changes. */
    public boolean isTerminal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }

    /** The status of {@code wireName}. @throws IllegalArgumentException for no status */
    public static TaskStatus ofWireName(String wireName) {
        return valueOf(wireName.toUpperCase(Locale.ROOT));
    }
}
