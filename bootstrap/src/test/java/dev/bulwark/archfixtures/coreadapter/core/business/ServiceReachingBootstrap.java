package dev.bulwark.archfixtures.coreadapter.core.business;

import dev.bulwark.archfixtures.coreadapter.bootstrap.ServerWiring;

/** Breaks "core reaches no bootstrap": the business layer asks the wiring about its environment. */
public class ServiceReachingBootstrap {

    public String environment() {
        return ServerWiring.environment();
    }
}
