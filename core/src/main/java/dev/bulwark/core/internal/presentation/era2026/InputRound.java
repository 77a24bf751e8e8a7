package dev.bulwark.core.internal.presentation.era2026;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * The input round of one 2026-era request. The dispatcher puts it in the request's
 * {@link dev.bulwark.ports.origin.RequestOrigin} before the handler runs, and asks {@link #inputRequired()} and
 * {@link #missingCapability()} after it. Thread-safe.
 */
interface InputRound {

    /**
     * The {@code input_required} result to answer instead of the handler's own answer, when the handler asked the
     * client for input it did not have this round; empty when the handler completed.
     */
    Optional<ObjectNode> inputRequired();

    /**
     * The client capability the handler asked to use and the request did not declare ({@code sampling},
     * {@code elicitation}, {@code roots}), if it did: a request that then failed is refused with {@code -32021}.
     */
    default Optional<String> missingCapability() {
        return Optional.empty();
    }
}
