package dev.bulwark.spring;

/** How the starter serves the application's {@link dev.bulwark.core.Bulwark}: {@code bulwark.transport}. */
public enum Transport {
    /**
     * Streamable HTTP on Bulwark's own standalone port, through {@code BulwarkHttp}: the default of an application
     * without a web server.
     */
    HTTP,
    /**
     * Streamable HTTP on the application's own servlet web server, at {@code bulwark.http.path} on
     * {@code server.port}, behind the application's Spring Security filter chain, stateless unless
     * {@code bulwark.http.mode=stateful}: the default of a servlet web application.
     */
    WEB,
    /** One session on the process's stdin and stdout, through {@code BulwarkStdio}. */
    STDIO,
    /** Not served: the application calls the {@code Bulwark} bean itself. */
    NONE
}
