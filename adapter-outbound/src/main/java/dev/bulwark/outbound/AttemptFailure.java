package dev.bulwark.outbound;

import dev.bulwark.ports.outbound.ServiceFailure;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ProtocolException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attempt's failure, of a kind the retry policy and the breaker judge it by.
 */
final class AttemptFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(RegisteredService.class);
    final transient ServiceFailure failure;
    final boolean mayHaveReachedService;

    /** A failure after the connection was open, or whose moment is not known: the request may have arrived. */
    AttemptFailure(ServiceFailure failure, String message) {
        this(failure, true, message);
    }

    AttemptFailure(ServiceFailure failure, boolean mayHaveReachedService, String message) {
        super(message, null, false, false);
        this.failure = failure;
        this.mayHaveReachedService = mayHaveReachedService;
    }

    /** Whether it may pass soon (a timeout, a connection failure, an answer that is not HTTP): retried, and counted. */
    boolean isTransient() {
        return failure == ServiceFailure.TIMEOUT
                || failure == ServiceFailure.UNREACHABLE
                || failure == ServiceFailure.PROTOCOL_ERROR;
    }

    /**
     * What the failure of one exchange with {@code service} was, from the exception the HTTP client gave: a body over
     * {@code maxResponseBytes}, a connection not opened or an answer not come within {@code timeout}, an answer that
     * is not HTTP, a connection refused or broken.
     */
    static AttemptFailure of(Throwable cause, String service, Duration timeout, long maxResponseBytes) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof CappedBody.TooLarge) {
                return new AttemptFailure(
                        ServiceFailure.RESPONSE_TOO_LARGE,
                        "answered with a body larger than " + maxResponseBytes + " bytes");
            }
            if (t instanceof HttpConnectTimeoutException) {
                return new AttemptFailure(
                        ServiceFailure.TIMEOUT, false, "no connection within " + timeout.toMillis() + " ms");
            }
            if (t instanceof HttpTimeoutException) {
                return new AttemptFailure(ServiceFailure.TIMEOUT, "no answer within " + timeout.toMillis() + " ms");
            }
            if (t instanceof ProtocolException) {
                return new AttemptFailure(ServiceFailure.PROTOCOL_ERROR, "answered with something that is not HTTP");
            }
        }
        if (cause instanceof ConnectException) {
            return new AttemptFailure(ServiceFailure.UNREACHABLE, false, "connection refused or not possible");
        }
        if (cause instanceof IOException) {
            return new AttemptFailure(
                    ServiceFailure.UNREACHABLE,
                    "connection failed or was closed (" + cause.getClass().getSimpleName() + ")");
        }
        LOG.warn("Request to service {} failed unexpectedly", service, cause);
        return new AttemptFailure(ServiceFailure.UNREACHABLE, "failed unexpectedly");
    }
}
