package dev.bulwark.ports.outbound;

import dev.bulwark.ports.health.Criticality;
import dev.bulwark.ports.tasks.TaskSupport;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a registered service offers, as a tool may show it: never its URL or credential. Immutable.
 */
public record ServiceDescriptor(
        String name, // lower-case letters, digits and dashes, starting with a letter
        String description, // what the service does, for a model choosing one
        Criticality criticality,
        Set<HttpMethod> methods,
        String readScope, // for a reading method (HttpMethod.isReading())
        String writeScope, // for any other method
        Duration longestCall, // every attempt to its timeout, with the waits between them
        String credentialHeader, // the header of the service's credential: never taken from a caller
        // whether a caller may send it a request of its own making (the api_request tools: any path under its base
        // URL, any method it allows), rather than only the operations its OpenAPI tools serve
        boolean apiRequests,
        Optional<String> apiRequestScope, // the scope such a request needs beside the read or write scope, if any
        TaskSupport apiRequestTasks, // whether such a request may, must or may not run as a task
        // the security schemes of its OpenAPI document it holds a credential for; empty when it sends its one
        // credential, if any, with every request
        Set<String> securitySchemes) {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,62}");

    public ServiceDescriptor {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "a service name is 1-63 lower-case letters, digits and dashes," + " starting with a letter");
        }
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(criticality, "criticality");
        methods = Set.copyOf(EnumSet.copyOf(Objects.requireNonNull(methods, "methods")));
        Objects.requireNonNull(readScope, "readScope");
        Objects.requireNonNull(writeScope, "writeScope");
        Objects.requireNonNull(longestCall, "longestCall");
        Objects.requireNonNull(credentialHeader, "credentialHeader");
        Objects.requireNonNull(apiRequestScope, "apiRequestScope");
        Objects.requireNonNull(apiRequestTasks, "apiRequestTasks");
        securitySchemes = Set.copyOf(Objects.requireNonNull(securitySchemes, "securitySchemes"));
    }

    /** A service that sends its one credential, if any, with every request. */
    public ServiceDescriptor(
            String name,
            String description,
            Criticality criticality,
            Set<HttpMethod> methods,
            String readScope,
            String writeScope,
            Duration longestCall,
            String credentialHeader,
            boolean apiRequests,
            Optional<String> apiRequestScope) {
        this(
                name,
                description,
                criticality,
                methods,
                readScope,
                writeScope,
                longestCall,
                credentialHeader,
                apiRequests,
                apiRequestScope,
                TaskSupport.OPTIONAL,
                Set.of());
    }

    /**
     * A service that any caller with its read or write scope may send a request of its own making, as a task too
     * when the tool takes tasks.
     */
    public ServiceDescriptor(
            String name,
            String description,
            Criticality criticality,
            Set<HttpMethod> methods,
            String readScope,
            String writeScope,
            Duration longestCall,
            String credentialHeader) {
        this(
                name,
                description,
                criticality,
                methods,
                readScope,
                writeScope,
                longestCall,
                credentialHeader,
                true,
                Optional.empty());
    }

    /** Whether {@code name} is a valid service name. */
    public static boolean isValidName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** The scope a caller needs to call this service with {@code method}. */
    public String scopeFor(HttpMethod method) {
        return method.isReading() ? readScope : writeScope;
    }

    /**
     * The scopes a caller needs to send the service a request of its own making with {@code method}; empty when no
     * scope lets one ({@link #apiRequests()} is false).
     */
    public Set<String> apiRequestScopesFor(HttpMethod method) {
        if (!apiRequests) {
            return Set.of();
        }
        return apiRequestScope.map(scope -> Set.of(scopeFor(method), scope)).orElse(Set.of(scopeFor(method)));
    }

    /** Whether the service may be called with {@code method}. */
    public boolean allows(HttpMethod method) {
        return methods.contains(method);
    }
}
