package dev.bulwark.tools.business.gateway;

import dev.bulwark.core.CallContext;
import dev.bulwark.core.Content;
import dev.bulwark.core.Prompt;
import dev.bulwark.core.ResourceNotFoundException;
import dev.bulwark.core.ToolCancelledException;
import dev.bulwark.core.ToolResult;
import dev.bulwark.ports.audit.AuditRecord;
import dev.bulwark.ports.tasks.TaskSupport;
import dev.bulwark.ports.upstream.CallerFailedException;
import dev.bulwark.ports.upstream.UpstreamCallException;
import dev.bulwark.ports.upstream.UpstreamPrompt;
import dev.bulwark.ports.upstream.UpstreamPromptResult;
import dev.bulwark.ports.upstream.UpstreamResource;
import dev.bulwark.ports.upstream.UpstreamResourceContents;
import dev.bulwark.ports.upstream.UpstreamResult;
import dev.bulwark.ports.upstream.UpstreamTool;
import dev.bulwark.tools.business.services.ServiceCallFailedException;
import dev.bulwark.tools.data.gateway.UpstreamAccess;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls an upstream tool, gets its prompt or reads its resource, answering as every service call is: content passed on, an error result
 * as a tool error with its own text, a failure as an error naming the upstream only (never its host, credential or
 * own error message). Thread-safe.
 */
public final class UpstreamCalls {

    private static final Logger LOG = LoggerFactory.getLogger(UpstreamCalls.class);
    private static final int MAX_ERROR_TEXT = 4000;

    private final UpstreamAccess access;
    private final GatewayAudit audit;

    /**
     * @param access the upstreams
     * @param audit where a prompt get's or resource read's audit record goes (a tool call's is the pipeline's)
     */
    public UpstreamCalls(UpstreamAccess access, GatewayAudit audit) {
        this.access = Objects.requireNonNull(access, "access");
        this.audit = Objects.requireNonNull(audit, "audit");
    }

    /** The tools {@code upstream} lists now. */
    public List<UpstreamTool> tools(String upstream) {
        return access.tools(upstream);
    }

    /** Whether a call of {@code upstream}'s tools may run as a task, as its settings say. */
    public TaskSupport taskSupport(String upstream) {
        return access.taskSupport(upstream);
    }

    /** Runs {@code listener} with an upstream's name whenever its tool list changes; it must not block. */
    public void onToolsChanged(java.util.function.Consumer<String> listener) {
        access.onToolsChanged(listener);
    }

    /**
     * Calls {@code tool} of {@code upstream} for the Bulwark tool {@code exposed}.
     *
     * @throws ServiceCallFailedException when the upstream gave no result, or an error result
     * @throws ToolCancelledException when the call was cancelled
     */
    public ToolResult<Object> call(String upstream, String tool, String exposed, Map<String, Object> arguments) {
        return call(upstream, tool, exposed, arguments, null);
    }

    /**
     * Calls {@code tool} of {@code upstream} for the Bulwark tool {@code exposed}, relaying to {@code context}'s
     * caller what the upstream sends during the call ({@link CallerRelay}).
     *
     * @throws ServiceCallFailedException when the upstream gave no result, or an error result
     * @throws ToolCancelledException when the call was cancelled
     */
    public ToolResult<Object> call(
            String upstream, String tool, String exposed, Map<String, Object> arguments, CallContext context) {
        requireListed(
                access.tools(upstream).stream().anyMatch(listed -> listed.name().equals(tool)),
                "tool",
                exposed,
                upstream);
        UpstreamResult result;
        try {
            result = context == null
                    ? access.call(upstream, tool, arguments)
                    : access.call(upstream, tool, arguments, new CallerRelay(context));
        } catch (UpstreamCallException e) {
            LOG.warn("Call of {} through upstream {} failed: {}", exposed, upstream, e.getMessage());
            throw failure(e, exposed);
        } catch (CallerFailedException e) {
            throw e.getCause(); // the caller's own: a 2026-era caller asked in a round of its own, say
        }
        List<Content> content = new ArrayList<>();
        for (Map<String, Object> item : result.content()) {
            content.add(content(item));
        }
        if (result.error()) {
            String text = content.stream()
                    .filter(Content.Text.class::isInstance)
                    .map(item -> ((Content.Text) item).text())
                    .collect(Collectors.joining("\n"));
            if (text.length() > MAX_ERROR_TEXT) {
                text = text.substring(0, MAX_ERROR_TEXT) + "...";
            }
            throw new ServiceCallFailedException(
                    "upstream_tool_error",
                    "Upstream '" + upstream + "' answered " + exposed + " with an error"
                            + (text.isBlank() ? "." : ": " + text));
        }
        if (content.isEmpty()) {
            content.add(Content.text(""));
        }
        return new ToolResult<>(result.structured().orElse(null), content);
    }

    /** The prompts {@code upstream} lists now. */
    public List<UpstreamPrompt> prompts(String upstream) {
        return access.prompts(upstream);
    }

