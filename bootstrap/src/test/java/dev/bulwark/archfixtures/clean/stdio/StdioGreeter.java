package dev.bulwark.archfixtures.clean.stdio;

import dev.bulwark.archfixtures.clean.ports.Greeter;
import java.time.Duration;

/** Another adapter of the same port, independent of the first. */
public class StdioGreeter implements Greeter {

    @Override
    public String greet(String name, Duration timeout) {
        return "hi " + name;
    }
}
