package dev.bulwark.sample;

/** A public class with a Javadoc: not reported. */
public final class Documented {
}
