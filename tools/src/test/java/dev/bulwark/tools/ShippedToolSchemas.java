package dev.bulwark.tools;

import dev.bulwark.core.Bulwark;
import dev.bulwark.core.Tool;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.core.internal.presentation.tool.JsonSchemas;
import dev.bulwark.ports.health.ComponentHealth;
import dev.bulwark.ports.outbound.ServiceClient;
import dev.bulwark.ports.outbound.ServiceDescriptor;
import dev.bulwark.ports.outbound.ServiceRequest;
import dev.bulwark.ports.outbound.ServiceResponse;
import dev.bulwark.ports.sql.AccessMode;
import dev.bulwark.ports.sql.QueryResult;
import dev.bulwark.ports.sql.SqlGateway;
import dev.bulwark.ports.sql.SqlStatement;
import dev.bulwark.ports.sql.TableListing;
import dev.bulwark.ports.sql.TableSchema;
import dev.bulwark.test.fakes.InMemoryUserRepository;
import dev.bulwark.tools.business.services.ApiToolSettings;
import dev.bulwark.tools.business.sql.SqlToolSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The build-time generator of the shipped tools' schemas: {@code main(classesDir)} writes, for every input and
 * output type of every tool in every pack of this module, the schema {@link JsonSchemas#forType} finds at start. The
 * module's build runs it after the test classes compile (tools/pom.xml), so the jar carries them and a server start
 * does not load the schema generator; {@link ShippedToolSchemasTest} fails when one is missing or stale. The packs
 * are built on fakes that are never called.
 */
public final class ShippedToolSchemas {

    private ShippedToolSchemas() {}

    /** Writes every schema under {@code args[0]} (the module's classes folder). */
    public static void main(String[] args) throws IOException {
        Path classes = Path.of(args[0]);
        for (Class<?> type : types()) {
            Path file = classes.resolve(JsonSchemas.resourceName(type));
            Files.createDirectories(file.getParent());
            Files.writeString(file, JsonSchemas.resourceText(type));
        }
    }

    /** The input and output types of every shipped tool that have a generated schema, in registration order. */
    static Set<Class<?>> types() {
        Set<Class<?>> types = new LinkedHashSet<>();
        for (Tool<?, ?> tool : tools()) {
            if (generatesFor(tool.inputType())) {
                types.add(tool.inputType());
            }
            if (JsonSchemas.forOutputType(tool.outputType()) != null) {
                types.add(tool.outputType());
            }
        }
        return types;
    }

    /** Whether the generator describes {@code type} (free-form inputs such as {@code Map} have explicit schemas). */
    private static boolean generatesFor(Class<?> type) {
        return JsonSchemas.forOutputType(type) != null;
    }

    /** Every tool of every pack this module ships. */
    static List<Tool<?, ?>> tools() {
        try (Bulwark bulwark = Bulwark.builder(BulwarkConfig.defaults())
                .meterRegistry(new SimpleMeterRegistry())
                .packs(BuiltInTools.packs(
                        new InMemoryUserRepository(), new UnusedSqlGateway(), SqlToolSettings.defaults()))
                .pack(new ServicesPack(new UnusedServiceClient(), ApiToolSettings.defaults()))
                .pack(new ConformancePack())
                .build()) {
            return List.copyOf(bulwark.tools());
        }
    }

    /** Builds the SQL tools; never called. */
    private static final class UnusedSqlGateway implements SqlGateway {
        @Override
        public Set<String> allowedSchemas() {
            return Set.of("public");
        }

        @Override
        public Duration statementTimeout() {
            return Duration.ofSeconds(10);
        }

        @Override
        public Duration connectionTimeout() {
            return Duration.ofSeconds(3);
        }

        @Override
        public QueryResult execute(SqlStatement statement, AccessMode mode, int maxRows) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<QueryResult> executeBatch(List<SqlStatement> statements, AccessMode mode, int maxRows) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<TableSchema> describeTable(String schema, String table) {
            throw new UnsupportedOperationException();
        }

        @Override
        public TableListing listTables(Set<String> schemas, int maxTables) {
            throw new UnsupportedOperationException();
        }
    }

    /** Builds the service tools; no services. */
    private static final class UnusedServiceClient implements ServiceClient {
        @Override
        public List<ServiceDescriptor> services() {
            return List.of();
        }

        @Override
        public ComponentHealth health(String service) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ServiceResponse send(ServiceRequest request) {
            throw new UnsupportedOperationException();
        }
    }
}
