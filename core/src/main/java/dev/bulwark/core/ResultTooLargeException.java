package dev.bulwark.core;

/**
 * A tool, resource or prompt produced a result larger than the server sends ({@code limits.max-result-size}). The
 * result is dropped, not cached, and the caller is told its size and the limit, so that it can ask for less (a
 * narrower query, a smaller page). Clients refuse messages past their own limit (the MCP Java SDK's at 16 MiB, after
 * which its session stops reading), so sending it would break the session rather than answer the call.
 */
public final class ResultTooLargeException extends BulwarkException {

    private static final long serialVersionUID = 1L;

    private final long bytes;
    private final long limit;

    /**
     * @param what what produced the result, for example {@code tool 'search'} or {@code resource 'docs://a'}
     * @param bytes the result's size as JSON
     * @param limit the largest result the server sends
     */
    public ResultTooLargeException(String what, long bytes, long limit) {
        super("The result of " + what + " is " + bytes + " bytes, over the server's limit of " + limit
                + " bytes (limits.max-result-size), so it was not sent. Ask for less, for example a narrower query"
                + " or a smaller page.");
        this.bytes = bytes;
        this.limit = limit;
    }

    /** The result's size as JSON, in bytes. */
    public long bytes() {
        return bytes;
    }

    /** The largest result the server sends, in bytes. */
    public long limit() {
        return limit;
    }

    @Override
    public String errorType() {
        return "result_too_large";
    }
}
