package dev.bulwark.core.internal;

/** Stands in for an internal type of Bulwark's core, which a tool handler must not use. */
public final class PipelineStandIn {

    private PipelineStandIn() {}

    public static String run(String call) {
        return call;
    }
}
