package dev.bulwark.core;

import java.util.function.Function;

/** Stands in for Bulwark's tool definition, by its real name: a class that builds one holds a tool's handler. */
public final class Tool {

    private final String name;
    private final Function<String, String> handler;

    private Tool(String name, Function<String, String> handler) {
        this.name = name;
        this.handler = handler;
    }

    public static Tool of(String name, Function<String, String> handler) {
        return new Tool(name, handler);
    }

    public String call(String input) {
        return name + ": " + handler.apply(input);
    }
}
