package dev.bulwark.archfixtures.clean.ports;

import java.time.Duration;

/** A port: JDK types only. */
public interface Greeter {

    String greet(String name, Duration timeout);
}
