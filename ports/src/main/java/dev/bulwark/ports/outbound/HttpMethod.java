package dev.bulwark.ports.outbound;

/**
 * The HTTP methods a registered service may allow, and which are reading or idempotent.
 */
public enum HttpMethod {
    GET(true, true),
    HEAD(true, true),
    OPTIONS(true, true),
    POST(false, false),
    PUT(false, true),
    PATCH(false, false),
    DELETE(false, true);

    private final boolean reading;
    private final boolean idempotent;

    HttpMethod(boolean reading, boolean idempotent) {
        this.reading = reading;
        this.idempotent = idempotent;
    }

    /** Whether the method only reads (GET, HEAD, OPTIONS): it needs a service's read scope, the others its write scope. */
    public boolean isReading() {
        return reading;
    }

    /** Whether sending the request twice has the effect of sending it once (the reading methods, PUT, DELETE). */
    public boolean isIdempotent() {
        return idempotent;
    }
}
