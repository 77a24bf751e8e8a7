package dev.bulwark.archfixtures.clean.redis;

import dev.bulwark.archfixtures.clean.ports.Greeter;
import java.time.Duration;

/** An adapter: implements a port, knows nothing else of Bulwark. */
public class RedisGreeter implements Greeter {

    @Override
    public String greet(String name, Duration timeout) {
        return "hello " + name;
    }
}
