package dev.bulwark.tools.business.gateway;

import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.CallContext;
import dev.bulwark.core.ClientAnswers;
import dev.bulwark.core.ClientFeatureUnavailableException;
import dev.bulwark.core.ClientRequest;
import dev.bulwark.core.Content;
import dev.bulwark.core.ElicitationResult;
import dev.bulwark.core.ExtensionContext;
import dev.bulwark.core.Root;
import dev.bulwark.core.SamplingResult;
import dev.bulwark.ports.origin.ProtocolEra;
import dev.bulwark.ports.upstream.CallerCannotAnswerException;
import dev.bulwark.ports.upstream.UpstreamCaller;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The caller of one gateway tool call, as its upstream reaches it: progress and log messages passed on, and sampling,
 * elicitation and roots requests asked of the caller through its {@link CallContext}. Thread-safe as the context is.
 */
final class CallerRelay implements UpstreamCaller {

    /** The client features a relay asks for, in the order it declares them. */
    private static final List<String> FEATURES = List.of("sampling", "elicitation", "roots");

    private final CallContext context;
    /** Whether the upstream holds its request open while the caller is asked (a session), not asking in rounds. */
    private final boolean heldOpen;
    /** How many of the upstream's rounds this relay asked the caller: each round's requests are keyed by it. */
    private final AtomicInteger batches = new AtomicInteger();

    CallerRelay(CallContext context) {
        this(context, true);
    }

    private CallerRelay(CallContext context, boolean heldOpen) {
        this.context = Objects.requireNonNull(context, "context");
        this.heldOpen = heldOpen;
    }

    /** What the call's client declared it can be asked for; a caller that cannot be asked declares nothing. */
    @Override
    public Set<String> features() {
        Set<String> features = new LinkedHashSet<>();
        for (String feature : FEATURES) {
            if (context.canAskClient(feature)) {
                features.add(feature);
            }
        }
        return Set.copyOf(features);
    }

    /**
     * A 2026-era upstream asks in rounds: a 2026-era caller may be asked too, as its own {@code input_required}
     * round; its retry runs the call again, and the upstream call then carries the answers.
     */
    @Override
    public UpstreamCaller inRounds() {
        return heldOpen ? new CallerRelay(context, false) : this;
    }

    @Override
    public void progress(double progress, Double total, String message) {
        context.reportProgress(progress, total, message);
    }

    @Override
    public boolean log(String level, String logger, String message) {
        return context.logToClient(level, logger, message);
    }

    /**
     * A caller asked in rounds is asked every request in one {@link CallContext#ask} (for a 2026-era caller, one
     * {@code input_required} round of its own; over a session, one request after the other), each under a key made of
     * the batch's and the request's place: the same on every run of the call, whatever keys the upstream uses.
     */
    @Override
    public Map<String, Object> answer(Map<String, Request> requests) {
        if (heldOpen) {
            return UpstreamCaller.super.answer(requests);
        }
        int batch = batches.incrementAndGet();
        List<ClientRequest> asked = new ArrayList<>();
        Map<String, String> methods = new LinkedHashMap<>();
        for (Request request : requests.values()) {
            String key = "upstream-" + batch + "-" + (asked.size() + 1);
            asked.add(clientRequest(key, request));
            methods.put(key, request.method());
        }
        ClientAnswers answers;
        try {
            answers = context.ask(asked.toArray(ClientRequest[]::new));
        } catch (ClientFeatureUnavailableException e) {
            throw new CallerCannotAnswerException(methodOf(e.feature()), e.getMessage());
        } catch (BulwarkException e) {
            throw new CallerCannotAnswerException(e.getMessage());
        }
        Map<String, Object> answered = new LinkedHashMap<>();
        int place = 0;
        for (String upstreamKey : requests.keySet()) {
            String key = asked.get(place++).key();
            answered.put(
                    upstreamKey,
                    switch (methods.get(key)) {
                        case Request.SAMPLING -> sampled(answers.sampling(key));
                        case Request.ELICITATION -> elicited(answers.elicitation(key));
                        default -> Map.of("roots", listed(answers.roots(key)));
                    });
        }
        return answered;
    }

    /** The request of the caller's that asks what {@code request} asks. */
    private static ClientRequest clientRequest(String key, Request request) {
        return switch (request.method()) {
            case Request.SAMPLING ->
                ClientRequest.sampling(key, prompt(request.params().get("messages")), maxTokens(request.params()));
            case Request.ELICITATION ->
                ClientRequest.elicitation(key, message(request.params()), schema(request.params()));
            case Request.ROOTS -> ClientRequest.roots(key);
            default ->
                throw new CallerCannotAnswerException(
                        request.method(), "the gateway relays sampling, elicitation and roots requests only");
        };
    }

