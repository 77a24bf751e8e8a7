package dev.bulwark.core.internal.presentation.era2026;

import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.internal.presentation.tasks.TaskRequestMetrics;

/** A task request refused for a reason its client can act on, with the message it is answered with. */
final class TaskRefusal extends BulwarkException {

    private static final long serialVersionUID = 1L;

    private final String errorType;

    /** @param errorType one of {@link TaskRequestMetrics}'s labels */
    TaskRefusal(String errorType, String clientMessage) {
        super(clientMessage);
        this.errorType = errorType;
    }

    /** Params that do not fit, or a task the caller has not: answered {@code -32602}. */
    static TaskRefusal invalid(String clientMessage) {
        return new TaskRefusal(TaskRequestMetrics.INVALID, clientMessage);
    }

    @Override
    public String errorType() {
        return errorType;
    }
}
