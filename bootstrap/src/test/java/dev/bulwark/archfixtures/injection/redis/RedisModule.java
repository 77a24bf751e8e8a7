package dev.bulwark.archfixtures.injection.redis;

import dagger.Module;

/** Breaks "only bootstrap knows Dagger": an adapter declares its own Dagger module. */
@Module
public abstract class RedisModule {

    private RedisModule() {
    }
}
