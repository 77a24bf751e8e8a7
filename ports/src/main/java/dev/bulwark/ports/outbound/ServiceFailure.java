package dev.bulwark.ports.outbound;

/** Why a call to a registered service did not produce a response. */
public enum ServiceFailure {
    /** No service of that name is registered. */
    NOT_REGISTERED,
    /** The service does not allow the method. */
    METHOD_NOT_ALLOWED,
    /** The path would leave the service's base URL, or is not a valid relative path. */
    PATH_REFUSED,
    /** Every concurrency permit of the service is in use: refused at once, not queued. */
    BUSY,
    /**
     * A request header is one the client never takes from a caller: {@code Host}, {@code Authorization},
     * {@code Proxy-Authorization}, {@code Cookie}, the service's credential header, or one the client sets itself.
     */
    HEADER_REFUSED,
    /**
     * The service's circuit breaker is open after failures in a row: refused at once, without a request. A call whose
     * own attempt opened the breaker is not retried, and ends as that attempt did, since its request was sent.
     */
    CIRCUIT_OPEN,
    /** The service did not answer within its timeout, on every attempt. */
    TIMEOUT,
    /** The service could not be reached, or dropped the connection, on every attempt. */
    UNREACHABLE,
    /** The service answered with something that is not HTTP. */
    PROTOCOL_ERROR,
    /** The service's response body was larger than the cap; it was not read. */
    RESPONSE_TOO_LARGE,
    /** The service redirected elsewhere than under its own base URL, or redirected too often. */
    REDIRECT_REFUSED,
    /**
     * The credential a request carries could not be had: the service holds none for a security scheme it names, or
     * an OAuth 2.0 token could not be fetched. Nothing was sent to the service.
     */
    CREDENTIAL_UNAVAILABLE,
    /** The call was interrupted (its deadline passed) before it finished. */
    CANCELLED
}
