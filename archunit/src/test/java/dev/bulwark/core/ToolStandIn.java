package dev.bulwark.core;

/** Stands in for a type of Bulwark's public API (such as a tool definition): the kit's tests do not use core. */
public final class ToolStandIn {

    private ToolStandIn() {}

    public static String describe(String name) {
        return "tool " + name;
    }
}
