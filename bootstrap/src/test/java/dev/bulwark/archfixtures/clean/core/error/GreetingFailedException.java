package dev.bulwark.archfixtures.clean.core.error;

/** Shared kernel: used by every layer, depends on none. */
public class GreetingFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public GreetingFailedException(String message) {
        super(message);
    }
}
