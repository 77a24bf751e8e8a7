package dev.bulwark.core.internal.presentation.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.core.CallContext;
import dev.bulwark.core.ClientAnswers;
import dev.bulwark.core.ClientFeatureUnavailableException;
import dev.bulwark.core.ClientRequest;
import dev.bulwark.core.Root;
import dev.bulwark.core.ToolCancelledException;
import dev.bulwark.core.config.RequestStateSettings;
import dev.bulwark.core.config.Secret;
import dev.bulwark.core.internal.presentation.era2026.ClientInputRound;
import dev.bulwark.core.internal.presentation.era2026.InputRequiredSignal;
import dev.bulwark.core.internal.presentation.era2026.SignedInputRounds;
import dev.bulwark.core.internal.presentation.pipeline.CallCancellation;
import dev.bulwark.core.internal.presentation.pipeline.ResultSizeLimit;
import dev.bulwark.ports.origin.ProtocolEra;
import dev.bulwark.ports.origin.RequestOrigin;
import dev.bulwark.ports.security.Principal;
import io.modelcontextprotocol.common.McpTransportContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The call context of an MCP 2026-07-28 request, as the request guard builds it from a transport context holding the
 * request's input round: elicitation, sampling and roots are answered from the round, or asked in it.
 */
class RoundCallContextTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Principal ALICE = Principal.of("alice", "tools:read");
    private static final Map<String, Object> FORM =
            Map.of("type", "object", "properties", Map.of("name", Map.of("type", "string")));

    private final SignedInputRounds rounds = new SignedInputRounds(
            new RequestStateSettings(Optional.of(Secret.of("s".repeat(32))), Duration.ofMinutes(5)));
    private final RequestGuard guard = new RequestGuard(null, ResultSizeLimit.of(1 << 20, MAPPER));

    private static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private ClientInputRound open(String responses, String state) {
        ObjectNode params = MAPPER.createObjectNode().put("name", "greet");
        params.putObject("arguments");
        if (responses != null) {
            params.set("inputResponses", json(responses));
        }
        if (state != null) {
            params.put("requestState", state);
        }
        return rounds.open("tools/call", params, json("{\"sampling\":{},\"elicitation\":{},\"roots\":{}}"), ALICE);
    }

    private CallContext contextOf(ClientInputRound round, CallCancellation cancellation) {
        McpTransportContext transport =
                McpTransportContext.create(RequestOrigin.builder(ProtocolEra.REQUESTS_2026_07_28)
                        .caller(ALICE)
                        .inputRound(round)
                        .build()
                        .asContext());
        return guard.contextOf(transport, Map.of(), "greet", null, null, cancellation);
    }

    /** Runs {@code handler} in a context of {@code round}: its answer, or the round's input_required result. */
    private Object run(ClientInputRound round, Function<CallContext, Object> handler) {
        CallContext context = contextOf(round, CallCancellation.NEVER);
        try {
            return handler.apply(context);
        } catch (InputRequiredSignal asked) {
            assertThat(asked.raisedFor(context)).isTrue();
            return round.inputRequired().orElseThrow();
        }
    }

    @Test
    void anElicitationWithoutAnAnswerEndsTheHandlerAskingForIt() {
        Object outcome = run(open(null, null), context -> context.elicit("Your name?", FORM));

        assertThat(outcome).isInstanceOf(ObjectNode.class);
        assertThat(((ObjectNode) outcome)
                        .get("inputRequests")
                        .get("elicitation-1")
                        .get("method")
                        .textValue())
                .isEqualTo("elicitation/create");
    }

    @Test
    void anElicitationIsAnsweredFromTheClientsAnswer() {
        ObjectNode first = (ObjectNode) run(open(null, null), context -> context.elicit("Your name?", FORM));

        Object answer = run(
                open(
                        "{\"elicitation-1\":{\"action\":\"accept\",\"content\":{\"name\":\"Alice\"}}}",
                        first.get("requestState").textValue()),
                context -> context.elicit("Your name?", FORM).content());

        assertThat(answer).isEqualTo(Map.of("name", "Alice"));
    }

    @Test
    void samplingAndRootsAreAnsweredFromTheRound() {
        ClientInputRound round = open(
                "{\"sampling-1\":{\"role\":\"assistant\",\"content\":{\"type\":\"text\","
                        + "\"text\":\"Paris\"},\"model\":\"m\"},\"roots-1\":{\"roots\":[{\"uri\":\"file:///r\"}]}}",
                null);

        assertThat(run(
                        round,
                        context -> context.sample("Capital of France?", 10).text()))
                .isEqualTo("Paris");
        assertThat(run(round, context -> context.roots())).isEqualTo(List.of(new Root("file:///r", null)));
    }

    @Test
    void askingSeveralAtOnceAsksThemInOneRound() {
        ClientRequest[] requests = {
            ClientRequest.elicitation("name", "Your name?", FORM),
            ClientRequest.sampling("greeting", "Greet", 20),
            ClientRequest.roots("roots")
        };

        ObjectNode first = (ObjectNode) run(open(null, null), context -> context.ask(requests));
        assertThat(first.get("inputRequests").properties())
                .extracting(Map.Entry::getKey)
                .containsExactly("name", "greeting", "roots");

        Object answers = run(
                open(
                        "{\"name\":{\"action\":\"cancel\"},\"greeting\":{\"role\":\"assistant\","
                                + "\"content\":{\"type\":\"text\",\"text\":\"Hi\"},\"model\":\"m\"},\"roots\":{\"roots\":[]}}",
                        first.get("requestState").textValue()),
                context -> context.ask(requests));
        assertThat(((ClientAnswers) answers).sampling("greeting").text()).isEqualTo("Hi");
        assertThat(((ClientAnswers) answers).roots("roots")).isEmpty();
    }

    @Test
    void aHandlerAskingTwiceTakesTwoRounds() {
        Function<CallContext, Object> handler =
                context -> context.elicit("First?", FORM).content().get("name") + " "
                        + context.elicit("Second?", FORM).content().get("name");

        ObjectNode r1 = (ObjectNode) run(open(null, null), handler);
        ObjectNode r2 = (ObjectNode) run(
                open(
                        "{\"elicitation-1\":{\"action\":\"accept\",\"content\":{\"name\":\"a\"}}}",
                        r1.get("requestState").textValue()),
                handler);
        assertThat(r2.get("inputRequests").has("elicitation-2")).isTrue();

        Object done = run(
                open(
                        "{\"elicitation-2\":{\"action\":\"accept\",\"content\":{\"name\":\"b\"}}}",
                        r2.get("requestState").textValue()),
                handler);
        assertThat(done).isEqualTo("a b");
    }

    @Test
    void aCancelledCallAsksNothing() {
        CallCancellation cancellation = CallCancellation.create();
        cancellation.cancel();
        ClientInputRound round = open(null, null);

        assertThatThrownBy(() -> contextOf(round, cancellation).elicit("Your name?", FORM))
                .isInstanceOf(ToolCancelledException.class);
        assertThat(round.inputRequired()).isEmpty();
    }

    @Test
    void aResourceOrPromptThatAsksIsNotTurnedIntoAnError() {
        CallContext context = contextOf(open(null, null), CallCancellation.NEVER);

        assertThatThrownBy(
                        () -> RequestGuard.guarded(context, "prompt greet", () -> context.elicit("Your name?", FORM)))
                .isInstanceOf(InputRequiredSignal.class);
    }

    @Test
    void withoutARoundOrSessionTheClientsFeaturesAreUnavailable() {
        McpTransportContext transport =
                McpTransportContext.create(RequestOrigin.of(ALICE).asContext());
        CallContext stateless = guard.contextOf(transport, Map.of(), "greet", null, null);

        assertThatThrownBy(stateless::roots)
                .isInstanceOf(ClientFeatureUnavailableException.class)
                .hasMessageContaining("roots");
        assertThatThrownBy(() -> stateless.ask(ClientRequest.roots("r")))
                .isInstanceOf(ClientFeatureUnavailableException.class);
    }
}
