package dev.bulwark.core.internal.presentation.era2026;

/**
 * A 2026-era request whose input round cannot be continued: its request state was tampered with, has expired, or
 * belongs to another request or caller. Answered as JSON-RPC {@code -32602} with this exception's message, which
 * names the problem and quotes nothing the client sent.
 */
final class InvalidInputRoundException extends RuntimeException {

    public InvalidInputRoundException(String message) {
        super(message);
    }
}
