package dev.bulwark.archfixtures.clean.bootstrap;

import dagger.Module;
import dagger.Provides;
import dev.bulwark.archfixtures.clean.core.business.GreetingService;
import dev.bulwark.archfixtures.clean.core.config.GreetingSettings;
import dev.bulwark.archfixtures.clean.core.data.GreetingRepository;
import dev.bulwark.archfixtures.clean.core.presentation.GreetingTool;
import dev.bulwark.archfixtures.clean.ports.Greeter;
import dev.bulwark.archfixtures.clean.redis.RedisGreeter;

/** Bootstrap: knows Dagger and wires everything. */
@Module
public abstract class GreetingModule {

    private GreetingModule() {
    }

    @Provides
    static Greeter greeter() {
        return new RedisGreeter();
    }

    @Provides
    static GreetingTool tool(Greeter greeter) {
        return new GreetingTool(new GreetingService(new GreetingRepository(greeter, new GreetingSettings("> "))));
    }
}
