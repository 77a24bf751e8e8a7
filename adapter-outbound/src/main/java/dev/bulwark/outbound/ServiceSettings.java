package dev.bulwark.outbound;

import dev.bulwark.config.ConfigProblem;
import dev.bulwark.config.ConfigProblemException;
import dev.bulwark.config.ToolName;
import dev.bulwark.ports.health.Criticality;
import dev.bulwark.ports.outbound.CredentialUse;
import dev.bulwark.ports.outbound.HttpMethod;
import dev.bulwark.ports.outbound.ServiceDescriptor;
import dev.bulwark.ports.tasks.TaskSupport;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One registered service as its configuration describes it, checked by {@link #builder(String)}; each field is a row
 * of the services table in docs/configuration.md. Immutable.
 */
public record ServiceSettings(
        String name,
        URI baseUrl, // its path ends with "/", so that a relative path resolves under it
        String description,
        String healthPath,
        Duration timeout,
        Criticality criticality,
        Set<HttpMethod> methods,
        int retries,
        Duration retryDelay,
        Duration retryMaxDelay,
        boolean retryAllMethods,
        int maxConcurrent,
        int breakerFailureThreshold,
        Duration breakerOpenDuration,
        String credentialHeader,
        Optional<String> credential, // never printed
        String readScope,
        String writeScope,
        String openapi, // a path under the base URL, or "file:" and a local file; empty for none
        List<String> openapiOperations,
        Map<String, String> openapiScopes,
        long openapiMaxSize,
        Duration openapiParseTimeout,
        boolean apiRequest,
        Optional<String> apiRequestScope, // empty unless the service has an OpenAPI document and apiRequest is true
        TaskSupport taskSupport,
        Map<String, TaskSupport> openapiTaskSupport,
        Map<String, String> openapiToolNames,
        // by scheme name; with any, an OpenAPI operation sends what its security requirement names, other requests
        // (health checks, the document's fetch, api_request) the one credential
        Map<String, SchemeCredentials> security) {

    /** How a cookie name is written: an RFC 6265 token. */
    private static final Pattern COOKIE_NAME = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]+");

    public static final String DEFAULT_HEALTH_PATH = "health";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    public static final Criticality DEFAULT_CRITICALITY = Criticality.OPTIONAL;
    public static final Set<HttpMethod> DEFAULT_METHODS = Set.of(HttpMethod.GET, HttpMethod.HEAD);
    public static final int DEFAULT_RETRIES = 2;
    public static final Duration DEFAULT_RETRY_DELAY = Duration.ofMillis(200);
    public static final Duration DEFAULT_RETRY_MAX_DELAY = Duration.ofSeconds(2);
    public static final int DEFAULT_MAX_CONCURRENT = 16;
    public static final int DEFAULT_BREAKER_FAILURE_THRESHOLD = 5;
    public static final Duration DEFAULT_BREAKER_OPEN_DURATION = Duration.ofSeconds(30);
    public static final String DEFAULT_CREDENTIAL_HEADER = "Authorization";
    public static final long DEFAULT_OPENAPI_MAX_SIZE = 1024 * 1024;

    /** The default {@code openapi-parse-timeout}. */
    public static final Duration DEFAULT_OPENAPI_PARSE_TIMEOUT = Duration.ofSeconds(10);
    /** The largest OpenAPI document a service may configure. */
    public static final long MAX_OPENAPI_MAX_SIZE = 64L * 1024 * 1024;
    /** How an {@code openapi} value names a local file. */
    public static final String FILE_PREFIX = "file:";
    /** The most attempts after the first a service may configure. */
    public static final int MAX_RETRIES = 10;

    /** An {@code openapi-operations} entry that chooses by method and path, such as {@code GET /pets/*}. */
    private static final Pattern METHOD_AND_PATH = Pattern.compile("[A-Za-z]+\\s+/\\S*");

    /** The longest tool name a service's operation may be given: many MCP clients cut a name at 64 characters. */
    public static final int MAX_TOOL_NAME = 64;

    private static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]+");
    private static final Set<String> FORBIDDEN_HEADERS = Set.of(
            "host",
            "content-length",
            "content-type",
            "connection",
            "transfer-encoding",
            "upgrade",
            "expect",
            "te",
            "cookie",
            "accept",
            "accept-encoding",
            "user-agent",
            "proxy-authorization");

    public ServiceSettings {
        Objects.requireNonNull(name, "name");
        if (!ServiceDescriptor.isValidName(name)) {
            throw new IllegalArgumentException("services: a service name is 1-63 lower-case letters, digits and"
                    + " dashes, starting with a letter");
        }
        Objects.requireNonNull(baseUrl, key(name, "base-url"));
        // every problem is gathered, so that the first does not hide the others; a check that needs a valid base URL
        // is skipped without one
        List<ConfigProblem> problems = new ArrayList<>();
        boolean validBaseUrl = true;
        try {
            baseUrl = ServicePaths.checkBaseUrl(baseUrl.toString());
        } catch (IllegalArgumentException e) {
            problems.add(ConfigProblem.of(key(name, "base-url"), String.valueOf(e.getMessage())));
            validBaseUrl = false;
        }
        Objects.requireNonNull(description, key(name, "description"));
        Objects.requireNonNull(healthPath, key(name, "health-path"));
        if (validBaseUrl) {
            try {
                ServicePaths.resolve(baseUrl, healthPath, Map.of());
            } catch (IllegalArgumentException e) {
                problems.add(ConfigProblem.of(key(name, "health-path"), "is refused: " + e.getMessage()));
            }
        }
        requirePositive(timeout, key(name, "timeout"), problems);
        Objects.requireNonNull(criticality, key(name, "criticality"));
        methods = Set.copyOf(Objects.requireNonNull(methods, key(name, "methods")));
        if (methods.isEmpty()) {
            problems.add(ConfigProblem.of(key(name, "methods"), "must name at least one method"));
        }
        if (retries < 0 || retries > MAX_RETRIES) {
            problems.add(ConfigProblem.of(key(name, "retries"), "must be 0-" + MAX_RETRIES + ", was " + retries));
        }
        requirePositive(retryDelay, key(name, "retry-delay"), problems);
        requirePositive(retryMaxDelay, key(name, "retry-max-delay"), problems);
        if (!retryDelay.isNegative() && !retryDelay.isZero() && retryMaxDelay.compareTo(retryDelay) <= 0) {
            problems.add(ConfigProblem.of(
                    key(name, "retry-max-delay"),
                    "(" + retryMaxDelay.toMillis() + " ms) must be longer than " + key(name, "retry-delay") + " ("
                            + retryDelay.toMillis() + " ms)"));
        }
        if (maxConcurrent < 1) {
            problems.add(ConfigProblem.of(key(name, "max-concurrent"), "must be at least 1, was " + maxConcurrent));
        }
        if (breakerFailureThreshold < 1) {
            problems.add(ConfigProblem.of(
                    key(name, "breaker-failure-threshold"), "must be at least 1, was " + breakerFailureThreshold));
        }
        requirePositive(breakerOpenDuration, key(name, "breaker-open-duration"), problems);
        Objects.requireNonNull(credentialHeader, key(name, "credential-header"));
        if (!HEADER_NAME.matcher(credentialHeader).matches()
                || FORBIDDEN_HEADERS.contains(credentialHeader.toLowerCase(Locale.ROOT))) {
            problems.add(ConfigProblem.of(
                    key(name, "credential-header"),
                    "must be a header name other than Host, Cookie, Proxy-Authorization (never sent to a service)"
                            + " and the headers the client sets itself"));
        }
        Objects.requireNonNull(credential, key(name, "credential"));
        // Printable ASCII only: the HTTP client refuses any other character in a header value with a message that
        // quotes the value, and that message would reach the logs on every call and health check. Never quote it.
        if (credential
                .filter(value -> value.isBlank() || value.chars().anyMatch(c -> c < 0x20 || c > 0x7e))
                .isPresent()) {
            problems.add(ConfigProblem.of(
                    key(name, "credential"),
                    "must be printable ASCII and not blank:"
                            + " no control characters, and none beyond ASCII (a pasted typographic dash or quote)"));
        }
        requireScope(readScope, key(name, "read-scope"), problems);
        requireScope(writeScope, key(name, "write-scope"), problems);
        Objects.requireNonNull(openapi, key(name, "openapi"));
        openapi = openapi.strip();
        openapiOperations = List.copyOf(Objects.requireNonNull(openapiOperations, key(name, "openapi-operations")));
        openapiScopes = Map.copyOf(Objects.requireNonNull(openapiScopes, key(name, "openapi-scopes")));
        if (openapi.startsWith(FILE_PREFIX)) {
            if (openapi.substring(FILE_PREFIX.length()).isBlank()) {
                problems.add(ConfigProblem.of(key(name, "openapi"), "names no file after file:"));
            }
        } else if (!openapi.isEmpty() && validBaseUrl) {
            try {
                ServicePaths.resolve(baseUrl, openapi, Map.of());
            } catch (IllegalArgumentException e) {
                problems.add(ConfigProblem.of(
                        key(name, "openapi"),
                        "is refused: " + e.getMessage()
                                + "; give a path under the base URL, or file: and a local file"));
            }
        }
        if (!openapi.isEmpty() && openapiOperations.isEmpty()) {
            problems.add(ConfigProblem.of(
                    key(name, "openapi-operations"),
                    "must list the operations to"
                            + " serve (operationIds, tag:<tag>, 'GET /pets/*' patterns, or * for all); none is served until"
                            + " listed"));
        }
        List<String> notById = openapiOperations.stream()
                .map(String::strip)
                .filter(entry -> entry.equals("*")
                        || entry.startsWith("tag:")
                        || METHOD_AND_PATH.matcher(entry).matches())
                .toList();
        if (!openapi.isEmpty() && !openapi.startsWith(FILE_PREFIX) && !notById.isEmpty()) {
            problems.add(ConfigProblem.of(
                    key(name, "openapi-operations"),
                    "may list only operationIds with a"
                            + " document under the base URL, since its tools are fixed at start, when the document may not be"
                            + " readable; the entries "
                            + String.join(
                                    ", ",
                                    notById.stream()
                                            .map(entry -> "'" + entry + "'")
                                            .toList())
                            + " choose by tag, pattern or *: list those operations by operationId, or give openapi as"
                            + " file: and a local copy of the document"));
        }
        if (openapi.isEmpty() && (!openapiOperations.isEmpty() || !openapiScopes.isEmpty())) {
            problems.add(ConfigProblem.of(
                    key(name, "openapi"),
                    "is required with openapi-operations and"
                            + " openapi-scopes: name the service's OpenAPI document"));
        }
        Objects.requireNonNull(taskSupport, key(name, "task-support"));
        openapiTaskSupport = Map.copyOf(Objects.requireNonNull(openapiTaskSupport, key(name, "openapi-task-support")));
        if (openapi.isEmpty() && !openapiTaskSupport.isEmpty()) {
            problems.add(ConfigProblem.of(
                    key(name, "openapi"),
                    "is required with openapi-task-support: name the service's OpenAPI document, or set task-support"
                            + " for the whole service"));
        }
        openapiScopes.values().forEach(scope -> requireScope(scope, key(name, "openapi-scopes"), problems));
        openapiToolNames = Map.copyOf(Objects.requireNonNull(openapiToolNames, key(name, "openapi-tool-names")));
        if (openapi.isEmpty() && !openapiToolNames.isEmpty()) {
            problems.add(ConfigProblem.of(
                    key(name, "openapi"), "is required with openapi-tool-names: name the service's OpenAPI document"));
        }
        openapiToolNames.forEach((operation, tool) -> {
            if (!ToolName.isValid(tool, MAX_TOOL_NAME)) {
                problems.add(ConfigProblem.of(
                        key(name, "openapi-tool-names"),
                        "names operation " + operation + "'s tool '" + tool + "', which is not "
                                + ToolName.rule(MAX_TOOL_NAME)));
            }
        });
        security = Map.copyOf(Objects.requireNonNull(security, key(name, "security")));
        checkSecurity(name, security, problems);
        if (openapi.isEmpty() && !security.isEmpty()) {
            problems.add(ConfigProblem.of(
                    key(name, "security"),
                    "holds the credentials of the security schemes of an OpenAPI document: name the service's"
                            + " document (openapi), or give its one credential in credential"));
        }
        if (openapiMaxSize < 1 || openapiMaxSize > MAX_OPENAPI_MAX_SIZE) {
            problems.add(
                    ConfigProblem.of(key(name, "openapi-max-size"), "must be 1 byte to 64MiB, was " + openapiMaxSize));
        }
        requirePositive(openapiParseTimeout, key(name, "openapi-parse-timeout"), problems);
        Objects.requireNonNull(apiRequestScope, key(name, "api-request-scope"));
        apiRequestScope.ifPresent(scope -> requireScope(scope, key(name, "api-request-scope"), problems));
        if (apiRequestScope.isPresent() && (openapi.isEmpty() || !apiRequest)) {
            problems.add(
                    ConfigProblem.of(
                            key(name, "api-request-scope"),
                            "applies only to a service with an"
                                    + " OpenAPI document (openapi) and api-request: true; without a document api_request needs the"
                                    + " read or write scope only, and with api-request false it does not call the service at all"));
        }
        if (!openapi.isEmpty() && apiRequest && apiRequestScope.isEmpty()) {
            problems.add(ConfigProblem.of(
                    key(name, "api-request-scope"),
                    "is required when a service with an"
                            + " OpenAPI document takes api_request (api-request: true): the scope that grants requests beyond"
                            + " its listed operations"));
        }
        if (!problems.isEmpty()) {
            throw new ConfigProblemException(problems);
        }
    }

    /** The OpenAPI document's path under the base URL, when the service has one there. */
    public Optional<String> openapiPath() {
        return openapi.isEmpty() || openapi.startsWith(FILE_PREFIX) ? Optional.empty() : Optional.of(openapi);
    }

    /** The OpenAPI document's local file, when the service has one. */
    public Optional<java.nio.file.Path> openapiFile() {
        return openapi.startsWith(FILE_PREFIX)
                ? Optional.of(java.nio.file.Path.of(
                        openapi.substring(FILE_PREFIX.length()).strip()))
                : Optional.empty();
    }

    /** The task support of the operation {@code operationId}: its own entry, else the service's. */
    public TaskSupport taskSupportOf(String operationId) {
        return openapiTaskSupport.getOrDefault(operationId, taskSupport);
    }

    /** A builder for the service {@code name}, every other field at its default; the base URL must be set. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** The default read scope of a service: {@code services:<name>:read}. */
    public static String defaultReadScope(String name) {
        return "services:" + name + ":read";
    }

    /**
     * The default scope {@code api_request} needs, beside the read or write scope, on a service with an OpenAPI
     * document that takes it: {@code services:<name>:api-request}.
     */
    public static String defaultApiRequestScope(String name) {
        return "services:" + name + ":api-request";
    }

    /** The default write scope of a service: {@code services:<name>:write}. */
    public static String defaultWriteScope(String name) {
        return "services:" + name + ":write";
    }

    /** The environment variable that gives the credential of the service {@code name}: {@code API_KEY_<NAME>}. */
    public static String credentialVariable(String name) {
        return "API_KEY_" + name.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /**
     * The environment variable that gives the credential of the security scheme {@code scheme} of the service
     * {@code name}: {@code API_KEY_<NAME>_<SCHEME>}, both upper-case, with {@code -} and {@code .} as {@code _}.
     */
    public static String credentialVariable(String name, String scheme) {
        return credentialVariable(name) + "_"
                + scheme.toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_');
    }

    /** The key of the field {@code field} of the security scheme {@code scheme}: {@code services.<name>.security.<scheme>.<field>}. */
    public static String securityKey(String name, String scheme, String field) {
        return key(name, "security." + scheme + "." + field);
    }

    /**
     * Why the service cannot send a request that carries {@code use}, naming the key to set; empty when it can: it
     * holds the fields the scheme's type needs and none it does not, an API key goes in a header or cookie it may
     * send, and an OAuth 2.0 token URL is under the base URL or configured.
     */
    public Optional<String> credentialRefusal(CredentialUse use) {
        String scheme = use.scheme();
        SchemeCredentials held = security.get(scheme);
        String credentialKey = securityKey(name, scheme, "credential");
        String secret = switch (use.kind()) {
            case API_KEY_HEADER, API_KEY_QUERY, API_KEY_COOKIE -> "its API key";
            case BEARER -> "its bearer token";
            case BASIC -> "its password";
            case OAUTH2_CLIENT_CREDENTIALS -> "its client secret";
        };
        String type = switch (use.kind()) {
            case API_KEY_HEADER, API_KEY_QUERY, API_KEY_COOKIE -> "an API key scheme";
            case BEARER -> "an HTTP bearer scheme";
            case BASIC -> "an HTTP basic scheme";
            case OAUTH2_CLIENT_CREDENTIALS -> "an OAuth 2.0 client credentials scheme";
        };
        if (held == null || held.credential().isEmpty()) {
            return Optional.of("the service holds no credential for the security scheme '" + scheme + "' (" + type
                    + "): set " + credentialKey + " to " + secret + ", or the environment variable "
                    + credentialVariable(name, scheme)
                    + (use.kind() == CredentialUse.Kind.BASIC ? ", and " + securityKey(name, scheme, "username") : "")
                    + (use.kind() == CredentialUse.Kind.OAUTH2_CLIENT_CREDENTIALS
                            ? ", and " + securityKey(name, scheme, "client-id")
                            : ""));
        }
        boolean basic = use.kind() == CredentialUse.Kind.BASIC;
        boolean oauth = use.kind() == CredentialUse.Kind.OAUTH2_CLIENT_CREDENTIALS;
        if (basic != held.username().isPresent()) {
            return Optional.of(securityKey(name, scheme, "username")
                    + (basic
                            ? " is required: '" + scheme + "' is an HTTP basic scheme"
                            : " is for HTTP basic schemes only; '" + scheme + "' is " + type));
        }
        if (oauth != held.clientId().isPresent()) {
            return Optional.of(securityKey(name, scheme, "client-id")
                    + (oauth
                            ? " is required: '" + scheme + "' is an OAuth 2.0 client credentials scheme"
                            : " is for OAuth 2.0 schemes only; '" + scheme + "' is " + type));
        }
        if (!oauth && held.tokenUrl().isPresent()) {
            return Optional.of(securityKey(name, scheme, "token-url") + " is for OAuth 2.0 schemes only; '" + scheme
                    + "' is " + type);
        }
        if (use.kind() == CredentialUse.Kind.API_KEY_HEADER
                && (!isHeaderName(use.name()) || isClientHeader(use.name().toLowerCase(Locale.ROOT)))) {
            return Optional.of("the security scheme '" + scheme + "' sends its key in a header that is never sent to a"
                    + " service (Host, Cookie, Proxy-Authorization, or one the client sets itself); leave the"
                    + " operations that need it out");
        }
        if (use.kind() == CredentialUse.Kind.API_KEY_COOKIE
                && !COOKIE_NAME.matcher(use.name()).matches()) {
            return Optional.of("the security scheme '" + scheme + "' names a cookie that is not a cookie name");
        }
        if (use.kind() == CredentialUse.Kind.API_KEY_QUERY && use.name().isBlank()) {
            return Optional.of("the security scheme '" + scheme + "' names an empty query parameter");
        }
        if (oauth && tokenUrl(use).isEmpty()) {
            return Optional.of("the token URL the document gives the security scheme '" + scheme + "' is not under"
                    + " the service's base URL, so the client secret is not sent there; set "
                    + securityKey(name, scheme, "token-url") + " to the token endpoint you trust");
        }
        return Optional.empty();
    }

    /**
     * Where the token of {@code use} is fetched: the scheme's configured token URL, else the document's when it is
     * under the base URL (a relative one resolved against it); empty when neither.
     */
    Optional<URI> tokenUrl(CredentialUse use) {
        SchemeCredentials held = security.get(use.scheme());
        if (held != null && held.tokenUrl().isPresent()) {
            return held.tokenUrl();
        }
        try {
            URI resolved = baseUrl.resolve(new URI(use.tokenUrl().strip()));
            return ServicePaths.isUnder(baseUrl, resolved) && resolved.getRawFragment() == null
                    ? Optional.of(resolved)
                    : Optional.empty();
        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Checks each scheme's fields, adding a problem for each that is wrong. */
    private static void checkSecurity(
            String name, Map<String, SchemeCredentials> security, List<ConfigProblem> problems) {
        for (Map.Entry<String, SchemeCredentials> entry : security.entrySet()) {
            String scheme = entry.getKey();
            if (!CredentialUse.isSchemeName(scheme)) {
                problems.add(ConfigProblem.of(
                        key(name, "security"),
                        "names a scheme that is not a security scheme name (1-64 letters, digits, '.', '_' and '-')"));
                continue;
            }
            SchemeCredentials held = Objects.requireNonNull(entry.getValue(), securityKey(name, scheme, "credential"));
            if (held.credential().isEmpty()) {
                problems.add(ConfigProblem.of(
                        securityKey(name, scheme, "credential"),
                        "is required: the scheme's API key, bearer token, password or client secret; or set "
                                + credentialVariable(name, scheme)));
            } else if (!isPrintable(held.credential().get())) {
                problems.add(ConfigProblem.of(securityKey(name, scheme, "credential"), PRINTABLE));
            }
            if (held.username()
                    .filter(value -> !isPrintable(value) || value.indexOf(':') >= 0)
                    .isPresent()) {
                problems.add(ConfigProblem.of(
                        securityKey(name, scheme, "username"), "must be printable ASCII without ':' and not blank"));
            }
            if (held.clientId().filter(value -> !isPrintable(value)).isPresent()) {
                problems.add(ConfigProblem.of(
                        securityKey(name, scheme, "client-id"), "must be printable ASCII and not blank"));
            }
            if (held.tokenUrl().isPresent()) {
                try {
                    ServicePaths.checkTokenUrl(held.tokenUrl().get().toString());
                } catch (IllegalArgumentException e) {
                    problems.add(
                            ConfigProblem.of(securityKey(name, scheme, "token-url"), String.valueOf(e.getMessage())));
                }
            }
        }
    }

    private static final String PRINTABLE = "must be printable ASCII and not blank:"
            + " no control characters, and none beyond ASCII (a pasted typographic dash or quote)";

    private static boolean isPrintable(String value) {
        return !value.isBlank() && value.chars().allMatch(c -> c >= 0x20 && c <= 0x7e);
    }

    /** Whether {@code name} is an HTTP header name (an RFC 9110 token). */
    public static boolean isHeaderName(String name) {
        return name != null && HEADER_NAME.matcher(name).matches();
    }

    /**
     * Whether {@code lowerCaseName} is a header the client sets itself or never sends for anyone: {@code Host},
     * {@code Cookie}, {@code Proxy-Authorization}, the framing and content negotiation headers.
     */
    public static boolean isClientHeader(String lowerCaseName) {
        return FORBIDDEN_HEADERS.contains(lowerCaseName);
    }

    /** Whether a request with {@code method} may be retried. */
    public boolean retries(HttpMethod method) {
        return retries > 0 && (method.isIdempotent() || retryAllMethods);
    }

    /** The value of {@link #credentialHeader()} for the credential: with {@code Bearer } for Authorization. */
    String credentialHeaderValue(String credential) {
        return credentialHeader.equalsIgnoreCase("Authorization") ? "Bearer " + credential : credential;
    }

    /**
     * The longest one call may take: every attempt to its timeout, and each wait between them at its longest
     * (the jitter adds up to half of it).
     */
    public Duration longestCall() {
        Duration total = timeout.multipliedBy(retries + 1L);
        Duration wait = retryDelay;
        for (int i = 0; i < retries; i++) {
            Duration capped = wait.compareTo(retryMaxDelay) > 0 ? retryMaxDelay : wait;
            total = total.plus(capped).plus(capped.dividedBy(2));
            wait = wait.multipliedBy(2);
        }
        return total;
    }

    /** What a tool may show of it. */
    public ServiceDescriptor descriptor() {
        return new ServiceDescriptor(
                name,
                description,
                criticality,
                methods,
                readScope,
                writeScope,
                longestCall(),
                credentialHeader,
                apiRequest,
                apiRequestScope,
                taskSupport,
                security.keySet());
    }

    /** The name and the shape of the policy; never the URL (it may name internal hosts) or the credential. */
    @Override
    public String toString() {
        return "ServiceSettings[" + name + ", timeout=" + timeout.toMillis() + "ms, retries=" + retries
                + ", credential="
                + (credential.isPresent() ? "****" : "none")
                + (security.isEmpty() ? "" : ", security=" + new java.util.TreeSet<>(security.keySet())) + "]";
    }

    static String key(String name, String field) {
        return "services." + name + "." + field;
    }

    /** The refusal of the field {@code key}: its message is the key and the reason, as the config file names it. */
    private static ConfigProblemException refused(String key, String reason) {
        return new ConfigProblemException(ConfigProblem.of(key, reason));
    }

    private static void requirePositive(Duration value, String key, List<ConfigProblem> problems) {
        Objects.requireNonNull(value, key);
        if (value.isZero() || value.isNegative()) {
            problems.add(ConfigProblem.of(key, "must be positive, was " + value));
        }
    }

    private static void requireScope(String scope, String key, List<ConfigProblem> problems) {
        Objects.requireNonNull(scope, key);
        if (scope.isBlank() || scope.chars().anyMatch(Character::isWhitespace)) {
            problems.add(ConfigProblem.of(key, "must be one scope, without spaces"));
        }
    }

    /** Builds {@link ServiceSettings}; {@link #build()} checks them. Not thread-safe. */
    public static final class Builder {
        private final String name;
        private URI baseUrl;
        private String description = "";
        private String healthPath = DEFAULT_HEALTH_PATH;
        private Duration timeout = DEFAULT_TIMEOUT;
        private Criticality criticality = DEFAULT_CRITICALITY;
        private Set<HttpMethod> methods = DEFAULT_METHODS;
        private int retries = DEFAULT_RETRIES;
        private Duration retryDelay = DEFAULT_RETRY_DELAY;
        private Duration retryMaxDelay = DEFAULT_RETRY_MAX_DELAY;
        private boolean retryAllMethods;
        private int maxConcurrent = DEFAULT_MAX_CONCURRENT;
        private int breakerFailureThreshold = DEFAULT_BREAKER_FAILURE_THRESHOLD;
        private Duration breakerOpenDuration = DEFAULT_BREAKER_OPEN_DURATION;
        private String credentialHeader = DEFAULT_CREDENTIAL_HEADER;
        private Optional<String> credential = Optional.empty();
        private String readScope;
        private String writeScope;
        private String openapi = "";
        private List<String> openapiOperations = List.of();
        private Map<String, String> openapiScopes = Map.of();
        private long openapiMaxSize = DEFAULT_OPENAPI_MAX_SIZE;
        private Duration openapiParseTimeout = DEFAULT_OPENAPI_PARSE_TIMEOUT;
        private Boolean apiRequest;
        private String apiRequestScope;
        private TaskSupport taskSupport = TaskSupport.FORBIDDEN;
        private Map<String, TaskSupport> openapiTaskSupport = Map.of();
        private Map<String, String> openapiToolNames = Map.of();
        private final Map<String, SchemeCredentials> security = new java.util.LinkedHashMap<>();

        private Builder(String name) {
            this.name = name;
            this.readScope = name == null ? null : defaultReadScope(name);
            this.writeScope = name == null ? null : defaultWriteScope(name);
        }

        /** The base URL; a value that is not a URL is refused without being quoted. */
        public Builder baseUrl(String value) {
            try {
                this.baseUrl = URI.create(value.strip());
            } catch (IllegalArgumentException e) {
                throw refused(key(name, "base-url"), "is not a URL");
            }
            return this;
        }

        public Builder baseUrl(URI value) {
            this.baseUrl = value;
            return this;
        }

        public Builder description(String value) {
            this.description = value;
            return this;
        }

        public Builder healthPath(String value) {
            this.healthPath = value;
            return this;
        }

        public Builder timeout(Duration value) {
            this.timeout = value;
            return this;
        }

        public Builder criticality(Criticality value) {
            this.criticality = value;
            return this;
        }

        public Builder methods(Set<HttpMethod> value) {
            this.methods = value.isEmpty() ? Set.of() : EnumSet.copyOf(value);
            return this;
        }

        public Builder retries(int value) {
            this.retries = value;
            return this;
        }

        public Builder retryDelay(Duration value) {
            this.retryDelay = value;
            return this;
        }

        public Builder retryMaxDelay(Duration value) {
            this.retryMaxDelay = value;
            return this;
        }

        public Builder retryAllMethods(boolean value) {
            this.retryAllMethods = value;
            return this;
        }

        public Builder maxConcurrent(int value) {
            this.maxConcurrent = value;
            return this;
        }

        public Builder breakerFailureThreshold(int value) {
            this.breakerFailureThreshold = value;
            return this;
        }

        public Builder breakerOpenDuration(Duration value) {
            this.breakerOpenDuration = value;
            return this;
        }

        public Builder credentialHeader(String value) {
            this.credentialHeader = value;
            return this;
        }

        public Builder credential(Optional<String> value) {
            this.credential = value;
            return this;
        }

        public Builder readScope(String value) {
            this.readScope = value;
            return this;
        }

        public Builder writeScope(String value) {
            this.writeScope = value;
            return this;
        }

        /** The OpenAPI document: a path under the base URL, or {@code file:} and a local file. */
        public Builder openapi(String value) {
            this.openapi = value;
            return this;
        }

        /** The document's operations served as tools. */
        public Builder openapiOperations(Collection<String> value) {
            this.openapiOperations = List.copyOf(value);
            return this;
        }

        /** A scope per operationId. */
        public Builder openapiScopes(Map<String, String> value) {
            this.openapiScopes = Map.copyOf(value);
            return this;
        }

        /**
         * A scope per operationId, each entry {@code operationId=scope}.
         *
         * @throws IllegalArgumentException naming the field when an entry is not of that form
         */
        public Builder openapiScopes(Collection<String> entries) {
            Map<String, String> scopes = new java.util.LinkedHashMap<>();
            for (String entry : entries) {
                int equals = entry.indexOf('=');
                if (equals < 1 || equals == entry.length() - 1) {
                    throw refused(
                            key(name, "openapi-scopes"),
                            "entries are" + " operationId=scope, such as deletePet=pets:admin");
                }
                scopes.put(
                        entry.substring(0, equals).strip(),
                        entry.substring(equals + 1).strip());
            }
            return openapiScopes(scopes);
        }

        /** A tool name per operationId. */
        public Builder openapiToolNames(Map<String, String> value) {
            this.openapiToolNames = Map.copyOf(value);
            return this;
        }

        /**
         * A tool name per operationId, each entry {@code operationId=name}.
         *
         * @throws IllegalArgumentException naming the field when an entry is not of that form
         */
        public Builder openapiToolNames(Collection<String> entries) {
            Map<String, String> names = new java.util.LinkedHashMap<>();
            for (String entry : entries) {
                int equals = entry.indexOf('=');
                if (equals < 1 || equals == entry.length() - 1) {
                    throw refused(
                            key(name, "openapi-tool-names"), "entries are operationId=name, such as listPets=pets");
                }
                names.put(
                        entry.substring(0, equals).strip(),
                        entry.substring(equals + 1).strip());
            }
            return openapiToolNames(names);
        }

        /** The largest OpenAPI document read, in bytes. */
        public Builder openapiMaxSize(long value) {
            this.openapiMaxSize = value;
            return this;
        }

        /** The longest the document's parse may take, at start. */
        public Builder openapiParseTimeout(Duration value) {
            this.openapiParseTimeout = value;
            return this;
        }

        /**
         * Whether {@code api_request} and {@code batch_api_requests} may call the service; by default true without
         * an OpenAPI document ({@link #openapi}) and false with one.
         */
        public Builder apiRequest(boolean value) {
            this.apiRequest = value;
            return this;
        }

        /**
         * The scope {@code api_request} needs beside the read or write scope on a service with an OpenAPI document
         * that takes it; {@code services:<name>:api-request} by default.
         */
        public Builder apiRequestScope(String value) {
            this.apiRequestScope = value;
            return this;
        }

        /** Whether the service's operation tools and {@code api_request} on it may run as tasks. */
        public Builder taskSupport(TaskSupport value) {
            this.taskSupport = value;
            return this;
        }

        /** A task support per operationId, overriding {@link #taskSupport(TaskSupport)}. */
        public Builder openapiTaskSupport(Map<String, TaskSupport> value) {
            this.openapiTaskSupport = Map.copyOf(value);
            return this;
        }

        /**
         * A task support per operationId, each entry {@code operationId=forbidden|optional|required}.
         *
         * @throws ConfigProblemException naming the field when an entry is not of that form
         */
        public Builder openapiTaskSupport(Collection<String> entries) {
            Map<String, TaskSupport> supports = new java.util.LinkedHashMap<>();
            for (String entry : entries) {
                int equals = entry.indexOf('=');
                String value = equals < 0 ? "" : entry.substring(equals + 1).strip();
                if (equals < 1 || value.isEmpty()) {
                    throw refused(
                            key(name, "openapi-task-support"),
                            "entries are operationId=forbidden|optional|required, such as exportPets=required");
                }
                try {
                    supports.put(entry.substring(0, equals).strip(), TaskSupport.parse(value));
                } catch (IllegalArgumentException e) {
                    throw refused(
                            key(name, "openapi-task-support"),
                            "entry '" + entry.strip() + "': '" + value + "' " + e.getMessage());
                }
            }
            return openapiTaskSupport(supports);
        }

        /**
         * What the service holds for the security scheme {@code scheme} of its OpenAPI document, replacing what was
         * set for it; see {@link SchemeCredentials}.
         */
        public Builder security(String scheme, SchemeCredentials credentials) {
            security.put(Objects.requireNonNull(scheme, "scheme"), Objects.requireNonNull(credentials, "credentials"));
            return this;
        }

        /** The secret of the security scheme {@code scheme}: its API key, bearer token, password or client secret. */
        public Builder securityCredential(String scheme, String value) {
            return security(scheme, schemeOf(scheme).withCredential(value));
        }

        /** The HTTP basic user name of the security scheme {@code scheme}. */
        public Builder securityUsername(String scheme, String value) {
            return security(scheme, schemeOf(scheme).withUsername(value));
        }

        /** The OAuth 2.0 client id of the security scheme {@code scheme}. */
        public Builder securityClientId(String scheme, String value) {
            return security(scheme, schemeOf(scheme).withClientId(value));
        }

        /**
         * The OAuth 2.0 token URL of the security scheme {@code scheme}, instead of the document's; a value that is
         * not a URL is refused without being quoted.
         */
        public Builder securityTokenUrl(String scheme, String value) {
            try {
                return security(scheme, schemeOf(scheme).withTokenUrl(URI.create(value.strip())));
            } catch (IllegalArgumentException e) {
                throw refused(securityKey(name, scheme, "token-url"), "is not a URL");
            }
        }

        /** Names the security scheme {@code scheme}, with nothing set yet: its fields come later. */
        public Builder securityScheme(String scheme) {
            return security(scheme, schemeOf(scheme));
        }

        private SchemeCredentials schemeOf(String scheme) {
            return security.getOrDefault(Objects.requireNonNull(scheme, "scheme"), SchemeCredentials.EMPTY);
        }

        /** The options; throws {@link ConfigProblemException} naming the field of a value out of range. */
        public ServiceSettings build() {
            if (baseUrl == null && ServiceDescriptor.isValidName(name)) {
                throw refused(key(name, "base-url"), "is required");
            }
            boolean hasDocument = openapi != null && !openapi.isBlank();
            boolean takesApiRequest = apiRequest != null ? apiRequest : !hasDocument;
            Optional<String> scope = apiRequestScope != null
                    ? Optional.of(apiRequestScope)
                    : hasDocument && takesApiRequest && name != null
                            ? Optional.of(defaultApiRequestScope(name))
                            : Optional.empty();
            return new ServiceSettings(
                    name,
                    baseUrl,
                    description,
                    healthPath,
                    timeout,
                    criticality,
                    methods,
                    retries,
                    retryDelay,
                    retryMaxDelay,
                    retryAllMethods,
                    maxConcurrent,
                    breakerFailureThreshold,
                    breakerOpenDuration,
                    credentialHeader,
                    credential,
                    readScope,
                    writeScope,
                    openapi,
                    openapiOperations,
                    openapiScopes,
                    openapiMaxSize,
                    openapiParseTimeout,
                    takesApiRequest,
                    scope,
                    taskSupport,
                    openapiTaskSupport,
                    openapiToolNames,
                    security);
        }
    }
}
