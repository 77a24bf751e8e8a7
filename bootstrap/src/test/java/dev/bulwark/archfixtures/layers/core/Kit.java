package dev.bulwark.archfixtures.layers.core;

/** The core's entry point: it may wire the layers, but no layer may call it back. */
public final class Kit {

    private Kit() {
    }

    public static String version() {
        return "1";
    }
}
