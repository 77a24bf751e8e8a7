package dev.bulwark.archfixtures.layers.core.business;

import dev.bulwark.archfixtures.layers.core.Kit;

/** Breaks the core layers: a layer calls back into the core's entry point. */
public class ServiceCallingTheEntryPoint {

    public String work() {
        return "work " + Kit.version();
    }
}
