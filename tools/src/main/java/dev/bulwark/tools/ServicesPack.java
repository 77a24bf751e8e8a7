package dev.bulwark.tools;

import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolPack;
import dev.bulwark.core.ToolPackContext;
import dev.bulwark.ports.outbound.ServiceClient;
import dev.bulwark.tools.business.services.ApiCallService;
import dev.bulwark.tools.business.services.ApiToolSettings;
import dev.bulwark.tools.data.services.ServiceAccess;
import dev.bulwark.tools.presentation.services.ServiceTools;
import java.util.Objects;

/**
 * The services pack: {@code api_request}, {@code batch_api_requests} and {@code list_services} on the services a
 * {@link ServiceClient} has registered ({@link ServiceTools}), with the batch limits of its {@link ApiToolSettings}.
 * Immutable.
 */
public final class ServicesPack implements ToolPack {

    private final ServiceClient client;
    private final ApiToolSettings settings;
    private final Tool.TaskSupport apiRequestTasks;

    /**
     * A pack whose {@code api_request} never runs as a task.
     *
     * @param client the registered services
     * @param settings the batch limits
     */
    public ServicesPack(ServiceClient client, ApiToolSettings settings) {
        this(client, settings, Tool.TaskSupport.FORBIDDEN);
    }

    /**
     * @param client the registered services
     * @param settings the batch limits
     * @param apiRequestTasks whether a call of {@code api_request} may run as a task ({@code execution.taskSupport})
     */
    public ServicesPack(ServiceClient client, ApiToolSettings settings, Tool.TaskSupport apiRequestTasks) {
        this.client = Objects.requireNonNull(client, "client");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.apiRequestTasks = Objects.requireNonNull(apiRequestTasks, "apiRequestTasks");
    }

    @Override
    public void register(ToolPackContext pack) {
        pack.tools(ServiceTools.create(
                ApiCallService.on(new ServiceAccess(client), pack.objectMapper(), settings), apiRequestTasks));
    }
}
