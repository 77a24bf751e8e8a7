package dev.bulwark.archfixtures.portleak.ports;

import org.slf4j.Logger;

/** Breaks "ports depend only on the JDK": a library type in a port's signature. */
public interface LoggingPort {

    Logger logger();
}
