package dev.bulwark.core;

/**
 * A set of tools, resources and prompts registered together, with the services they share. Asked to register once,
 * while the server is built.
 */
@FunctionalInterface
public interface ToolPack {

    /** Adds this pack's tools, resources, prompts and completions to {@code pack}. */
    void register(ToolPackContext pack);
}
