package dev.bulwark.archfixtures.clean.core;

import dev.bulwark.archfixtures.clean.core.business.GreetingService;
import dev.bulwark.archfixtures.clean.core.config.GreetingSettings;
import dev.bulwark.archfixtures.clean.core.data.GreetingRepository;
import dev.bulwark.archfixtures.clean.core.presentation.GreetingTool;
import dev.bulwark.archfixtures.clean.ports.Greeter;

/** The core's entry point (a library front door): may wire every layer. */
public final class GreetingKit {

    private GreetingKit() {
    }

    public static GreetingTool tool(Greeter greeter, GreetingSettings settings) {
        return new GreetingTool(new GreetingService(new GreetingRepository(greeter, settings)));
    }
}