    /** Runs {@code listener} with an upstream's name whenever its prompt list changes; it must not block. */
    public void onPromptsChanged(java.util.function.Consumer<String> listener) {
        access.onPromptsChanged(listener);
    }

    /**
     * Gets {@code prompt} of {@code upstream} for the Bulwark prompt {@code exposed} and {@code context}'s caller,
     * with one audit record naming the upstream ({@link GatewayAudit}): its messages, each content item as a tool's is.
     *
     * @throws ServiceCallFailedException when the upstream gave no result
     * @throws ToolCancelledException when the request was cancelled
     */
    public List<Prompt.Message> prompt(
            String upstream, String prompt, String exposed, Map<String, String> arguments, CallContext context) {
        return audit.audited(
                context,
                AuditRecord.Kind.PROMPT,
                exposed,
                upstream,
                () -> relayPrompt(upstream, prompt, exposed, arguments));
    }

    /**
     * The values {@code upstream} suggests for {@code completion} (in its own names) of the Bulwark prompt or
     * template {@code exposed}, asked for {@code context}'s caller with one audit record naming the upstream
     * ({@link GatewayAudit}), since the upstream is asked with the gateway's credential on that caller's behalf; the
     * caller's scopes are checked before this is called.
     *
     * @throws ServiceCallFailedException when the upstream gave no result
     * @throws ToolCancelledException when the request was cancelled
     */
    public List<String> complete(
            String upstream,
            dev.bulwark.ports.upstream.UpstreamCompletion completion,
            String exposed,
            CallContext context) {
        return audit.audited(context, AuditRecord.Kind.COMPLETION, exposed, upstream, () -> {
            try {
                return access.complete(upstream, completion);
            } catch (UpstreamCallException e) {
                LOG.warn("Completion of {} through upstream {} failed: {}", exposed, upstream, e.getMessage());
                throw failure(e, exposed);
            }
        });
    }

    /** The resources and templates {@code upstream} lists now. */
    public List<UpstreamResource> resources(String upstream) {
        return access.resources(upstream);
    }

    /**
     * Follows the updates of {@code upstream}'s resource at {@code uri} (its own URI), now and at each connection.
     *
     * @return empty when it is followed; else why not, for the client: the upstream is not connected, or it does not
     *     serve resource subscriptions
     */
    public Optional<String> followResource(String upstream, String uri) {
        try {
            access.followResource(upstream, uri);
            return Optional.empty();
        } catch (UpstreamCallException e) {
            LOG.debug("Upstream {}: its resource {} cannot be followed: {}", upstream, uri, e.getMessage());
            return Optional.of(
                    e.failure() == dev.bulwark.ports.upstream.UpstreamFailure.UNAVAILABLE
                            ? "Upstream '" + upstream + "' is not connected now: its resources cannot be subscribed"
                                    + " to; try again later"
                            : "Upstream '" + upstream + "' does not serve resource subscriptions: its resources"
                                    + " cannot be subscribed to");
        }
    }

    /** Stops following {@code upstream}'s resource at {@code uri}. */
    public void unfollowResource(String upstream, String uri) {
        access.unfollowResource(upstream, uri);
    }

    /** Runs {@code listener} with an upstream's name and its own URI whenever a followed resource was updated. */
    public void onResourceUpdated(java.util.function.BiConsumer<String, String> listener) {
        access.onResourceUpdated(listener);
    }

    /** Runs {@code listener} with an upstream's name whenever its resource list changes; it must not block. */
    public void onResourcesChanged(java.util.function.Consumer<String> listener) {
        access.onResourcesChanged(listener);
    }

    /**
     * Reads {@code uri} (the upstream's own URI) of {@code upstream} for the Bulwark resource {@code exposed} and
     * {@code context}'s caller, with one audit record naming the upstream ({@link GatewayAudit}): the upstream's
     * contents, each of its text or base64 bytes, in order.
     *
     * @param scope the scope the caller needs, if any; without it, the read is answered as of an unknown URI
     * @throws ResourceNotFoundException when the caller lacks {@code scope}; nothing is sent upstream
     * @throws ServiceCallFailedException when the upstream gave no result, or no contents
     * @throws ToolCancelledException when the request was cancelled
     */
    public List<UpstreamResourceContents.Item> read(
            String upstream, String uri, String exposed, Optional<String> scope, CallContext context) {
        return audit.audited(context, AuditRecord.Kind.RESOURCE, exposed, upstream, () -> {
            if (scope.isPresent() && !context.principal().hasAllScopes(Set.of(scope.get()))) {
                throw new ResourceNotFoundException(exposed);
            }
            UpstreamResourceContents result;
            try {
                result = access.readResource(upstream, uri);
            } catch (UpstreamCallException e) {
                LOG.warn("Read of {} through upstream {} failed: {}", exposed, upstream, e.getMessage());
                throw failure(e, exposed);
            }
            if (result.contents().isEmpty()) {
                throw new ServiceCallFailedException(
                        "service_unavailable",
                        "Upstream '" + upstream + "' answered " + exposed + " with no contents.");
            }
            return result.contents();
        });
    }

