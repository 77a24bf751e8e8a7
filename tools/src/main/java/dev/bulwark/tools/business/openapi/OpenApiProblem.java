package dev.bulwark.tools.business.openapi;

import java.util.Objects;
import java.util.function.Function;

/**
 * One reason a service's OpenAPI tools cannot be served: the setting at fault, and why, in words that name the other
 * settings they mention as the reader wrote them (configuration keys, or builder arguments). Immutable.
 */
public final class OpenApiProblem {

    /** Why, given how to name a setting. */
    @FunctionalInterface
    public interface Reason {
        /** Why, naming each setting it mentions by {@code names}. */
        String naming(Function<OpenApiSetting, String> names);
    }

    private final String service;
    private final OpenApiSetting setting;
    private final Reason reason;

    private OpenApiProblem(String service, OpenApiSetting setting, Reason reason) {
        this.service = Objects.requireNonNull(service, "service");
        this.setting = Objects.requireNonNull(setting, "setting");
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** A problem whose reason names no other setting. */
    public static OpenApiProblem of(String service, OpenApiSetting setting, String reason) {
        Objects.requireNonNull(reason, "reason");
        return new OpenApiProblem(service, setting, names -> reason);
    }

    /** A problem whose reason names other settings, each by {@code names}. */
    public static OpenApiProblem of(String service, OpenApiSetting setting, Reason reason) {
        return new OpenApiProblem(service, setting, reason);
    }

    /** The service whose tools cannot be served. */
    public String service() {
        return service;
    }

    /** The setting at fault. */
    public OpenApiSetting setting() {
        return setting;
    }

    /** The key of the server's configuration at fault: {@code services.<service>.openapi-operations}. */
    public String configKey() {
        return setting.configKey(service);
    }

    /** Why, naming settings by their configuration keys. */
    public String configReason() {
        return reason.naming(named -> named.configKey(service));
    }

    /** Why, naming settings by the builder arguments that give them in code. */
    public String builderReason() {
        return reason.naming(OpenApiSetting::builderArgument);
    }

    /** The problem as a builder's user reads it: the service, the argument at fault, and why. */
    @Override
    public String toString() {
        return "OpenApiTools for service '" + service + "', " + setting.builderArgument() + ": " + builderReason();
    }
}
