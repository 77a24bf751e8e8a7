package dev.bulwark.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.ports.sql.AccessMode;
import dev.bulwark.ports.sql.SqlStatement;
import dev.bulwark.ports.time.Ticker;
import dev.bulwark.ports.users.User;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every database call of the user repository and the SQL gateway is a client span under the caller's span. */
class DatabaseTracingTest {

    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final OpenTelemetrySdk openTelemetry = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(spans))
                    .build())
            .build();
    private final JdbcDatabase database = JdbcDatabase.open(
            DatabaseSettings.builder()
                    .url(Optional.empty())
                    .poolSize(2)
                    .connectionTimeout(Duration.ofSeconds(3))
                    .statementTimeout(Duration.ofSeconds(10))
                    .allowedSchemas(Set.of("public"))
                    .build(),
            Ticker.system(),
            openTelemetry);

    @AfterEach
    void close() {
        database.close();
        openTelemetry.close();
    }

    private static String attribute(SpanData span, String key) {
        return span.getAttributes().get(AttributeKey.stringKey(key));
    }

    @Test
    void userRepositoryAndSqlCallsAreClientSpansUnderTheCallersSpanWithoutStatementText() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String id = UUID.randomUUID().toString();
        Span caller = openTelemetry.getTracer("test").spanBuilder("caller").startSpan();

        try (Scope ignored = caller.makeCurrent()) {
            database.userRepository().insert(new User(id, "Ada", "ada@example.com", now, now));
            assertThat(database.userRepository().findById(id)).isPresent();
            database.sqlGateway().execute(SqlStatement.of("SELECT 'secret-literal' AS x"), AccessMode.READ_ONLY, 10);
        } finally {
            caller.end();
        }

        List<SpanData> database = spans.getFinishedSpanItems().stream()
                .filter(span -> attribute(span, "db.system.name") != null)
                .toList();
        assertThat(database)
                .extracting(SpanData::getName)
                .containsExactly("INSERT bulwark.users", "SELECT bulwark.users", "QUERY");
        assertThat(database).allSatisfy(span -> {
            assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT);
            assertThat(span.getParentSpanId()).isEqualTo(caller.getSpanContext().getSpanId());
            assertThat(attribute(span, "db.system.name")).isEqualTo("h2");
            assertThat(span.getAttributes().asMap().toString()).doesNotContain("secret-literal");
        });
        assertThat(attribute(database.get(0), "db.operation.name")).isEqualTo("INSERT");
        assertThat(attribute(database.get(0), "db.collection.name")).isEqualTo("bulwark.users");
    }

    @Test
    void aRefusedStatementIsAnErrorSpanWithItsType() {
        assertThatThrownBy(() -> database.sqlGateway()
                        .execute(SqlStatement.of("SELECT * FROM no_such_table"), AccessMode.READ_ONLY, 10))
                .isInstanceOf(RuntimeException.class);

        SpanData query = spans.getFinishedSpanItems().stream()
                .filter(span -> span.getName().equals("QUERY"))
                .findFirst()
                .orElseThrow();
        assertThat(query.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(attribute(query, "error.type")).startsWith("sql_");
    }
}
