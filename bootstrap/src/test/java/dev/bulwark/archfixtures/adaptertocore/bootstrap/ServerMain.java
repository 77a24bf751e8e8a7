package dev.bulwark.archfixtures.adaptertocore.bootstrap;

/** A bootstrap class, the target an adapter must not reach. */
public class ServerMain {

    public static int port() {
        return 8080;
    }
}
