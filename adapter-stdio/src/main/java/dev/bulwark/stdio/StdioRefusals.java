package dev.bulwark.stdio;

/** The code and messages of the answers the stdio transport gives itself, in the server's place. Constants only. */
final class StdioRefusals {

    /** JSON-RPC implementation-defined server error: the server cannot take the request now. */
    static final int SERVER_UNAVAILABLE = -32000;

    /** The reason given to the client when a request is cancelled because the client cancelled its call. */
    static final String CALL_CANCELLED = "The call it was sent for was cancelled";

    /** The error message of a request answered at once because too many requests wait their turn. */
    static final String BUSY = "Service unavailable: the server is busy with too many requests; retry later."
            + " The request was not run";

    /**
     * The error message of a request answered at once because the requests held take their share of the heap.
     */
    static final String BUSY_WITH_LARGE_REQUESTS = "Service unavailable: the server is busy with other large requests;"
            + " retry later. The request was not run";

    /** The error message of a request answered at once because the session is ending. */
    static final String SHUTTING_DOWN = "Service unavailable: the server is shutting down; the request was not run";

    private StdioRefusals() {
    }
}