    /** The upstream's method that asks for {@code feature}. */
    private static String methodOf(String feature) {
        return switch (feature) {
            case "sampling" -> Request.SAMPLING;
            case "elicitation" -> Request.ELICITATION;
            default -> Request.ROOTS;
        };
    }

    /**
     * The caller is asked with the text of the upstream's messages and its token limit; the system prompt, model
     * preferences, context inclusion, temperature and stop sequences are not passed (the docs say so).
     */
    @Override
    public Map<String, Object> sample(Map<String, Object> params) {
        requireHeldOpen("sampling");
        String prompt = prompt(params.get("messages"));
        int maxTokens = maxTokens(params);
        return sampled(asked(() -> context.sample(prompt, maxTokens)));
    }

    @Override
    public Map<String, Object> elicit(Map<String, Object> params) {
        requireHeldOpen("elicitation");
        String message = message(params);
        Map<String, Object> schema = schema(params);
        return elicited(asked(() -> context.elicit(message, schema)));
    }

    @Override
    public List<Map<String, Object>> roots() {
        requireHeldOpen("roots");
        return listed(asked(context::roots));
    }

    private static int maxTokens(Map<String, Object> params) {
        Object limit = params.get("maxTokens");
        return limit instanceof Number number ? Math.max(1, number.intValue()) : 1;
    }

    /** The elicitation's message; only form elicitation is relayed. */
    private static String message(Map<String, Object> params) {
        Object mode = params.get("mode");
        if (mode != null && !"form".equals(mode)) {
            throw new CallerCannotAnswerException(
                    Request.ELICITATION, "only form elicitation is relayed, not mode '" + mode + "'");
        }
        return String.valueOf(params.getOrDefault("message", ""));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> schema(Map<String, Object> params) {
        return params.get("requestedSchema") instanceof Map<?, ?> requested
                ? (Map<String, Object>) requested
                : Map.of("type", "object", "properties", Map.of());
    }

    /** A {@code CreateMessageResult}'s fields. */
    private static Map<String, Object> sampled(SamplingResult result) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("role", "assistant");
        answer.put("content", content(result.content()));
        answer.put("model", result.model());
        if (result.stopReason() != null) {
            answer.put("stopReason", result.stopReason());
        }
        return answer;
    }

    /** An {@code ElicitResult}'s fields. */
    private static Map<String, Object> elicited(ElicitationResult result) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("action", result.action().name().toLowerCase(Locale.ROOT));
        if (result.accepted()) {
            answer.put("content", result.content());
        }
        return answer;
    }

    /** Each root with its {@code uri} and, when known, {@code name}. */
    private static List<Map<String, Object>> listed(List<Root> given) {
        List<Map<String, Object>> roots = new ArrayList<>();
        for (Root root : given) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("uri", root.uri());
            if (root.name() != null) {
                entry.put("name", root.name());
            }
            roots.add(entry);
        }
        return roots;
    }

    /**
     * A 2026-era caller is asked in an {@code input_required} round, answered by running the call again: an upstream
     * holding its request open would get a second call, so its requests are refused instead.
     */
    private void requireHeldOpen(String feature) {
        if (heldOpen
                && context instanceof ExtensionContext extension
                && extension.origin().era() != ProtocolEra.SESSIONS_2025_11_25) {
            throw new CallerCannotAnswerException("the caller speaks protocol "
                    + extension.origin().era().version()
                    + ", whose " + feature + " requests are asked in an input_required round that cannot hold an"
                    + " upstream call open");
        }
    }

    /** The caller's answer, or its failure as a refusal with the caller's reason (never a stack trace). */
    private static <T> T asked(java.util.function.Supplier<T> ask) {
        try {
            return ask.get();
        } catch (BulwarkException e) {
            throw new CallerCannotAnswerException(e.getMessage());
        }
    }

    /** The text of each message, in order; with several, each after its role. */
    private static String prompt(Object messages) {
        if (!(messages instanceof List<?> list)) {
            return "";
        }
        List<String> lines = new ArrayList<>();
        for (Object item : list) {
            if (item instanceof Map<?, ?> message && message.get("content") instanceof Map<?, ?> content) {
                String text = content.get("text") == null ? "" : String.valueOf(content.get("text"));
                lines.add(list.size() == 1 ? text : message.get("role") + ": " + text);
            }
        }
        return String.join("\n", lines);
    }

    private static Map<String, Object> content(Content content) {
        if (content instanceof Content.Image image) {
            return Map.of("type", "image", "data", image.base64Data(), "mimeType", image.mimeType());
        }
        if (content instanceof Content.Audio audio) {
            return Map.of("type", "audio", "data", audio.base64Data(), "mimeType", audio.mimeType());
        }
        return Map.of("type", "text", "text", content instanceof Content.Text text ? text.text() : "");
    }
}
