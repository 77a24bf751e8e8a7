package dev.bulwark.tools.business.services;

import java.util.List;

/**
 * One registered service as {@code list_services} shows it. Immutable.
 *
 * @param name the service's name
 * @param description what it does
 * @param status {@code up}, {@code degraded} or {@code down}, as its last health check found it
 * @param reason why it is not up, when known; null otherwise
 * @param criticality {@code required} or {@code optional}
 * @param methods the methods it allows
 * @param readScope the scope its reading methods need
 * @param writeScope the scope its other methods need
 * @param callerMethods the methods the caller may use on it with {@code api_request}: allowed, and in the caller's
 *     scopes; none for a service that takes no request of a caller's making
 */
public record ServiceSummary(
        String name,
        String description,
        String status,
        String reason,
        String criticality,
        List<String> methods,
        String readScope,
        String writeScope,
        List<String> callerMethods) {

    public ServiceSummary {
        methods = List.copyOf(methods);
        callerMethods = List.copyOf(callerMethods);
    }
}
