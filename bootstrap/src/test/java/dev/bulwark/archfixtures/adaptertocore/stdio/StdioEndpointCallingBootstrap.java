package dev.bulwark.archfixtures.adaptertocore.stdio;

import dev.bulwark.archfixtures.adaptertocore.bootstrap.ServerMain;

/** Breaks "adapters depend on neither core nor bootstrap": the stdio adapter reads bootstrap's settings. */
public class StdioEndpointCallingBootstrap {

    public int port() {
        return ServerMain.port();
    }
}
