package dev.bulwark.tools.business.services;

import dev.bulwark.core.ToolException;
import java.util.Objects;

/**
 * A call to a registered service failed or was refused, in words a model can act on.
 */
public final class ServiceCallFailedException extends ToolException {

    private static final long serialVersionUID = 1L;

    private final String errorType;

    public ServiceCallFailedException(String errorType, String clientMessage) {
        super(clientMessage);
        this.errorType = Objects.requireNonNull(errorType, "errorType");
    }

    public ServiceCallFailedException(String errorType, String clientMessage, Throwable cause) {
        super(clientMessage, cause);
        this.errorType = Objects.requireNonNull(errorType, "errorType");
    }

    @Override
    public String errorType() {
        return errorType;
    }
}
