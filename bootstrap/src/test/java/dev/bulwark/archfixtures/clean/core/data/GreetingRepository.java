package dev.bulwark.archfixtures.clean.core.data;

import dev.bulwark.archfixtures.clean.core.config.GreetingSettings;
import dev.bulwark.archfixtures.clean.core.error.GreetingFailedException;
import dev.bulwark.archfixtures.clean.ports.Greeter;
import java.time.Duration;

/** Data layer: reaches the outside world through a port, uses the shared kernel. */
public class GreetingRepository {

    private final Greeter greeter;
    private final GreetingSettings settings;

    public GreetingRepository(Greeter greeter, GreetingSettings settings) {
        this.greeter = greeter;
        this.settings = settings;
    }

    public String greeting(String name) {
        if (name.isEmpty()) {
            throw new GreetingFailedException("no name");
        }
        return settings.salutation() + greeter.greet(name, Duration.ofSeconds(1));
    }
}