    /** Refuses a call of what the upstream does not list now: it is down, or dropped it since the last list. */
    private static void requireListed(boolean listed, String kind, String exposed, String upstream) {
        if (!listed) {
            throw new ServiceCallFailedException(
                    "service_unavailable",
                    "The " + kind + " " + exposed + " of upstream '" + upstream + "' is not available now: the"
                            + " upstream is not connected, or no longer lists it. Try again later.");
        }
    }

    private List<Prompt.Message> relayPrompt(
            String upstream, String prompt, String exposed, Map<String, String> arguments) {
        requireListed(
                access.prompts(upstream).stream()
                        .anyMatch(listed -> listed.name().equals(prompt)),
                "prompt",
                exposed,
                upstream);
        UpstreamPromptResult result;
        try {
            result = access.prompt(upstream, prompt, arguments);
        } catch (UpstreamCallException e) {
            LOG.warn("Prompt {} through upstream {} failed: {}", exposed, upstream, e.getMessage());
            throw failure(e, exposed);
        }
        List<Prompt.Message> messages = new ArrayList<>();
        for (UpstreamPromptResult.Message message : result.messages()) {
            Content content = content(message.content());
            messages.add(
                    "assistant".equals(message.role())
                            ? Prompt.Message.assistant(content)
                            : Prompt.Message.user(content));
        }
        if (messages.isEmpty()) {
            throw new ServiceCallFailedException(
                    "service_unavailable", "Upstream '" + upstream + "' answered " + exposed + " with no message.");
        }
        return messages;
    }

    private static RuntimeException failure(UpstreamCallException e, String exposed) {
        String upstream = "Upstream '" + e.upstream() + "'";
        return switch (e.failure()) {
            case NOT_FOUND ->
                new ServiceCallFailedException("service_refused", upstream + " does not serve " + exposed + ".");
            case UNAVAILABLE ->
                new ServiceCallFailedException(
                        "service_unavailable", upstream + " is not connected now. Try again later.");
            case BUSY ->
                new ServiceCallFailedException(
                        "busy", upstream + " is busy: as many calls to it as allowed are running. Retry shortly.");
            case CIRCUIT_OPEN ->
                new ServiceCallFailedException(
                        "service_unavailable",
                        upstream + " has failed several calls in a row, so calls to it are refused for a while. Try"
                                + " again later.");
            case TIMEOUT ->
                new ServiceCallFailedException(
                        "service_unavailable",
                        upstream + " did not answer in time; the call was cancelled there. It may have acted on it:"
                                + " check before trying again.");
            case RESULT_TOO_LARGE ->
                new ServiceCallFailedException(
                        "service_refused",
                        upstream + " answered with a result larger than its limit, so it was not passed on. Ask for"
                                + " less.");
            case PROTOCOL_ERROR ->
                new ServiceCallFailedException("service_unavailable", upstream + " could not run " + exposed + ".");
            case CALLER_ERROR -> new ServiceCallFailedException("service_refused", refused(e, upstream, exposed));
            case CANCELLED -> new ToolCancelledException(exposed);
        };
    }

    /**
     * What the caller reads of a request the upstream refused as the caller's error: the upstream's own message,
     * which the adapter cleaned of its host, command and stack, so that the caller can correct its request.
     */
    private static String refused(UpstreamCallException e, String upstream, String exposed) {
        String message = e.upstreamMessage().orElse("");
        if (message.isEmpty()) {
            return upstream + " refused " + exposed + " as an invalid request.";
        }
        return upstream + " refused " + exposed + ": " + message + (message.endsWith(".") ? "" : ".");
    }

    private static Content content(Map<String, Object> item) {
        String type = String.valueOf(item.get("type"));
        switch (type) {
            case "text" -> {
                return Content.text(String.valueOf(item.getOrDefault("text", "")));
            }
            case "image" -> {
                return new Content.Image(text(item, "data"), text(item, "mimeType"));
            }
            case "audio" -> {
                return new Content.Audio(text(item, "data"), text(item, "mimeType"));
            }
            case "resource" -> {
                if (item.get("resource") instanceof Map<?, ?> resource) {
                    String uri = String.valueOf(resource.get("uri"));
                    String mimeType = resource.get("mimeType") == null
                            ? "application/octet-stream"
                            : String.valueOf(resource.get("mimeType"));
                    if (resource.get("text") != null) {
                        return new Content.EmbeddedText(uri, mimeType, String.valueOf(resource.get("text")));
                    }
                    return new Content.EmbeddedBlob(uri, mimeType, String.valueOf(resource.get("blob")));
                }
                return Content.text("(an embedded resource without contents)");
            }
            case "resource_link" -> {
                return Content.text("Resource link: " + item.get("uri")
                        + (item.get("name") == null ? "" : " (" + item.get("name") + ")"));
            }
            default -> {
                return Content.text("(content of type " + type + " the gateway does not pass on)");
            }
        }
    }

    private static String text(Map<String, Object> item, String key) {
        Object value = item.get(key);
        return value == null ? "" : String.valueOf(value);
    }
}
