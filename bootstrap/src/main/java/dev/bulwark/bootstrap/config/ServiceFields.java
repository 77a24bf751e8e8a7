package dev.bulwark.bootstrap.config;

import dev.bulwark.config.ConfigType;
import dev.bulwark.mcpclient.UpstreamSettings;
import dev.bulwark.outbound.ServiceSettings;
import dev.bulwark.ports.health.Criticality;
import dev.bulwark.ports.outbound.HttpMethod;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The config file's {@code services} section: one section per registered service holding the {@link #FIELDS}, each
 * checked by the outbound adapter's {@link ServiceSettings}. Services are configured in the file only, since a list of
 * named records fits no single variable or flag; a service's credential may come from {@code API_KEY_<NAME>}.
 */
final class ServiceFields {

    /** The config file's section of services. */
    public static final String SECTION = "services";

    /** The field holding one section per security scheme of the service's OpenAPI document. */
    static final String SECURITY = "security";

    /** The fields of a security scheme's section ({@code security.<scheme>.<field>}). */
    static final List<String> SCHEME_FIELDS = List.of("credential", "username", "client-id", "token-url");

    /** {@code required} or {@code optional}: whether the server needs a dependency to be ready. */
    static final ConfigType<Criticality> CRITICALITY = ConfigType.of(
            "required|optional",
            ServiceFields::criticality,
            value -> value.name().toLowerCase(Locale.ROOT));

    /** HTTP method names, comma-separated or a list in the file, any case: {@code GET, POST}. */
    static final ConfigType<Set<HttpMethod>> HTTP_METHODS = ConfigType.ofList(
            "list",
            ServiceFields::httpMethods,
            values -> String.join(
                    ",", values.stream().sorted().map(HttpMethod::name).toList()));

