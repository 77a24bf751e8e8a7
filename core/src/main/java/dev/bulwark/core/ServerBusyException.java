package dev.bulwark.core;

/** Too many calls are running (server-wide or for this tool); the caller should retry shortly. */
public final class ServerBusyException extends BulwarkException {

    private static final long serialVersionUID = 1L;

    private final int limit;

    public ServerBusyException(String tool, String scope, int limit) {
        super("Server busy: " + scope + " limit of " + limit + " concurrent calls reached for tool '" + tool
                + "'. Retry shortly.");
        this.limit = limit;
    }

    public int limit() {
        return limit;
    }

    @Override
    public String errorType() {
        return "busy";
    }
}
