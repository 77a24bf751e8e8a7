package dev.bulwark.core.internal.presentation.era2026;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.config.ServerSettings;
import dev.bulwark.core.internal.presentation.tasks.TaskAdmission;
import dev.bulwark.core.internal.presentation.tasks.Tasks;
import dev.bulwark.core.internal.presentation.tool.ServerFeatures;
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
    private final Tasks tasks;

    private Era2026Server(
            Era2026Dispatcher dispatcher, Subscriptions subscriptions, McpStatelessAsyncServer server, Tasks tasks) {
        this.dispatcher = dispatcher;
        this.subscriptions = subscriptions;
        this.server = server;
        this.tasks = tasks;
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
     * @param tasks the task engine, told here of what runs its 2026-era tasks and who hears their changes
     * @param admission decides when a task is created whether its caller may start it (its rate limit)
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
            Tasks tasks,
            TaskAdmission admission,
            Function<McpStatelessServerTransport, McpStatelessAsyncServer> statelessServer) {
        InProcessEra2026Transport transport = new InProcessEra2026Transport();
        McpStatelessAsyncServer sdkServer = Objects.requireNonNull(statelessServer.apply(transport), "server");
        Subscriptions subscriptions = new Subscriptions(mapper, tasks.offered());
        tasks.notifyWith(subscriptions::taskChanged);
        Era2026Dispatcher dispatcher = new Era2026Dispatcher(
                mapper,
                sdkMapper,
                transport.handler(),
                rounds,
                new Discovery(mapper, features, tasks.offered()),
                new ResultShaping(mapper, server, toolListByCaller),
                subscriptions,
                traces,
                tasks,
                ParamHeaderCheck.of(features.tools()),
                admission);
        return new Era2026Server(dispatcher, subscriptions, sdkServer, tasks);
    }

    /** The entry point the transports hand 2026-era requests to. */
    Era2026Dispatcher dispatcher() {
        return dispatcher;
    }

    /** Ends the open subscriptions with their result; new ones may still open (the transport refuses them). */
    public void endSubscriptions() {
        subscriptions.closeAll();
    }

    /** Ends the open subscriptions with their result and closes the SDK server. */
    public void close() {
        subscriptions.closeAll();
        tasks.close();
        server.close();
    }
}
