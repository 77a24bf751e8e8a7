package dev.bulwark.tools.business.services;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.AccessDeniedException;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.ports.health.ComponentHealth;
import dev.bulwark.ports.outbound.HttpMethod;
import dev.bulwark.ports.outbound.ServiceCallException;
import dev.bulwark.ports.outbound.ServiceDescriptor;
import dev.bulwark.ports.outbound.ServiceFailure;
import dev.bulwark.ports.outbound.ServiceRequest;
import dev.bulwark.ports.outbound.ServiceResponse;
import dev.bulwark.ports.security.Principal;
import dev.bulwark.ports.tasks.TaskSupport;
import dev.bulwark.tools.data.services.ServiceAccess;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service tools' business: who may call which registered service, and how. Thread-safe.
 */
public final class ApiCallService {

    private static final Logger LOG = LoggerFactory.getLogger(ApiCallService.class);
    private static final Set<HttpMethod> BODY_METHODS =
            Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE);

    private final ServiceAccess services;
    private final ObjectMapper mapper;
    private final ApiToolSettings settings;
    private final ExecutorService batchThreads;

    private ApiCallService(ServiceAccess services, ObjectMapper mapper, ApiToolSettings settings) {
        this.services = services;
        this.mapper = mapper;
        this.settings = settings;
        AtomicInteger count = new AtomicInteger();
        this.batchThreads = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "bulwark-api-batch-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    public static ApiCallService on(ServiceAccess services, ObjectMapper mapper, ApiToolSettings settings) {
        return new ApiCallService(
                Objects.requireNonNull(services, "services"),
                Objects.requireNonNull(mapper, "mapper"),
                Objects.requireNonNull(settings, "settings"));
    }

    public ApiToolSettings settings() {
        return settings;
    }

    /** Every registered service, with its state and what {@code caller} may do there. */
    public List<ServiceSummary> list(Principal caller) {
        List<ServiceSummary> summaries = new ArrayList<>();
        for (ServiceDescriptor service : services.services()) {
            ComponentHealth health = services.health(service.name());
            List<String> methods = sorted(service.methods().stream().toList());
            List<String> callerMethods = sorted(service.methods().stream()
                    .filter(method -> {
                        Set<String> needed = service.apiRequestScopesFor(method);
                        return !needed.isEmpty() && needed.stream().allMatch(caller::hasScope);
                    })
                    .toList());
            summaries.add(new ServiceSummary(
                    service.name(),
                    service.description(),
                    lower(health.status()),
                    health.details().get("reason"),
                    lower(service.criticality()),
                    methods,
                    service.readScope(),
                    service.writeScope(),
                    callerMethods));
        }
        return summaries;
    }

    /** The longest one call to any service may take, retries included; {@code fallback} with no service. */
    public Duration longestCall(Duration fallback) {
        return services.services().stream()
                .map(ServiceDescriptor::longestCall)
                .max(Duration::compareTo)
                .orElse(fallback);
    }

    /** The longest one call to {@code service} may take, retries included; {@code fallback} when it is unknown. */
    public Duration longestCall(String service, Duration fallback) {
        return services.service(service).map(ServiceDescriptor::longestCall).orElse(fallback);
    }

    /**
     * Sends one call for {@code caller}.
     *
     * A service that takes no request of a caller's making ({@link ServiceDescriptor#apiRequests()} false: one with
     * an OpenAPI document, unless its configuration opens it) is refused whatever the caller's scopes: it serves only
     * the operations its tools list, each with its own scope.
     *
     * A call that runs as a task is refused for a service whose requests may not run as tasks, and a direct call for
     * one whose requests must ({@link ServiceDescriptor#apiRequestTasks()}), whatever other services allow.
     *
     * @param asTask whether the call runs as a task
     * @throws AccessDeniedException when the caller lacks the service's scope for the method, or the scope its
     *     configuration adds for such requests
     * @throws ServiceCallFailedException when it is refused, fails, or the service answers 5xx
     */
    public ApiResult call(ApiCall call, Principal caller, boolean asTask) {
        ServiceDescriptor service = registered(call.service());
        Set<String> needed = service.apiRequestScopesFor(call.method());
        if (needed.isEmpty()) {
            throw new ServiceCallFailedException(
                    "service_refused",
                    "Service '" + service.name() + "' is called only through its OpenAPI operation tools (named "
                            + service.name() + "_<operation>), each with its own arguments and scope; api_request"
                            + " does not call it. Nothing was sent.");
        }
        if (asTask && service.apiRequestTasks() == TaskSupport.FORBIDDEN) {
            throw new ServiceCallFailedException(
                    "service_refused",
                    "Service '" + service.name() + "' takes api_request calls only directly, not as a task (its"
                            + " task-support is forbidden): call api_request on it without a task. Nothing was sent.");
        }
        if (!asTask && service.apiRequestTasks() == TaskSupport.REQUIRED) {
            throw new ServiceCallFailedException(
                    "service_refused",
                    "Service '" + service.name() + "' takes api_request calls only as tasks (its task-support is"
                            + " required): call api_request on it as a task. Nothing was sent.");
        }
        Set<String> missing = new java.util.TreeSet<>();
        needed.stream().filter(scope -> !caller.hasScope(scope)).forEach(missing::add);
        if (!missing.isEmpty()) {
            throw new AccessDeniedException("service", service.name(), missing);
        }
        return send(service, call);
    }

    /**
     * Sends one call whose caller the tool has authorized already (the pipeline checked the scope the tool
     * requires), through the same checks, bounds and reading as {@link #call}.
     *
     * @throws ServiceCallFailedException when it is refused, fails, or the service answers 5xx
     */
    public ApiResult callAuthorized(ApiCall call) {
        return send(registered(call.service()), call);
    }

    private ServiceDescriptor registered(String name) {
        return services.service(name)
                .orElseThrow(() -> new ServiceCallFailedException(
                        "service_refused",
                        "No service named '" + name + "' is registered. Call list_services"
                                + " to see the services you can call."));
    }

    private ApiResult send(ServiceDescriptor service, ApiCall call) {
        if (!service.allows(call.method())) {
            throw new ServiceCallFailedException(
                    "service_refused",
                    "Service '" + service.name() + "' does not"
                            + " allow " + call.method() + "; it allows "
                            + String.join(
                                    ", ", sorted(service.methods().stream().toList())) + ".");
        }
        if (call.body().isPresent() && !BODY_METHODS.contains(call.method())) {
            throw new ServiceCallFailedException(
                    "service_refused",
                    call.method() + " requests take no body; send"
                            + " parameters in 'query', or use POST, PUT or PATCH.");
        }
        Map<String, List<String>> query = new LinkedHashMap<>();
        call.query().forEach((name, value) -> query.put(name, List.of(value)));
        query.putAll(call.queryValues());
        ServiceRequest request = ServiceRequest.of(service.name(), call.method(), call.path())
                .withQueryValues(query)
                .withHeaders(call.headers());
        if (call.credentials().isPresent()) {
            request = request.withCredentials(call.credentials().get());
        }
        if (call.body().isPresent()) {
            request = withBody(request, call);
        }
        ServiceResponse response;
        try {
            response = services.send(request);
        } catch (ServiceCallException e) {
            throw failure(e, call.method());
        }
        if (response.status() >= 500) {
            throw new ServiceCallFailedException(
                    "service_unavailable",
                    "Service '" + service.name() + "' failed:"
                            + " it answered " + response.status() + attempts(response.attempts()) + "."
                            + afterSending(call.method(), " Try again later."));
        }
        return read(call, response);
    }

    /**
     * Runs the calls concurrently, at most {@link ApiToolSettings#batchConcurrency()} at once, until the batch
     * timeout. Every call ends on its own: one failure does not fail the rest; a call still running at the deadline is
     * cancelled, one not started is not sent, and both are reported so.
     *
     * @return one entry per call, in order
     */
    public List<BatchEntry> batch(List<ApiCall> calls, Principal caller) {
        int count = calls.size();
        AtomicReferenceArray<BatchEntry> entries = new AtomicReferenceArray<>(count);
        AtomicInteger next = new AtomicInteger();
        long deadline = System.nanoTime() + settings.batchTimeout().toNanos();
        int workers = Math.min(settings.batchConcurrency(), count);
        List<Future<?>> running = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            running.add(batchThreads.submit(() -> {
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    if (Thread.currentThread().isInterrupted() || System.nanoTime() >= deadline) {
                        return;
                    }
                    entries.set(i, entry(i, calls.get(i), caller));
                }
            }));
        }
        try {
            for (Future<?> worker : running) {
                long left = deadline - System.nanoTime();
                try {
                    worker.get(Math.max(0, left), TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    break;
                } catch (ExecutionException e) {
                    LOG.warn("A batch worker failed", e.getCause());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            running.forEach(worker -> worker.cancel(true));
        }
        List<BatchEntry> result = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            BatchEntry entry = entries.get(i);
            result.add(
                    entry != null
                            ? entry
                            : new BatchEntry(
                                    i,
                                    null,
                                    "timeout",
                                    "Not finished before the batch's"
                                            + " deadline of "
                                            + settings.batchTimeout().toMillis() + " ms; it was cancelled or not sent."
                                            + afterSending(calls.get(i).method(), "")));
        }
        return result;
    }

    private BatchEntry entry(int index, ApiCall call, Principal caller) {
        try {
            return new BatchEntry(index, call(call, caller, false), null, null);
        } catch (BulwarkException e) {
            if (Thread.currentThread().isInterrupted()) {
                return null; // cancelled at the deadline: reported as such
            }
            return new BatchEntry(index, null, e.errorType(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("Request {} of a batch failed unexpectedly", index, e);
            return new BatchEntry(index, null, "internal", "The request failed unexpectedly.");
        }
    }

    private ApiResult read(ApiCall call, ServiceResponse response) {
        byte[] body = response.body();
        if (body.length == 0) {
            return result(call, response, "empty", null, null);
        }
        if (response.isJson()) {
            try {
                JsonNode json = mapper.readTree(body);
                if (json != null) {
                    return result(call, response, "json", json, null);
                }
            } catch (IOException e) {
                // not JSON after all: shown as text below if it is text
            }
        }
        String text = isText(response) ? utf8(body) : null;
        if (text != null) {
            return result(call, response, "text", null, text);
        }
        return result(call, response, "binary", null, null);
    }

    /** The result of {@code call}, its body read as {@code json} or {@code text} (at most one of them). */
    private static ApiResult result(
            ApiCall call, ServiceResponse response, String bodyType, JsonNode json, String text) {
        return new ApiResult(
                call.service(),
                call.method().name(),
                call.path(),
                response.status(),
                response.headers(),
                bodyType,
                json,
                text,
                response.bodyLength(),
                response.attempts());
    }

    private static boolean isText(ServiceResponse response) {
        return response.mediaType()
                .map(type -> type.startsWith("text/")
                        || type.endsWith("+json")
                        || type.endsWith("+xml")
                        || type.equals("application/json")
                        || type.equals("application/xml")
                        || type.equals("application/x-www-form-urlencoded")
                        || type.equals("application/problem+json"))
                .orElse(true);
    }

    /** The bytes as UTF-8 text, or null when they are not UTF-8 or hold control characters other than white space. */
    private static String utf8(byte[] bytes) {
        try {
            String text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
            boolean binary = text.chars().anyMatch(c -> c < 0x20 && c != '\n' && c != '\r' && c != '\t');
            return binary ? null : text;
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /**
     * {@code request} with the call's body as its media type says: JSON text, an object as a form
     * ({@code name=value&...}, UTF-8 percent-encoded; an array as the name repeated, an object as its JSON), or the
     * bytes of a binary node.
     */
    private ServiceRequest withBody(ServiceRequest request, ApiCall call) {
        JsonNode body = call.body().orElseThrow();
        String mediaType = call.bodyMediaType();
        if (mediaType.equals(ApiCall.JSON)) {
            return request.withJson(json(body));
        }
        byte[] bytes;
        if (mediaType.equals(ApiCall.FORM)) {
            StringBuilder form = new StringBuilder();
            body.fields().forEachRemaining(field -> {
                List<JsonNode> values = new ArrayList<>();
                if (field.getValue().isArray()) {
                    field.getValue().forEach(values::add);
                } else {
                    values.add(field.getValue());
                }
                for (JsonNode value : values) {
                    if (value.isNull()) {
                        continue;
                    }
                    form.append(form.length() == 0 ? "" : "&")
                            .append(URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8))
                            .append('=')
                            .append(URLEncoder.encode(
                                    value.isValueNode() ? value.asText() : json(value), StandardCharsets.UTF_8));
                }
            });
            bytes = form.toString().getBytes(StandardCharsets.UTF_8);
        } else {
            try {
                bytes = body.binaryValue();
            } catch (IOException e) {
                throw new IllegalStateException("a binary body is checked before it is sent", e);
            }
        }
        return new ServiceRequest(
                request.service(),
                request.method(),
                request.path(),
                request.query(),
                bytes,
                mediaType,
                request.headers(),
                request.credentials());
    }

    private String json(JsonNode body) {
        try {
            return mapper.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }

    /**
     * The failure in words for the caller: the service's name and what happened, never its address. When the request
     * may have reached the service (it timed out, its connection broke, the answer was refused) and its method is not
     * idempotent, the caller is told the service may have acted on it, rather than to try again: a second POST may
     * make a second order. A request whose connection never opened (refused, or not opened in time) cannot have.
     */
    static ServiceCallFailedException failure(ServiceCallException e, HttpMethod method) {
        return new ServiceCallFailedException(errorType(e.failure()), message(e, method), e);
    }

    private static String errorType(ServiceFailure failure) {
        return switch (failure) {
            case NOT_REGISTERED,
                    METHOD_NOT_ALLOWED,
                    PATH_REFUSED,
                    REDIRECT_REFUSED,
                    RESPONSE_TOO_LARGE,
                    HEADER_REFUSED -> "service_refused";
            case BUSY -> "busy";
            case CIRCUIT_OPEN, TIMEOUT, UNREACHABLE, PROTOCOL_ERROR, CREDENTIAL_UNAVAILABLE -> "service_unavailable";
            case CANCELLED -> "timeout";
        };
    }

    private static String message(ServiceCallException e, HttpMethod method) {
        String service = "Service '" + e.service() + "'";
        String attempts = attempts(e.attempts());
        return switch (e.failure()) {
            case NOT_REGISTERED ->
                "No service named '" + e.service()
                        + "' is registered. Call list_services to see the services you can call.";
            case METHOD_NOT_ALLOWED ->
                service + " does not allow this method. Call list_services to see the methods it allows.";
            case PATH_REFUSED ->
                "The path is refused: give a"
                        + " path relative to the service, such as orders/42, without a scheme or host, '//', '..'"
                        + " above the service's root, '..;' or '.;', encoded slashes or dots, backslashes, '?' or '#';"
                        + " put query parameters in 'query' and percent-encode other characters.";
            case REDIRECT_REFUSED ->
                service + " redirected the"
                        + " request outside its registered address (or too often, or a request that writes); the"
                        + " redirect was not followed." + afterSending(e, method, "");
            case RESPONSE_TOO_LARGE ->
                service + " answered with"
                        + " a body larger than this server accepts; it was not read."
                        + afterSending(e, method, " Ask for less, such as a page or a filter.");
            case HEADER_REFUSED ->
                "A header is refused: "
                        + service
                        + " is sent only the headers its operations declare, never Host, Authorization,"
                        + " cookies or its credential header, and no value with a line break or other control"
                        + " character. Nothing was sent.";
            case BUSY -> service + " is busy: as many calls to it as allowed" + " are running. Retry shortly.";
            case CIRCUIT_OPEN ->
                service + " is failing: after"
                        + " failures in a row its calls are refused for a while without being sent. Try again later.";
            case TIMEOUT ->
                service + " did not answer in" + " time" + attempts + "."
                        + afterSending(e, method, " Try again later.");
            case UNREACHABLE ->
                service
                        + (e.mayHaveReachedService()
                                ? " could not be reached, or its connection broke"
                                : " could not be reached; nothing was sent to it")
                        + attempts + "."
                        + afterSending(e, method, " Try again later.");
            case CREDENTIAL_UNAVAILABLE ->
                service + " is unavailable: the credential this call needs could not be had (its token endpoint"
                        + " failed, or the server holds none); nothing was sent to it. Try again later.";
            case PROTOCOL_ERROR ->
                service + " answered with" + " something that is not HTTP" + attempts + "."
                        + afterSending(e, method, "");
            case CANCELLED ->
                "The call to service '" + e.service() + "' was cancelled before it finished."
                        + afterSending(e, method, "");
        };
    }

    /**
     * What a caller should do after a request failed: {@code advice} for a method that may be sent twice or a
     * request that cannot have reached the service, else check first.
     */
    private static String afterSending(ServiceCallException e, HttpMethod method, String advice) {
        return e.mayHaveReachedService() ? afterSending(method, advice) : advice;
    }

    /** As {@link #afterSending(ServiceCallException, HttpMethod, String)}, for a request that reached the service. */
    private static String afterSending(HttpMethod method, String advice) {
        return method.isIdempotent()
                ? advice
                : " The request may have reached the service, which may have acted on it: check before sending it"
                        + " again.";
    }

    private static String attempts(int attempts) {
        return attempts > 1 ? " (" + attempts + " attempts)" : "";
    }

    private static List<String> sorted(List<HttpMethod> methods) {
        HttpMethod[] array = methods.toArray(HttpMethod[]::new);
        Arrays.sort(array);
        return Arrays.stream(array).map(HttpMethod::name).toList();
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
