package dev.bulwark.core;

import dev.bulwark.ports.origin.RequestOrigin;

/**
 * What a method of an {@link Extension} knows about the request it serves: all a tool call's context has, and the
 * request's origin. One instance per request; do not share it.
 */
public interface ExtensionContext extends CallContext {

    /**
     * Where the request comes from: its protocol era, its caller, and the client capabilities it carries (a 2026-era
     * request's own). Work the method keeps for a caller, such as a task, belongs to this origin's caller.
     */
    RequestOrigin origin();

    /**
     * The call being answered, to start its run later: only for an augmentation whose
     * {@link ToolCallAugmentation#startsTheRunLater} is true.
     *
     * @throws IllegalStateException for any other request
     */
    default AcceptedCall acceptedCall() {
        throw new IllegalStateException("no call was accepted to run later here: only the answer of a"
                + " ToolCallAugmentation whose startsTheRunLater is true has an accepted call");
    }
}
