package dev.bulwark.core;

import java.util.Objects;

/**
 * The client's answer to a sampling request ({@link CallContext#sample}). Immutable.
 *
 * @param content the model's message: text, an image or audio
 * @param model the name of the model that answered, as the client reports it
 * @param stopReason why generation stopped ({@code endTurn}, {@code stopSequence}, {@code maxTokens}), or
 *     {@code null} when the client did not say
 */
public record SamplingResult(Content content, String model, String stopReason) {

    public SamplingResult {
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(model, "model");
    }

    /** The text of the answer, or an empty string when the model answered with something other than text. */
    public String text() {
        return content instanceof Content.Text text ? text.text() : "";
    }
}
