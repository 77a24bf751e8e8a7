package dev.bulwark.core.internal.presentation.era2026;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.config.ServerSettings;
import dev.bulwark.core.config.TaskSettings;
import dev.bulwark.core.internal.business.tasks.TaskEngine;
import dev.bulwark.core.internal.business.tasks.TaskListener;
import dev.bulwark.core.internal.presentation.tasks.TaskAdmission;
import dev.bulwark.core.internal.presentation.tasks.TaskRequestMetrics;
import dev.bulwark.core.internal.presentation.tool.ServerFeatures;
import dev.bulwark.ports.tasks.TaskRecord;
import dev.bulwark.ports.tracing.RequestTraces;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpStatelessAsyncServer;
import io.modelcontextprotocol.spec.McpStatelessServerTransport;
import java.util.Objects;
import java.util.function.Function;

/**
 * Builds the 2026-era layer of one server: the SDK's stateless server on an in-process transport, declared by
 * the caller (the same declaration, handlers and pipeline as every other server), and the
 * {@link Era2026Dispatcher} in front of it. Thread-safe.
 */
public final class Era2026Server {

    private final Era2026Dispatcher dispatcher;
    private final Subscriptions subscriptions;
    private final McpStatelessAsyncServer server;
    /** The handle of this era's listening to the engine's changes and to the extensions' resource changes. */
    private final AutoCloseable changes;

    private Era2026Server(
            Era2026Dispatcher dispatcher,
            Subscriptions subscriptions,
            McpStatelessAsyncServer server,
            AutoCloseable changes) {
        this.dispatcher = dispatcher;
        this.subscriptions = subscriptions;
        this.server = server;
        this.changes = changes;
    }

    /**
     * The layer over the process's task engine {@code tasks}, shared with the session era.
     *
     * @param mapper reads requests and writes answers
     * @param sdkMapper the SDK's mapper, which writes its results
     * @param server the name and version the server reports
     * @param features what the server offers, for {@code server/discover}
     * @param toolListByCaller whether {@code tools/list} shows each caller only the tools it may call
     * @param rounds opens each request's input round
     * @param traces opens the span of each request other than the feature requests, which the handlers trace
     * @param tasks the task engine, whose changes this era's subscriptions hear
     * @param taskSettings the tasks' settings, which their answers show
     * @param admission decides when a task is created whether its caller may start it (its rate limit)
     * @param metrics where the requests of the task routes are counted
     * @param extensions the embedder's extensions, declared and served here
     * @param statelessServer builds the SDK's stateless server on the transport it is given
     */
    public static Era2026Server create(
            ObjectMapper mapper,
            McpJsonMapper sdkMapper,
            ServerSettings server,
            ServerFeatures features,
            boolean toolListByCaller,
            InputRounds rounds,
            RequestTraces traces,
            TaskEngine tasks,
            TaskSettings taskSettings,
            TaskAdmission admission,
            TaskRequestMetrics metrics,
            ExtensionRequests extensions,
            Function<McpStatelessServerTransport, McpStatelessAsyncServer> statelessServer) {
        InProcessEra2026Transport transport = new InProcessEra2026Transport();
        McpStatelessAsyncServer sdkServer = Objects.requireNonNull(statelessServer.apply(transport), "server");
        Subscriptions subscriptions = new Subscriptions(mapper, tasks.offered(), extensions.announcesResourceChanges());
        TaskWire wire = new TaskWire(mapper, taskSettings, tasks);
        AutoCloseable taskChanges = tellSubscriptions(tasks, wire, subscriptions);
        AutoCloseable resourceChanges = extensions.listenResourceChanges(subscriptions::resourcesListChanged);
        AutoCloseable toolChanges = features.catalogue().listen(subscriptions::toolsListChanged);
        AutoCloseable promptChanges = () -> {};
        if (features.promptListChanges()) {
            subscriptions.announcePromptChanges();
            promptChanges = features.promptCatalogue().listen(subscriptions::promptsListChanged);
        }
        AutoCloseable promptListening = promptChanges;
        AutoCloseable catalogueResourceChanges = () -> {};
        if (features.resourceListChanges()) {
            subscriptions.announceResourceChanges();
            catalogueResourceChanges = features.resourceCatalogue().listen(subscriptions::resourcesListChanged);
        }
        AutoCloseable resourceListening = catalogueResourceChanges;
        features.resourceSubscribers()
                .ifPresent(subscribers -> subscriptions.followResources(subscribers, features::resourceScopes));
        AutoCloseable resourceUpdates = features.resourceUpdates().listen(subscriptions::resourceUpdated);
        AutoCloseable changes = () -> {
            try {
                taskChanges.close();
            } finally {
                try {
                    resourceChanges.close();
                } finally {
                    try {
                        toolChanges.close();
                    } finally {
                        try {
                            promptListening.close();
                        } finally {
                            try {
                                resourceListening.close();
                            } finally {
                                resourceUpdates.close();
                            }
                        }
                    }
                }
            }
        };
        Era2026Dispatcher dispatcher = new Era2026Dispatcher(
                mapper,
                sdkMapper,
                transport.handler(),
                rounds,
                new Discovery(mapper, features, extensions),
                new ResultShaping(mapper, server, toolListByCaller),
                subscriptions,
                traces,
                features.catalogue()::tool,
                metrics,
                ParamHeaderCheck.of(features.tools()),
                admission,
                extensions);
        return new Era2026Server(dispatcher, subscriptions, sdkServer, changes);
    }

    /**
     * Tells {@code subscriptions} of every change of a task stored here or elsewhere, the task as {@code tasks/get}
     * shows it, until the returned handle is closed. A change stored elsewhere is read only while a subscription
     * watches the task.
     */
    static AutoCloseable tellSubscriptions(TaskEngine tasks, TaskWire wire, Subscriptions subscriptions) {
        return tasks.listen(new TaskListener() {
            @Override
            public void changed(TaskRecord record, Seen seen) {
                if (seen != Seen.NOTICED) {
                    subscriptions.taskChanged(record.owner(), record.taskId(), wire.detailed(record));
                }
            }

            @Override
            public boolean wants(String owner, String taskId) {
                return subscriptions.watches(owner, taskId);
            }
        });
    }

    /** The entry point the transports hand 2026-era requests to. */
    Era2026Dispatcher dispatcher() {
        return dispatcher;
    }

    /** Ends the open subscriptions with their result; new ones may still open (the transport refuses them). */
    public void endSubscriptions() {
        subscriptions.closeAll();
    }

    /**
     * Ends the open subscriptions with their result, stops hearing the engine's changes and closes the SDK server;
     * the engine is closed by its owner.
     */
    public void close() {
        subscriptions.closeAll();
        try {
            changes.close();
        } catch (Exception e) {
            throw new IllegalStateException("could not stop hearing the task changes", e);
        }
        server.close();
    }
}
