package dev.bulwark.ports.era2026;

import dev.bulwark.ports.security.Principal;

/**
 * A transport that serves requests of the 2026 era beside its own: the core, handed such a transport to serve, gives
 * it the era's entry point before it starts serving, so one call wires both eras. Thread-safe.
 */
public interface ServesEra2026 {

    /**
     * From now on, hands the requests {@code requests} claims to it.
     *
     * @param requests the core's entry point
     * @param defaultCaller the caller of every request the transport names no caller for itself (the stdio
     *     operator), or {@code null} when the transport names each caller (HTTP)
     */
    void serveEra2026With(Era2026Requests requests, Principal defaultCaller);
}
