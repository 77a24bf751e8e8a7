package dev.bulwark.archfixtures.injection.bootstrap;

import dagger.Module;

/** Obeys "only bootstrap knows Dagger": bootstrap is where the Dagger modules live. */
@Module
public abstract class ServerModule {

    private ServerModule() {
    }
}
