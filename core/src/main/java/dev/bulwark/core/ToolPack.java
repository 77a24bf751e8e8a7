package dev.bulwark.core;

/**
 * A set of tools, resources and prompts that are registered together, with the services they share. The reference
 * server's built-in tools are packs; an embedding team writes its own the same way and adds it with
 * {@code Bulwark.Builder.pack(ToolPack)}:
 *
 * <pre>{@code
 * ToolPack orders = pack -> pack.tool(findOrder(orderService)).tool(cancelOrder(orderService, pack.cache()));
 * Bulwark bulwark = Bulwark.builder(BulwarkConfig.defaults()).pack(orders).build();
 * }</pre>
 *
 * A pack is asked to register once, while the server is built; implementations should be stateless or immutable.
 */
@FunctionalInterface
public interface ToolPack {

    /** Adds this pack's tools, resources, prompts and completions to {@code pack}. */
    void register(ToolPackContext pack);
}
