package dev.bulwark.tools.business.services;

/**
 * One request of a batch, as it ended: a result, or an error with its type and a message for the caller. Immutable.
 *
 * @param index the request's place in the batch, from 0
 * @param result what the service answered; null when the request failed
 * @param errorType the failure's type ({@code permission_denied}, {@code service_unavailable}, {@code timeout}, ...);
 *     null on success
 * @param error the failure, in words a model can act on; null on success
 */
public record BatchEntry(int index, ApiResult result, String errorType, String error) {

    public boolean ok() {
        return result != null;
    }
}
