package dev.bulwark.ports.sessions;

import dev.bulwark.ports.security.Principal;

/**
 * A session transport that routes the session requests the core answers itself ({@link SessionRequests}) to the core
 * before its sessions see them: the core, handed such a transport to serve, gives it the entry point before it starts
 * serving. Thread-safe.
 */
public interface ServesSessionRequests {

    /**
     * From now on, hands the requests {@code requests} claims to it.
     *
     * @param requests the core's entry point
     * @param defaultCaller the caller of every request the transport names no caller for itself (the stdio
     *     operator), or {@code null} when the transport names each caller (HTTP)
     */
    void serveSessionRequestsWith(SessionRequests requests, Principal defaultCaller);
}
