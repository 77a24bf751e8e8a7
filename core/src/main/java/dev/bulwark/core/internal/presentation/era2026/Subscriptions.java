package dev.bulwark.core.internal.presentation.era2026;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.core.ResourceWatch;
import dev.bulwark.core.internal.presentation.tool.ResourceSubscribers;
import dev.bulwark.ports.era2026.Era2026Answer;
import dev.bulwark.ports.era2026.NotificationStream;
import dev.bulwark.ports.security.Principal;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The 2026 era's {@code subscriptions/listen} streams: each acknowledged with the notifications it will carry, then
 * open until its client leaves or {@link #closeAll} ends it with its result. Thread-safe.
 */
final class Subscriptions {

    static final String ACKNOWLEDGED = "notifications/subscriptions/acknowledged";
    /** The Tasks extension's status notification. */
    static final String TASK_STATUS = "notifications/tasks";
    /** The most task ids one subscription may name. */
    static final int MAX_TASK_IDS = 100;
    /** The most notifications kept for a stream acknowledged but not yet opened; later ones are dropped. */
    static final int MAX_WAITING = 16;
    /**
     * The most subscriptions one caller (a principal's subject) holds open, as many as sessions: each holds a
     * connection over HTTP for as long as its client likes, so a caller past it is refused ({@code 429},
     * {@link #TOO_MANY}) until it ends one. A place is taken in one step with the check when a subscription is
     * acknowledged, so callers asking at once cannot pass the cap, and given back once when its stream closes or ends
     * (a transport that cannot open an acknowledged stream closes it). With authentication off every client is the
     * one configured caller, so they share the cap, as local processes share the sessions of their one address.
     */
    static final int MAX_OPEN_PER_CALLER = 100;
    /** The JSON-RPC error code of a subscription refused because its caller holds too many. */
    static final int TOO_MANY = -32000;

    private final ObjectMapper mapper;
    private final int maxOpenPerCaller;
    private final boolean tasksOffered;
    /** Whether the resource list may change while the server runs: only then is {@code resourcesListChanged} honoured. */
    private volatile boolean resourceChangesAnnounced;

    private final Map<Stream, JsonNode> open = new ConcurrentHashMap<>();
    private final Map<String, Integer> openByCaller = new ConcurrentHashMap<>();
    /** The streams that watch tasks, from their acknowledgement until they close. */
    private final Set<Stream> watching = ConcurrentHashMap.newKeySet();
    /** The streams that asked for {@code resourcesListChanged}, from their acknowledgement until they close. */
    private final Set<Stream> hearingResourceChanges = ConcurrentHashMap.newKeySet();
    /** The streams that asked for {@code toolsListChanged}, from their acknowledgement until they close. */
    private final Set<Stream> hearingToolChanges = ConcurrentHashMap.newKeySet();
    /** The streams that asked for {@code promptsListChanged}, from their acknowledgement until they close. */
    private final Set<Stream> hearingPromptChanges = ConcurrentHashMap.newKeySet();
    /** Whether the prompt list may change while the server runs: only then is {@code promptsListChanged} honoured. */
    private volatile boolean promptChangesAnnounced;
    /** The subscribers of the resources a pack's watch follows, or {@code null}: no resource announces updates. */
    private volatile ResourceSubscribers resourceSubscribers;
    /** The scopes the resource at a URI requires. */
    private volatile Function<String, Set<String>> resourceScopes = uri -> Set.of();
    /** The streams that subscribed to resources, from their acknowledgement until they close. */
    private final Set<Stream> hearingResourceUpdates = ConcurrentHashMap.newKeySet();
    /** Set by {@link #closeAll}: a stream opened later (acknowledged just before) is ended as soon as it opens. */
    private volatile boolean ending;

    /** @param tasksOffered whether any tool runs as a task: only then are {@code taskIds} honoured */
    Subscriptions(ObjectMapper mapper, boolean tasksOffered) {
        this(mapper, MAX_OPEN_PER_CALLER, tasksOffered, false);
    }

    /**
     * @param tasksOffered whether any tool runs as a task: only then are {@code taskIds} honoured
     * @param resourceChangesAnnounced whether an extension announces changes of its resources: only then is
     *     {@code resourcesListChanged} honoured
     */
    Subscriptions(ObjectMapper mapper, boolean tasksOffered, boolean resourceChangesAnnounced) {
        this(mapper, MAX_OPEN_PER_CALLER, tasksOffered, resourceChangesAnnounced);
    }

    /** With at most {@code maxOpenPerCaller} open subscriptions per caller (for tests). */
    Subscriptions(ObjectMapper mapper, int maxOpenPerCaller, boolean tasksOffered) {
        this(mapper, maxOpenPerCaller, tasksOffered, false);
    }

    private Subscriptions(
            ObjectMapper mapper, int maxOpenPerCaller, boolean tasksOffered, boolean resourceChangesAnnounced) {
        this.mapper = mapper;
        this.maxOpenPerCaller = maxOpenPerCaller;
        this.tasksOffered = tasksOffered;
        this.resourceChangesAnnounced = resourceChangesAnnounced;
    }

    /**
     * The acknowledgement of the subscription request {@code id} of {@code caller} (a principal's subject, or
     * {@code ""}), and its stream; or the rejection of its params, or of a caller that holds too many. The
     * acknowledgement names what is honoured of what was asked: the {@code taskIds} when tools run as tasks (the Tasks
     * extension, which the client must declare), and {@code resourcesListChanged} when an extension announces changes
     * of its resources, {@code toolsListChanged} always (the tool catalogue may change while the server runs), and
     * {@code promptsListChanged} when a pack may change the prompts, and the {@code resourceSubscriptions} a pack's
     * watch follows for a caller holding their scopes ({@link #listen(JsonNode, ObjectNode, String, Optional)}). Every message carries the subscription's id in {@code _meta}.
     */
    Era2026Answer listen(JsonNode id, ObjectNode params, String caller) {
        return listen(id, params, caller, Optional.empty());
    }

    /**
     * As {@link #listen(JsonNode, ObjectNode, String)}, with the caller's principal, whose scopes decide which of the
     * {@code resourceSubscriptions} asked for are honoured: those a pack's watch follows and the caller may read.
     */
    Era2026Answer listen(JsonNode id, ObjectNode params, String caller, Optional<Principal> principal) {
        JsonNode filter = params.get("notifications");
        if (filter == null || !filter.isObject()) {
            return Rejection.badRequest(
                            McpSchema.ErrorCodes.INVALID_PARAMS,
                            "Invalid params: notifications is required and must be an object")
                    .answer(mapper, id);
        }
        JsonNode taskIds = filter.get("taskIds");
        if (taskIds != null && !validTaskIds(taskIds)) {
            return Rejection.badRequest(
                            McpSchema.ErrorCodes.INVALID_PARAMS,
                            "Invalid params: notifications.taskIds must be an array of at most " + MAX_TASK_IDS
                                    + " task ids (strings)")
                    .answer(mapper, id);
        }
        if (taskIds != null
                && !DeclaredExtensions.declared(
                        params.path(Era2026Protocol.META).get(Era2026Protocol.CLIENT_CAPABILITIES), TaskMethods.ID)) {
            return DeclaredExtensions.missing(mapper, TaskMethods.ID).answer(mapper, id);
        }
        JsonNode resourceUris = filter.get("resourceSubscriptions");
        if (resourceUris != null && !validUris(resourceUris)) {
            return Rejection.badRequest(
                            McpSchema.ErrorCodes.INVALID_PARAMS,
                            "Invalid params: notifications.resourceSubscriptions must be an array of at most "
                                    + MAX_TASK_IDS + " resource URIs (strings)")
                    .answer(mapper, id);
        }
        Set<String> watched = new HashSet<>();
        if (taskIds != null && tasksOffered) {
            taskIds.forEach(taskId -> watched.add(taskId.textValue()));
        }
        if (!takePlace(caller)) {
            return new Rejection(
                            429,
                            TOO_MANY,
                            "Too many open subscriptions: a caller holds at most " + maxOpenPerCaller
                                    + "; end one before opening another",
                            null)
                    .answer(mapper, id);
        }
        ObjectNode acknowledgement =
                mapper.createObjectNode().put("jsonrpc", "2.0").put("method", ACKNOWLEDGED);
        ObjectNode ackParams = acknowledgement.putObject("params");
        ObjectNode honoured = ackParams.putObject("notifications"); // what is honoured of what was asked
        boolean resourceChanges =
                resourceChangesAnnounced && filter.path("resourcesListChanged").asBoolean(false);
        if (resourceChanges) {
            honoured.put("resourcesListChanged", true);
        }
        boolean toolChanges = filter.path("toolsListChanged").asBoolean(false);
        if (toolChanges) {
            honoured.put("toolsListChanged", true);
        }
        boolean promptChanges =
                promptChangesAnnounced && filter.path("promptsListChanged").asBoolean(false);
        if (promptChanges) {
            honoured.put("promptsListChanged", true);
        }
        if (!watched.isEmpty()) {
            ArrayNode acknowledgedIds = honoured.putArray("taskIds");
            taskIds.forEach(taskId -> {
                if (watched.contains(taskId.textValue())) {
                    acknowledgedIds.add(taskId);
                }
            });
        }
        ackParams.putObject(Era2026Protocol.META).set(Era2026Protocol.SUBSCRIPTION_ID, id);
        Stream stream = new Stream(id, caller, Set.copyOf(watched));
        if (resourceUris != null) {
            ArrayNode honouredUris = mapper.createArrayNode();
            for (JsonNode uri : resourceUris) {
                if (subscribeResource(uri.textValue(), stream, principal)) {
                    honouredUris.add(uri.textValue());
                }
            }
            if (!honouredUris.isEmpty()) {
                honoured.set("resourceSubscriptions", honouredUris);
                hearingResourceUpdates.add(stream);
            }
        }
        if (!watched.isEmpty()) {
            watching.add(stream);
        }
        if (resourceChanges) {
            hearingResourceChanges.add(stream);
        }
        if (toolChanges) {
            hearingToolChanges.add(stream);
        }
        if (promptChanges) {
            hearingPromptChanges.add(stream);
        }
        return new Era2026Answer(200, acknowledgement.toString(), Optional.of(stream));
    }

    /**
     * Subscribes {@code stream} to {@code uri} when a pack's watch follows it, the caller holds its scopes and the
     * watch takes it; whether it did.
     */
    private boolean subscribeResource(String uri, Stream stream, Optional<Principal> principal) {
        ResourceSubscribers subscribers = resourceSubscribers;
        if (subscribers == null || !subscribers.watches(uri) || subscribers.subscribed(uri, stream)) {
            return false;
        }
        Set<String> required = resourceScopes.apply(uri);
        if (!required.isEmpty()
                && !principal.map(caller -> caller.hasAllScopes(required)).orElse(false)) {
            return false;
        }
        try {
            subscribers.subscribe(uri, stream);
            stream.resources.add(uri);
            return true;
        } catch (ResourceWatch.RefusedException refused) {
            return false;
        }
    }

    /**
     * Honours {@code resourceSubscriptions} from now on for the URIs {@code subscribers} follow, each for a caller
     * holding the scopes {@code scopes} names for it.
     */
    void followResources(ResourceSubscribers subscribers, Function<String, Set<String>> scopes) {
        resourceScopes = scopes;
        resourceSubscribers = subscribers;
    }

    /** Sends {@code notifications/resources/updated} for {@code uri} to every open stream subscribed to it. */
    void resourceUpdated(String uri) {
        hearingResourceUpdates.forEach(stream -> {
            if (stream.resources.contains(uri)) {
                ObjectNode notification = mapper.createObjectNode()
                        .put("jsonrpc", "2.0")
                        .put("method", McpSchema.METHOD_NOTIFICATION_RESOURCES_UPDATED);
                ObjectNode params = notification.putObject("params").put("uri", uri);
                params.putObject(Era2026Protocol.META).set(Era2026Protocol.SUBSCRIPTION_ID, stream.id);
                stream.send(notification.toString());
            }
        });
    }

    private static boolean validUris(JsonNode uris) {
        if (!uris.isArray() || uris.size() > MAX_TASK_IDS) {
            return false;
        }
        for (JsonNode uri : uris) {
            if (!uri.isTextual()) {
                return false;
            }
        }
        return true;
    }

    private static boolean validTaskIds(JsonNode taskIds) {
        if (!taskIds.isArray() || taskIds.size() > MAX_TASK_IDS) {
            return false;
        }
        for (JsonNode taskId : taskIds) {
            if (!taskId.isTextual()) {
                return false;
            }
        }
        return true;
    }

    /** Whether a subscription of {@code owner} watches {@code taskId}, open or acknowledged and about to open. */
    boolean watches(String owner, String taskId) {
        for (Stream stream : watching) {
            if (stream.caller.equals(owner) && stream.taskIds.contains(taskId)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Sends {@code notifications/tasks} with {@code task}, as {@code tasks/get} shows it, to the open streams of
     * {@code owner} that watch {@code taskId}; to no other caller's (for another caller the task does not exist: its
     * id is acknowledged and nothing is ever sent). A change before a stream opens waits for it.
     */
    void taskChanged(String owner, String taskId, ObjectNode task) {
        watching.forEach(stream -> {
            if (stream.caller.equals(owner) && stream.taskIds.contains(taskId)) {
                ObjectNode notification =
                        mapper.createObjectNode().put("jsonrpc", "2.0").put("method", TASK_STATUS);
                ObjectNode params = task.deepCopy();
                params.putObject(Era2026Protocol.META).set(Era2026Protocol.SUBSCRIPTION_ID, stream.id);
                notification.set("params", params);
                stream.send(notification.toString());
            }
        });
    }

    /** Sends {@code notifications/resources/list_changed} to every open stream that asked for it. */
    void resourcesListChanged() {
        listChanged(hearingResourceChanges, McpSchema.METHOD_NOTIFICATION_RESOURCES_LIST_CHANGED);
    }

    /** Sends {@code notifications/tools/list_changed} to every open stream that asked for it. */
    void toolsListChanged() {
        listChanged(hearingToolChanges, McpSchema.METHOD_NOTIFICATION_TOOLS_LIST_CHANGED);
    }

    /** Honours {@code resourcesListChanged} from now on: the resource list may change while the server runs. */
    void announceResourceChanges() {
        resourceChangesAnnounced = true;
    }

    /** Honours {@code promptsListChanged} from now on: the prompt list may change while the server runs. */
    void announcePromptChanges() {
        promptChangesAnnounced = true;
    }

    /** Sends {@code notifications/prompts/list_changed} to every open stream that asked for it. */
    void promptsListChanged() {
        listChanged(hearingPromptChanges, McpSchema.METHOD_NOTIFICATION_PROMPTS_LIST_CHANGED);
    }

    private void listChanged(Set<Stream> hearing, String method) {
        hearing.forEach(stream -> {
            ObjectNode notification =
                    mapper.createObjectNode().put("jsonrpc", "2.0").put("method", method);
            notification
                    .putObject("params")
                    .putObject(Era2026Protocol.META)
                    .set(Era2026Protocol.SUBSCRIPTION_ID, stream.id);
            stream.send(notification.toString());
        });
    }

    /** Takes one of {@code caller}'s places, checked and counted in one step; false when it holds them all. */
    private boolean takePlace(String caller) {
        boolean[] taken = new boolean[1];
        openByCaller.compute(caller, (key, held) -> {
            int now = held == null ? 0 : held;
            if (now >= maxOpenPerCaller) {
                return held;
            }
            taken[0] = true;
            return now + 1;
        });
        return taken[0];
    }

    /**
     * Ends every open subscription with its result; the streams are closed. One acknowledged but not yet opened by
     * its transport is ended as soon as it opens, and so is any opened from now on: the server is stopping.
     */
    void closeAll() {
        ending = true;
        open.forEach((stream, id) -> stream.end());
    }

    /** How many subscriptions are open; for tests and metrics. */
    int openCount() {
        return open.size();
    }

    /** How many places {@code caller} holds: its subscriptions acknowledged and not yet closed; for tests. */
    int openCount(String caller) {
        return openByCaller.getOrDefault(caller, 0);
    }

    /**
     * One subscription's stream: it holds its caller's place from its acknowledgement until it closes or ends. Its
     * messages go to the sink one at a time, the subscription's result last.
     */
    private final class Stream implements NotificationStream {

        private final JsonNode id;
        private final String caller;
        private final Set<String> taskIds;
        /** The URIs it subscribed to. */
        private final Set<String> resources = ConcurrentHashMap.newKeySet();

        private final AtomicBoolean closed = new AtomicBoolean();
        /** Guards the sink and the notifications waiting for it. */
        private final Object lock = new Object();

        private final List<String> waiting = new ArrayList<>();
        private Consumer<String> sink;
        private volatile Runnable ended;

        Stream(JsonNode id, String caller, Set<String> taskIds) {
            this.id = id;
            this.caller = caller;
            this.taskIds = taskIds;
        }

        @Override
        public void open(Consumer<String> sink, Runnable ended) {
            this.ended = ended;
            synchronized (lock) {
                this.sink = sink;
                if (!closed.get()) {
                    waiting.forEach(sink);
                }
                waiting.clear();
            }
            open.put(this, id);
            if (closed.get()) {
                open.remove(this); // closed before it opened: its place is already given back
                return;
            }
            if (ending) {
                end(); // closeAll ran between the acknowledgement and now; end() runs once whoever calls it
            }
        }

        /** Sends one notification, or keeps it until the stream opens; nothing once it closed. */
        void send(String message) {
            synchronized (lock) {
                if (closed.get()) {
                    return;
                }
                if (sink != null) {
                    sink.accept(message);
                } else if (waiting.size() < MAX_WAITING) {
                    waiting.add(message);
                }
            }
        }

        @Override
        public void close() {
            closeOnce();
        }

        /** Closes the stream and gives its place back; whether this call did (it was not closed or ended before). */
        private boolean closeOnce() {
            if (!closed.compareAndSet(false, true)) {
                return false;
            }
            open.remove(this);
            watching.remove(this);
            hearingResourceChanges.remove(this);
            hearingToolChanges.remove(this);
            hearingPromptChanges.remove(this);
            hearingResourceUpdates.remove(this);
            ResourceSubscribers subscribers = resourceSubscribers;
            if (subscribers != null && !resources.isEmpty()) {
                subscribers.unsubscribeAll(this);
            }
            openByCaller.computeIfPresent(caller, (key, held) -> held == 1 ? null : held - 1);
            return true;
        }

        /** Sends the subscription's result, then ends the stream; once, whoever ends it first. */
        @Override
        public void end() {
            boolean sent = false;
            synchronized (lock) {
                Consumer<String> current = sink;
                if (closeOnce() && current != null) {
                    ObjectNode response = mapper.createObjectNode().put("jsonrpc", "2.0");
                    response.set("id", id);
                    ObjectNode result = response.putObject("result").put("resultType", "complete");
                    result.putObject(Era2026Protocol.META).set(Era2026Protocol.SUBSCRIPTION_ID, id);
                    current.accept(response.toString());
                    sent = true;
                }
            }
            if (sent) {
                ended.run();
            }
        }
    }
}