    /** The fields of a service's section, in the order the docs list them. */
    public static final List<SectionField<ServiceSettings.Builder, ?>> FIELDS = List.of(
            new SectionField<>(
                    "base-url",
                    ConfigType.STRING,
                    "(required)",
                    "http:// or https:// URL every request of the service goes under; no user info, query or"
                            + " fragment",
                    false,
                    ServiceSettings.Builder::baseUrl),
            new SectionField<>(
                    "description",
                    ConfigType.STRING,
                    "",
                    "What the service does, shown to models by list_services",
                    false,
                    ServiceSettings.Builder::description),
            new SectionField<>(
                    "health-path",
                    ConfigType.STRING,
                    ServiceSettings.DEFAULT_HEALTH_PATH,
                    "Path of its health check under the base URL; a 2xx answer is up",
                    false,
                    ServiceSettings.Builder::healthPath),
            new SectionField<>(
                    "criticality",
                    CRITICALITY,
                    "optional",
                    "required: the server is not ready while the service is down; optional: only degraded",
                    false,
                    ServiceSettings.Builder::criticality),
            new SectionField<>(
                    "methods",
                    HTTP_METHODS,
                    "GET,HEAD",
                    "Methods the service may be called with: GET, HEAD, OPTIONS, POST, PUT, PATCH, DELETE",
                    false,
                    (builder, value) -> builder.methods(Set.copyOf(value))),
            new SectionField<>(
                    "timeout",
                    ConfigType.DURATION,
                    ConfigType.DURATION.format(ServiceSettings.DEFAULT_TIMEOUT),
                    "Time one attempt may take, connecting included",
                    false,
                    ServiceSettings.Builder::timeout),
            new SectionField<>(
                    "retries",
                    ConfigType.INT,
                    String.valueOf(ServiceSettings.DEFAULT_RETRIES),
                    "Attempts after the first (0-10), for GET, HEAD, OPTIONS, PUT and DELETE only, unless"
                            + " retry-all-methods; on timeouts, connection failures, non-HTTP answers, 502, 503"
                            + " and 504",
                    false,
                    ServiceSettings.Builder::retries),
            new SectionField<>(
                    "retry-delay",
                    ConfigType.DURATION,
                    ConfigType.DURATION.format(ServiceSettings.DEFAULT_RETRY_DELAY),
                    "Wait before the first retry; each next one doubles, with up to 50% jitter",
                    false,
                    ServiceSettings.Builder::retryDelay),
            new SectionField<>(
                    "retry-max-delay",
                    ConfigType.DURATION,
                    ConfigType.DURATION.format(ServiceSettings.DEFAULT_RETRY_MAX_DELAY),
                    "Longest wait between two attempts; longer than retry-delay",
                    false,
                    ServiceSettings.Builder::retryMaxDelay),
            new SectionField<>(
                    "retry-all-methods",
                    ConfigType.BOOLEAN,
                    "false",
                    "Retry POST and PATCH too: only for a service that dedupes repeated requests itself",
                    false,
                    ServiceSettings.Builder::retryAllMethods),
            new SectionField<>(
                    "max-concurrent",
                    ConfigType.INT,
                    String.valueOf(ServiceSettings.DEFAULT_MAX_CONCURRENT),
                    "Calls to the service at once (its bulkhead); more are refused at once as busy",
                    false,
                    ServiceSettings.Builder::maxConcurrent),
            new SectionField<>(
                    "breaker-failure-threshold",
                    ConfigType.INT,
                    String.valueOf(ServiceSettings.DEFAULT_BREAKER_FAILURE_THRESHOLD),
                    "Failures in a row (timeouts, unreachable, 5xx) that open the service's circuit breaker",
                    false,
                    ServiceSettings.Builder::breakerFailureThreshold),
            new SectionField<>(
                    "breaker-open-duration",
                    ConfigType.DURATION,
                    ConfigType.DURATION.format(ServiceSettings.DEFAULT_BREAKER_OPEN_DURATION),
                    "How long the open breaker refuses calls before it lets one through",
                    false,
                    ServiceSettings.Builder::breakerOpenDuration),
            new SectionField<>(
                    "credential-header",
                    ConfigType.STRING,
                    ServiceSettings.DEFAULT_CREDENTIAL_HEADER,
                    "Header that carries the credential; Authorization sends Bearer <credential>, any other"
                            + " header the credential as it is",
                    false,
                    ServiceSettings.Builder::credentialHeader),
            new SectionField<>(
                    "credential",
                    ConfigType.STRING,
                    "(secret)",
                    "The service's own credential; API_KEY_<NAME> (the name upper-case, - as _) wins over it; never"
                            + " printed, never sent elsewhere",
                    true,
                    (builder, value) -> builder.credential(Optional.of(value))),
            new SectionField<>(
                    "read-scope",
                    ConfigType.STRING,
                    "services:<name>:read",
                    "Scope a caller needs for GET, HEAD and OPTIONS",
                    false,
                    ServiceSettings.Builder::readScope),
            new SectionField<>(
                    "write-scope",
                    ConfigType.STRING,
                    "services:<name>:write",
                    "Scope a caller needs for POST, PUT, PATCH and DELETE",
                    false,
                    ServiceSettings.Builder::writeScope),
            new SectionField<>(
                    "openapi",
                    ConfigType.STRING,
                    "",
                    "The service's OpenAPI 3.0 or 3.1 document: a path under the base URL (fetched with the"
                            + " service's client) or file: and a local file; each listed operation becomes a tool",
                    false,
                    ServiceSettings.Builder::openapi),
            new SectionField<>(
                    "openapi-operations",
                    ConfigType.LIST,
                    "",
                    "Operations served as tools: operationIds, tag:<tag>, 'GET /pets/*' patterns, or * for all"
                            + " (with a document under the base URL, operationIds only); none until listed",
                    false,
                    (builder, value) -> builder.openapiOperations(value)),
            new SectionField<>(
                    "openapi-scopes",
                    ConfigType.LIST,
                    "",
                    "operationId=scope entries for operations that need another scope than read-scope (GET, HEAD,"
                            + " OPTIONS) or write-scope (the others)",
                    false,
                    (builder, value) -> builder.openapiScopes(value)),
            new SectionField<>(
                    "openapi-max-size",
                    ConfigType.BYTE_SIZE,
                    ConfigType.BYTE_SIZE.format(ServiceSettings.DEFAULT_OPENAPI_MAX_SIZE),
                    "Largest OpenAPI document read (at most 64MiB); a document under the base URL is also capped"
                            + " by outbound.max-response-size, and every document by the heap: reading JSON takes"
                            + " about 32 times its size (7.7MiB on the launcher's 256MiB heap), YAML 48 times",
                    false,
                    ServiceSettings.Builder::openapiMaxSize),
            new SectionField<>(
                    "openapi-parse-timeout",
                    ConfigType.DURATION,
                    ConfigType.DURATION.format(ServiceSettings.DEFAULT_OPENAPI_PARSE_TIMEOUT),
                    "Longest the OpenAPI document's parse may take at start; raise it for a very large document"
                            + " on a busy machine",
                    false,
                    ServiceSettings.Builder::openapiParseTimeout),
            new SectionField<>(
                    "api-request",
                    ConfigType.BOOLEAN,
                    "true; false with openapi",
                    "Whether api_request and batch_api_requests may call the service. With an OpenAPI document"
                            + " they may not unless true: the service serves only its listed operations, each with"
                            + " its scope",
                    false,
                    ServiceSettings.Builder::apiRequest),
            new SectionField<>(
                    "api-request-scope",
                    ConfigType.STRING,
                    "services:<name>:api-request",
                    "With openapi and api-request: true, the scope api_request needs beside read-scope or"
                            + " write-scope; it reaches any path and allowed method, listed or not: grant it as the"
                            + " credential's whole reach",
                    false,
                    ServiceSettings.Builder::apiRequestScope),
            new SectionField<>(
                    "task-support",
                    UpstreamSettings.TASK_SUPPORT,
                    "forbidden",
                    "Whether a call of the service's OpenAPI operation tools may run as a task: forbidden,"
                            + " optional (a client that asks gets a task) or required (tasks only). api_request"
                            + " offers tasks when a service it calls does, refuses a task aimed at a service that"
                            + " forbids them, and a direct call aimed at one that requires them",
                    false,
                    ServiceSettings.Builder::taskSupport),
            new SectionField<>(
                    "openapi-task-support",
                    ConfigType.LIST,
                    "",
                    "operationId=support entries (forbidden, optional or required) for operations whose task"
                            + " support differs from task-support",
                    false,
                    (builder, value) -> builder.openapiTaskSupport(value)),
            new SectionField<>(
                    "openapi-tool-names",
                    ConfigType.LIST,
                    "",
                    "operationId=name entries for operations whose tool is not to be named <service>_<operationId>;"
                            + " a name is 1 to 64 letters, digits, '_', '.' or '-', and no other tool's",
                    false,
                    (builder, value) -> builder.openapiToolNames(value)),
            new SectionField<>(
                    SECURITY,
                    ConfigType.STRING,
                    "",
                    "One section per security scheme of the OpenAPI document, each with credential (its API key,"
                            + " bearer token, password or client secret; API_KEY_<NAME>_<SCHEME> wins over it),"
                            + " username (HTTP basic), client-id and token-url (OAuth 2.0 client credentials). With"
                            + " any, each operation sends what its security requirement names",
                    true,
                    (builder, value) -> builder));

