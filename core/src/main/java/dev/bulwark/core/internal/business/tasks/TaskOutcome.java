package dev.bulwark.core.internal.business.tasks;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * How one run of a task ended: it asked for input ({@code inputRequests}), it answered ({@code result}), or it failed
 * at the protocol level ({@code error}); exactly one is set.
 */
public record TaskOutcome(ObjectNode inputRequests, ObjectNode result, ObjectNode error) {}
