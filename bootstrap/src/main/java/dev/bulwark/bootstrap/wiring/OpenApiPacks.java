package dev.bulwark.bootstrap.wiring;

import dev.bulwark.bootstrap.config.ConfigError;
import dev.bulwark.bootstrap.config.ServerConfig;
import dev.bulwark.bootstrap.config.StartupConfigException;
import dev.bulwark.core.Bulwark;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolPack;
import dev.bulwark.outbound.ServiceSettings;
import dev.bulwark.ports.health.ComponentHealth;
import dev.bulwark.ports.outbound.CredentialUse;
import dev.bulwark.ports.outbound.ServiceClient;
import dev.bulwark.ports.outbound.ServiceDescriptor;
import dev.bulwark.ports.outbound.ServiceRequest;
import dev.bulwark.ports.outbound.ServiceResponse;
import dev.bulwark.ports.tasks.TaskSupport;
import dev.bulwark.tools.OpenApiTools;
import dev.bulwark.tools.business.openapi.OpenApiDocumentException;
import dev.bulwark.tools.business.openapi.OpenApiProblem;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The OpenAPI tool packs of the services whose configuration names a document ({@code services.<name>.openapi}). */
final class OpenApiPacks {

    private OpenApiPacks() {}

    /** The pack of one service's document, as its section configures it. */
    static OpenApiTools of(ServiceClient services, ServiceSettings service) {
        OpenApiTools.Builder tools = OpenApiTools.builder(services, service.name())
                .operations(service.openapiOperations())
                .maxDocumentBytes(service.openapiMaxSize())
                .parseTimeout(service.openapiParseTimeout());
        service.openapiScopes().forEach(tools::scope);
        service.openapiToolNames().forEach(tools::toolName);
        tools.taskSupport(Tool.TaskSupport.of(service.taskSupport()));
        service.openapiTaskSupport()
                .forEach((operation, support) -> tools.taskSupport(operation, Tool.TaskSupport.of(support)));
        service.openapiPath().ifPresent(tools::documentPath);
        service.openapiFile().ifPresent(tools::documentFile);
        return tools.build();
    }

    /**
     * Whether {@code api_request} may run as a task: when a service it calls allows tasks (optional when any does,
     * required only when every one requires them), since it is one tool for all of them.
     */
    static Tool.TaskSupport apiRequestTaskSupport(List<ServiceSettings> services) {
        List<TaskSupport> called = services.stream()
                .filter(ServiceSettings::apiRequest)
                .map(ServiceSettings::taskSupport)
                .toList();
        if (called.isEmpty() || called.stream().allMatch(support -> support == TaskSupport.FORBIDDEN)) {
            return Tool.TaskSupport.FORBIDDEN;
        }
        return called.stream().allMatch(support -> support == TaskSupport.REQUIRED)
                ? Tool.TaskSupport.REQUIRED
                : Tool.TaskSupport.OPTIONAL;
    }

    /**
     * The problems of the services' documents in local files, each read and checked as its pack would read it; the
     * documents under a service's base URL are not fetched here (their packs check them when the server is built).
     */
    static List<ConfigError> fileProblems(ServerConfig config) {
        List<ServiceSettings> configured = config.outbound().services();
        ServiceClient descriptors = new ConfiguredServices(configured);
        List<ConfigError> problems = new ArrayList<>();
        for (ServiceSettings service : configured) {
            if (service.openapiFile().isEmpty()) {
                continue;
            }
            try {
                of(descriptors, service).fileProblems(Clock.systemUTC()).stream()
                        .map(OpenApiPacks::error)
                        .forEach(problems::add);
            } catch (OpenApiDocumentException e) {
                e.problems().stream().map(OpenApiPacks::error).forEach(problems::add);
            }
        }
        return List.copyOf(problems);
    }

    /** {@code tools}, adding the problems of its document or its choice of operations to {@code problems}. */
    static ToolPack reporting(OpenApiTools tools, List<ConfigError> problems) {
        return pack -> {
            try {
                tools.register(pack);
            } catch (OpenApiDocumentException e) {
                e.problems().stream().map(OpenApiPacks::error).forEach(problems::add);
            }
        };
    }

    /**
     * The server built from {@code builder}; the problems its {@link #reporting} packs found stop the start together
     * as configuration errors, each naming its key.
     */
    static Bulwark building(Bulwark.Builder builder, List<ConfigError> problems) {
        Bulwark bulwark = builder.build();
        if (!problems.isEmpty()) {
            bulwark.close();
            throw new StartupConfigException(problems);
        }
        return bulwark;
    }

    /** The configuration error of {@code problem}, at its key, in the configuration's words. */
    private static ConfigError error(OpenApiProblem problem) {
        return new ConfigError(problem.configKey(), StartupConfigException.WIRING_SOURCE, problem.configReason());
    }

    /** The configured services as descriptors only, for checking documents in local files: nothing is sent. */
    private record ConfiguredServices(List<ServiceSettings> options) implements ServiceClient {

        @Override
        public List<ServiceDescriptor> services() {
            return options.stream().map(ServiceSettings::descriptor).toList();
        }

        @Override
        public Optional<String> credentialRefusal(String service, CredentialUse use) {
            return options.stream()
                    .filter(option -> option.name().equals(service))
                    .findFirst()
                    .map(option -> option.credentialRefusal(use))
                    .orElseGet(() -> Optional.of("no service named " + service + " is registered"));
        }

        @Override
        public ComponentHealth health(String service) {
            throw new UnsupportedOperationException("a configuration check has no service health");
        }

        @Override
        public ServiceResponse send(ServiceRequest request) {
            throw new UnsupportedOperationException("a configuration check sends nothing");
        }
    }
}