    private ServiceFields() {}

    /**
     * The field of this name, if any: one of {@link #FIELDS}, or a security scheme's field
     * ({@code security.<scheme>.<field>}, or {@code security.<scheme>} for a scheme named with no field).
     */
    static Optional<SectionField<ServiceSettings.Builder, ?>> field(String name) {
        if (name.startsWith(SECURITY + ".")) {
            String rest = name.substring(SECURITY.length() + 1);
            int dot = rest.lastIndexOf('.');
            String field = dot < 0 ? "" : rest.substring(dot + 1);
            if (dot < 0 || !SCHEME_FIELDS.contains(field)) {
                return Optional.of(
                        schemeField(name, rest, "", (builder, scheme, value) -> builder.securityScheme(scheme)));
            }
            String scheme = rest.substring(0, dot);
            return Optional.of(
                    switch (field) {
                        case "credential" ->
                            schemeField(name, scheme, field, ServiceSettings.Builder::securityCredential);
                        case "username" -> schemeField(name, scheme, field, ServiceSettings.Builder::securityUsername);
                        case "client-id" -> schemeField(name, scheme, field, ServiceSettings.Builder::securityClientId);
                        default -> schemeField(name, scheme, field, ServiceSettings.Builder::securityTokenUrl);
                    });
        }
        return SectionField.named(FIELDS, name);
    }

