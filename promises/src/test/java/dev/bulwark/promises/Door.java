package dev.bulwark.promises;

import io.micrometer.core.instrument.MeterRegistry;

/** One way into a Bulwark server (a transport, a protocol era, an embedding), which every promise must hold at. */
interface Door {

    /** Serves {@code stage}'s tools through this door, counting on {@code registry}. */
    Opened open(Stage stage, MeterRegistry registry) throws Exception;

    /** A door that serves; closing it stops the server. */
    interface Opened extends AutoCloseable {

        /** Sends {@code call} as {@code caller} over the door's own wire and returns the answer it got. */
        Answer call(Caller caller, ToolCall call) throws Exception;
    }
}
