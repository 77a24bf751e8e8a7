package dev.bulwark.spring;

/** How the starter serves the application's {@link dev.bulwark.core.Bulwark}: {@code bulwark.transport}. */
public enum Transport {
    /** Streamable HTTP on Bulwark's own port, through {@code BulwarkHttp}: the default. */
    HTTP,
    /** One session on the process's stdin and stdout, through {@code BulwarkStdio}. */
    STDIO,
    /** Not served: the application calls the {@code Bulwark} bean itself. */
    NONE
}
