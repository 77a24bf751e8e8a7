package dev.bulwark.promises;

import io.micrometer.core.instrument.MeterRegistry;

/** One way into a Bulwark server (a transport, a protocol era, an embedding), which every promise must hold at. */
interface Door {

    /** Serves {@code stage}'s tools through this door, counting on {@code registry}. */
    Opened open(Stage stage, MeterRegistry registry) throws Exception;

    /**
     * Starts this door as {@link #open} does, but with one setting wrong in the way its user would get it wrong (a
     * value out of range given to a builder, a misspelt property), and returns what the failed start told its user.
     *
     * @throws AssertionError when the door started anyway
     */
    Refused openWithOneWrongSetting(Stage stage, MeterRegistry registry) throws Exception;

    /** A door that serves; closing it stops the server. */
    interface Opened extends AutoCloseable {

        /** Sends {@code call} as {@code caller} over the door's own wire and returns the answer it got. */
        Answer call(Caller caller, ToolCall call) throws Exception;
    }

    /**
     * What a start with one wrong setting told its user.
     *
     * @param key the setting that was wrong, as its user spelt it ({@code http.port},
     *     {@code bulwark.auth.api-keys-flie})
     * @param told the whole text the user sees of the failure: an exception's message, a start-up report
     */
    record Refused(String key, String told) {}
}
