package dev.bulwark.core;

/**
 * A tool, resource or prompt produced a result over {@code limits.max-result-size}; the caller is told its size and
 * the limit.
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
        this(what, bytes, limit, false);
    }

    /**
     * @param what what produced the result, for example {@code tool 'search'} or {@code resource 'docs://a'}
     * @param bytes the result's size as JSON
     * @param limit the largest result the server sends
     * @param mayHaveChanged whether what produced it may have changed something before its result was dropped (a
     *     tool that is not read-only ran to the end): the caller is told so, since only the result is lost, not
     *     the change, and calling again would make it twice
     */
    public ResultTooLargeException(String what, long bytes, long limit, boolean mayHaveChanged) {
        super("The result of " + what + " is " + bytes + " bytes, over the server's limit of " + limit
                + " bytes (limits.max-result-size), so it was not sent. "
                + (mayHaveChanged
                        ? "The call itself ran to the end and may have made its change: check before calling again,"
                                + " and ask for less next time."
                        : "Ask for less, for example a narrower query or a smaller page."));
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
