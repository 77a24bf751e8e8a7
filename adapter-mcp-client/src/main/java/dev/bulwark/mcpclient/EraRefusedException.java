package dev.bulwark.mcpclient;

/**
 * An upstream does not speak the protocol era its {@code era} setting names, so it is not connected; the message
 * says so and names no host or secret.
 */
final class EraRefusedException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    EraRefusedException(String message) {
        super(message);
    }
}
