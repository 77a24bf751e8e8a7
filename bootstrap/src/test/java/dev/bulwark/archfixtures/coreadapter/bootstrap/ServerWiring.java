package dev.bulwark.archfixtures.coreadapter.bootstrap;

/** A bootstrap class, the target the core must not reach. */
public class ServerWiring {

    public static String environment() {
        return "test";
    }
}