    /**
     * A problem for each credential whose environment variable another credential reads too: {@code API_KEY_A_B}
     * is the variable of the service {@code a-b} and of the scheme {@code b} of the service {@code a}, and one secret
     * must never go to two services.
     */
    static List<ConfigError> sharedCredentialVariables(List<NamedSections.Entry> entries) {
        java.util.Map<String, String> owners = new java.util.HashMap<>();
        List<ConfigError> problems = new java.util.ArrayList<>();
        for (NamedSections.Entry entry : entries) {
            if (!dev.bulwark.ports.outbound.ServiceDescriptor.isValidName(entry.name())) {
                continue;
            }
            String path = SECTION + "." + entry.name() + ".";
            java.util.Map<String, String> variables = new java.util.LinkedHashMap<>();
            variables.put(path + "credential", ServiceSettings.credentialVariable(entry.name()));
            schemeCredentialVariables(entry.name(), entry.fields().keySet())
                    .forEach((field, variable) -> variables.put(path + field, variable));
            variables.forEach((key, variable) -> {
                String other = owners.putIfAbsent(variable, key);
                if (other != null) {
                    problems.add(new ConfigError(
                            key,
                            entry.source(),
                            "is read from the environment variable " + variable + ", as " + other + " is, so one"
                                    + " secret would go to both; rename the service or the scheme"));
                }
            });
        }
        return problems;
    }

    /** Sets one field of a security scheme. */
    @FunctionalInterface
    private interface SchemeSetter {
        ServiceSettings.Builder set(ServiceSettings.Builder builder, String scheme, String value);
    }

    private static SectionField<ServiceSettings.Builder, ?> schemeField(
            String name, String scheme, String field, SchemeSetter setter) {
        return new SectionField<ServiceSettings.Builder, String>(
                name,
                ConfigType.STRING,
                "",
                "",
                field.equals("credential"),
                (builder, value) -> setter.set(builder, scheme, value.strip()));
    }

    /**
     * The environment variables that give the credentials of the security schemes among {@code fieldNames} of the
     * service {@code name}: {@code API_KEY_<NAME>_<SCHEME>}, by the field each sets.
     */
    static java.util.Map<String, String> schemeCredentialVariables(
            String name, java.util.Collection<String> fieldNames) {
        java.util.Map<String, String> variables = new java.util.LinkedHashMap<>();
        for (String field : fieldNames) {
            if (field.startsWith(SECURITY + ".")) {
                String rest = field.substring(SECURITY.length() + 1);
                int dot = rest.lastIndexOf('.');
                String scheme =
                        dot >= 0 && SCHEME_FIELDS.contains(rest.substring(dot + 1)) ? rest.substring(0, dot) : rest;
                variables.putIfAbsent(
                        SECURITY + "." + scheme + ".credential", ServiceSettings.credentialVariable(name, scheme));
            }
        }
        return variables;
    }

    /** Every field's name. */
    static List<String> fieldNames() {
        return SectionField.names(FIELDS);
    }

    private static Criticality criticality(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "required" -> Criticality.REQUIRED;
            case "optional" -> Criticality.OPTIONAL;
            default -> throw new IllegalArgumentException("is not required or optional");
        };
    }

    private static Set<HttpMethod> httpMethods(String text) {
        Set<HttpMethod> methods = new LinkedHashSet<>();
        for (String name : ConfigType.LIST.parse(text)) {
            try {
                methods.add(HttpMethod.valueOf(name.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("names a method that is not one of "
                        + Arrays.stream(HttpMethod.values())
                                .map(HttpMethod::name)
                                .toList());
            }
        }
        return methods;
    }
}
