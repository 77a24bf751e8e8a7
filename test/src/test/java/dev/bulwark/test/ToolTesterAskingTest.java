package dev.bulwark.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.ClientAnswers;
import dev.bulwark.core.ClientRequest;
import dev.bulwark.core.Content;
import dev.bulwark.core.ElicitationResult;
import dev.bulwark.core.Root;
import dev.bulwark.core.SamplingResult;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Tools that ask the client, tested as over a session and as an MCP 2026-07-28 client's multi round-trip calls. */
class ToolTesterAskingTest {

    private static final Map<String, Object> FORM =
            Map.of("type", "object", "properties", Map.of("name", Map.of("type", "string")));

    private final AtomicInteger runs = new AtomicInteger();
    private final AtomicInteger booked = new AtomicInteger();
    private final List<ClientRequest> asked = new CopyOnWriteArrayList<>();

    /** Asks a name, then a color, then books once: three rounds for a 2026 client. */
    private final Tool<Map, Void> book = Tool.builder("book", Map.class, Void.class)
            .description("Books after two questions")
            .handler((input, context) -> {
                runs.incrementAndGet();
                ElicitationResult name = context.elicit("Name?", FORM);
                ElicitationResult color = context.elicit("Color?", FORM);
                return ToolResult.text("booked #" + booked.incrementAndGet() + " for "
                        + name.content().get("name") + " in " + color.content().get("name"));
            })
            .build();

    private final Function<ClientRequest, Object> client = request -> {
        asked.add(request);
        if (request instanceof ClientRequest.Elicitation elicitation) {
            return new ElicitationResult(
                    ElicitationResult.Action.ACCEPT,
                    Map.of("name", elicitation.message().startsWith("Name") ? "Ada" : "blue"));
        }
        if (request instanceof ClientRequest.Sampling) {
            return new SamplingResult(Content.text("Hi"), "test-model", "endTurn");
        }
        return List.of(new Root("file:///work", "work"));
    };

    @Test
    void overASessionTheHandlerRunsOnceAndWaitsForEachAnswer() {
        try (ToolTester tester = ToolTester.of(book)) {
            CallOutcome<Object> outcome = tester.answering(client).call("book", Map.of());

            assertThat(outcome.text()).isEqualTo("booked #1 for Ada in blue");
            assertThat(runs).hasValue(1);
            assertThat(asked).hasSize(2);
        }
    }

    @Test
    void forA2026ClientTheHandlerRunsOncePerRoundAndActsOnce() {
        try (ToolTester tester = ToolTester.of(book)) {
            CallOutcome<Object> outcome = tester.answeringInRounds(client).call("book", Map.of());

            assertThat(outcome.text()).isEqualTo("booked #1 for Ada in blue");
            assertThat(runs).hasValue(3);
            assertThat(booked).hasValue(1);
            assertThat(asked).extracting(ClientRequest::key).containsExactly("elicitation-1", "elicitation-2");
            assertThat(tester.bulwark()
                            .meterRegistry()
                            .get("mcp.tool.calls")
                            .tags("tool", "book", "outcome", "input_required")
                            .counter()
                            .count())
                    .isEqualTo(2.0);
        }
    }

    @Test
    void severalAsksAtOnceTakeOneRound() {
        Tool<Map, Void> all = Tool.builder("all", Map.class, Void.class)
                .description("Asks everything at once")
                .handler((input, context) -> {
                    runs.incrementAndGet();
                    ClientAnswers answers = context.ask(
                            ClientRequest.elicitation("name", "Name?", FORM),
                            ClientRequest.sampling("greeting", "Greet", 20),
                            ClientRequest.roots("roots"));
                    return ToolResult.text(answers.sampling("greeting").text() + " "
                            + answers.elicitation("name").content().get("name") + " "
                            + answers.roots("roots").get(0).uri());
                })
                .build();
        try (ToolTester tester = ToolTester.of(all)) {
            CallOutcome<Object> outcome = tester.answeringInRounds(client).call("all", Map.of());

            assertThat(outcome.text()).isEqualTo("Hi Ada file:///work");
            assertThat(runs).hasValue(2);
            List<String> keys = new ArrayList<>();
            asked.forEach(request -> keys.add(request.key()));
            assertThat(keys).containsExactlyInAnyOrder("name", "greeting", "roots");
        }
    }

    @Test
    void withoutAClientAnAskIsAClientFeatureError() {
        try (ToolTester tester = ToolTester.of(book)) {
            CallOutcome<Object> outcome = tester.call("book", Map.of());

            assertThat(outcome.errorType()).isEqualTo("client_feature_unavailable");
            assertThat(booked).hasValue(0);
        }
    }
}
