package dev.bulwark.core.internal.presentation.era2026;

import static dev.bulwark.core.internal.presentation.era2026.RoundFixtures.ALICE;
import static dev.bulwark.core.internal.presentation.era2026.RoundFixtures.ALL_CAPABILITIES;
import static dev.bulwark.core.internal.presentation.era2026.RoundFixtures.ASK_NAME;
import static dev.bulwark.core.internal.presentation.era2026.RoundFixtures.MAPPER;
import static dev.bulwark.core.internal.presentation.era2026.RoundFixtures.NAME_FORM;
import static dev.bulwark.core.internal.presentation.era2026.RoundFixtures.call;
import static dev.bulwark.core.internal.presentation.era2026.RoundFixtures.context;
import static dev.bulwark.core.internal.presentation.era2026.RoundFixtures.json;
import static dev.bulwark.core.internal.presentation.era2026.RoundFixtures.rounds;
import static dev.bulwark.core.internal.presentation.era2026.RoundFixtures.stateOf;
import static dev.bulwark.core.internal.presentation.era2026.RoundFixtures.withResponses;
import static dev.bulwark.core.internal.presentation.era2026.RoundFixtures.withState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.core.CallContext;
import dev.bulwark.core.ClientAnswers;
import dev.bulwark.core.ClientFeatureUnavailableException;
import dev.bulwark.core.ClientRequest;
import dev.bulwark.core.Root;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a round answers, what it asks for, and the input_required result it makes. */
class ClientInputRoundTest {

    private static final ClientRequest GREETING = ClientRequest.sampling("greeting", "Generate a greeting", 50);
    private static final ClientRequest ROOTS = ClientRequest.roots("client_roots");
    private static final String NAME_ANSWER = "{\"action\":\"accept\",\"content\":{\"name\":\"Alice\"}}";
    private static final String SAMPLING_ANSWER = "{\"role\":\"assistant\",\"content\":{\"type\":\"text\","
            + "\"text\":\"Hello there!\"},\"model\":\"test-model\",\"stopReason\":\"endTurn\"}";
    private static final String ROOTS_ANSWER = "{\"roots\":[{\"uri\":\"file:///test/root\",\"name\":\"Test Root\"}]}";

    private final SettableClock clock = new SettableClock();
    private final SignedInputRounds rounds = rounds(clock);
    private final CallContext greet = context("greet");

    private ClientInputRound open(ObjectNode params) {
        return rounds.open("tools/call", params, ALL_CAPABILITIES, ALICE);
    }

    /** Runs {@code handler} on {@code round}; the {@code input_required} result when it asked, else null. */
    private ObjectNode run(ClientInputRound round, java.util.function.Consumer<ClientInputRound> handler) {
        try {
            handler.accept(round);
            assertThat(round.inputRequired()).isEmpty();
            return null;
        } catch (InputRequiredSignal asked) {
            assertThat(asked.raisedFor(greet)).isTrue();
            return round.inputRequired().orElseThrow();
        }
    }

    @Test
    void aFirstAskIsAnsweredWithInputRequiredNamingTheRequest() {
        ObjectNode result = run(open(call("greet", "{}")), round -> round.ask(greet, ASK_NAME));

        assertThat(result.get("resultType").textValue()).isEqualTo("input_required");
        assertThat(result.get("inputRequests"))
                .isEqualTo(json("{\"user_name\":{\"method\":\"elicitation/create\","
                        + "\"params\":{\"mode\":\"form\",\"message\":\"What is your name?\",\"requestedSchema\":"
                        + MAPPER.valueToTree(NAME_FORM) + "}}}"));
        assertThat(result.get("requestState").isTextual()).isTrue();
    }

    @Test
    void severalRequestsAreAskedInOneRoundAndAnsweredTogether() {
        ObjectNode first = run(open(call("greet", "{}")), round -> round.ask(greet, ASK_NAME, GREETING, ROOTS));

        assertThat(first.get("inputRequests").get("greeting"))
                .isEqualTo(json("{\"method\":\"sampling/createMessage\","
                        + "\"params\":{\"messages\":[{\"role\":\"user\",\"content\":{\"type\":\"text\","
                        + "\"text\":\"Generate a greeting\"}}],\"maxTokens\":50}}"));
        assertThat(first.get("inputRequests").get("client_roots"))
                .isEqualTo(json("{\"method\":\"roots/list\",\"params\":{}}"));

        ClientInputRound retry = open(withResponses(
                withState(call("greet", "{}"), stateOf(first)),
                "{\"user_name\":" + NAME_ANSWER + ",\"greeting\":" + SAMPLING_ANSWER + ",\"client_roots\":"
                        + ROOTS_ANSWER + "}"));
        ClientAnswers answers = retry.ask(greet, ASK_NAME, GREETING, ROOTS);

        assertThat(answers.elicitation("user_name").content()).containsEntry("name", "Alice");
        assertThat(answers.sampling("greeting").text()).isEqualTo("Hello there!");
        assertThat(answers.sampling("greeting").stopReason()).isEqualTo("endTurn");
        assertThat(answers.roots("client_roots")).containsExactly(new Root("file:///test/root", "Test Root"));
    }

    @Test
    void onlyTheMissingAnswersAreAskedAgainAndTheGivenOnesAreKept() {
        ObjectNode first = run(open(call("greet", "{}")), round -> round.ask(greet, ASK_NAME, GREETING));
        ObjectNode second = run(
                open(withResponses(
                        withState(call("greet", "{}"), stateOf(first)), "{\"user_name\":" + NAME_ANSWER + "}")),
                round -> round.ask(greet, ASK_NAME, GREETING));

        assertThat(second.get("inputRequests").properties())
                .extracting(Map.Entry::getKey)
                .containsExactly("greeting");

        ClientAnswers answers = open(withResponses(
                        withState(call("greet", "{}"), stateOf(second)), "{\"greeting\":" + SAMPLING_ANSWER + "}"))
                .ask(greet, ASK_NAME, GREETING);
        assertThat(answers.elicitation("user_name").content()).containsEntry("name", "Alice");
        assertThat(answers.sampling("greeting").model()).isEqualTo("test-model");
    }

    @Test
    void multipleRoundsCarryEarlierAnswersWhileTheClientSendsOnlyTheNewest() {
        ClientRequest step1 = ClientRequest.elicitation("step1", "Step 1: What is your name?", NAME_FORM);
        ClientRequest step2 = ClientRequest.elicitation(
                "step2",
                "Step 2: What is your favorite color?",
                Map.of("type", "object", "properties", Map.of("color", Map.of("type", "string"))));
        java.util.function.Consumer<ClientInputRound> handler = round -> {
            round.ask(greet, step1);
            round.ask(greet, step2);
        };

        ObjectNode r1 = run(open(call("greet", "{}")), handler);
        ObjectNode r2 = run(
                open(withResponses(withState(call("greet", "{}"), stateOf(r1)), "{\"step1\":" + NAME_ANSWER + "}")),
                handler);
        assertThat(r2.get("inputRequests").has("step2")).isTrue();
        assertThat(r2.get("inputRequests").has("step1")).isFalse();
        assertThat(stateOf(r2)).isNotEqualTo(stateOf(r1));

        ClientInputRound r3 = open(withResponses(
                withState(call("greet", "{}"), stateOf(r2)),
                "{\"step2\":{\"action\":\"accept\",\"content\":{\"color\":\"blue\"}}}"));
        assertThat(r3.ask(greet, step1).elicitation("step1").content()).containsEntry("name", "Alice");
        assertThat(r3.ask(greet, step2).elicitation("step2").content()).containsEntry("color", "blue");
        assertThat(r3.inputRequired()).isEmpty();
    }

    @Test
    void anAnswerGivenWithoutStateCountsAndExtraKeysAreIgnored() {
        ClientInputRound round = open(withResponses(
                call("greet", "{}"),
                "{\"user_name\":" + NAME_ANSWER
                        + ",\"unknown_extra_key\":{\"action\":\"accept\",\"content\":{\"foo\":\"bar\"}}}"));

        assertThat(round.ask(greet, ASK_NAME).elicitation("user_name").content())
                .containsEntry("name", "Alice");
    }

    @Test
    void anAnswerUnderAWrongKeyLeavesTheRequestAsked() {
        ObjectNode result = run(
                open(withResponses(call("greet", "{}"), "{\"wrong_key\":" + NAME_ANSWER + "}")),
                round -> round.ask(greet, ASK_NAME));

        assertThat(result.get("inputRequests").has("user_name")).isTrue();
    }

    @Test
    void anAnswerThatDoesNotReadAsTheResultAskedForIsAskedAgain() {
        for (String unreadable : new String[] {
            "{}", "{\"action\":\"maybe\"}", "{\"action\":\"ACCEPT\"}", "{\"action\":\"accept\",\"content\":[1]}"
        }) {
            ObjectNode result = run(
                    open(withResponses(call("greet", "{}"), "{\"user_name\":" + unreadable + "}")),
                    round -> round.ask(greet, ASK_NAME));
            assertThat(result).as(unreadable).isNotNull();
        }
        ObjectNode sampling = run(
                open(withResponses(call("greet", "{}"), "{\"greeting\":{\"role\":\"assistant\"}}")),
                round -> round.ask(greet, GREETING));
        assertThat(sampling).isNotNull();
    }

    @Test
    void anAnswerToAnotherRequestUnderTheSameKeyIsNotUsed() {
        ObjectNode first = run(open(call("greet", "{}")), round -> round.ask(greet, ASK_NAME));
        ClientRequest changed = ClientRequest.elicitation("user_name", "What is your full name?", NAME_FORM);

        ObjectNode again = run(
                open(withResponses(
                        withState(call("greet", "{}"), stateOf(first)), "{\"user_name\":" + NAME_ANSWER + "}")),
                round -> round.ask(greet, changed));

        assertThat(again.get("inputRequests")
                        .get("user_name")
                        .get("params")
                        .get("message")
                        .textValue())
                .isEqualTo("What is your full name?");
    }

    @Test
    void aDeclinedElicitationIsAnAnswer() {
        ClientInputRound round = open(withResponses(call("greet", "{}"), "{\"user_name\":{\"action\":\"decline\"}}"));

        assertThat(round.ask(greet, ASK_NAME).elicitation("user_name").accepted())
                .isFalse();
    }

    @Test
    void aCapabilityTheClientDidNotDeclareIsUnavailableAndNothingIsAsked() {
        ClientInputRound round = rounds.open("tools/call", call("greet", "{}"), json("{\"sampling\":{}}"), ALICE);

        assertThatThrownBy(() -> round.ask(greet, ASK_NAME, GREETING))
                .isInstanceOf(ClientFeatureUnavailableException.class)
                .hasMessageContaining("elicitation");
        assertThat(round.inputRequired()).isEmpty();
        assertThatThrownBy(() -> round.ask(greet, GREETING)).isInstanceOf(InputRequiredSignal.class);
        assertThat(round.inputRequired().orElseThrow().get("inputRequests").properties())
                .extracting(Map.Entry::getKey)
                .containsExactly("greeting");
    }

    @Test
    void aCapabilityTheClientDidNotDeclareIsTheRoundsMissingCapabilityOneItDeclaredIsNot() {
        ClientInputRound declared =
                rounds.open("tools/call", call("greet", "{}"), json("{\"elicitation\":{\"url\":{}}}"), ALICE);
        ClientInputRound undeclared = rounds.open("tools/call", call("greet", "{}"), json("{\"sampling\":{}}"), ALICE);

        assertThatThrownBy(() -> declared.ask(greet, ASK_NAME)).isInstanceOf(ClientFeatureUnavailableException.class);
        assertThatThrownBy(() -> undeclared.ask(greet, ASK_NAME)).isInstanceOf(ClientFeatureUnavailableException.class);

        assertThat(declared.missingCapability())
                .as("declared, in a mode this server cannot use")
                .isEmpty();
        assertThat(undeclared.missingCapability()).hasValue("elicitation");
    }

    @Test
    void elicitationOfUrlModeOnlyIsNoFormElicitation() {
        ClientInputRound round =
                rounds.open("tools/call", call("greet", "{}"), json("{\"elicitation\":{\"url\":{}}}"), ALICE);

        assertThatThrownBy(() -> round.ask(greet, ASK_NAME)).isInstanceOf(ClientFeatureUnavailableException.class);
    }

    @Test
    void aMethodThatMayNotAnswerInputRequiredCannotAsk() {
        ClientInputRound round = rounds.open("completion/complete", MAPPER.createObjectNode(), ALL_CAPABILITIES, ALICE);

        assertThatThrownBy(() -> round.ask(greet, ASK_NAME))
                .isInstanceOf(ClientFeatureUnavailableException.class)
                .hasMessageContaining("only while serving tools/call, prompts/get or resources/read");
        assertThat(round.inputRequired()).isEmpty();
    }

    @Test
    void promptsAndResourcesMayAsk() {
        ObjectNode prompt = MAPPER.createObjectNode().put("name", "test_prompt");
        ObjectNode resource = MAPPER.createObjectNode().put("uri", "test://r");

        assertThatThrownBy(() -> rounds.open("prompts/get", prompt, ALL_CAPABILITIES, ALICE)
                        .ask(greet, ASK_NAME))
                .isInstanceOf(InputRequiredSignal.class);
        assertThatThrownBy(() -> rounds.open("resources/read", resource, ALL_CAPABILITIES, ALICE)
                        .ask(greet, ROOTS))
                .isInstanceOf(InputRequiredSignal.class);
    }

    @Test
    void twoRequestsUnderOneKeyAreRefused() {
        assertThatThrownBy(() -> open(call("greet", "{}")).ask(greet, ASK_NAME, ClientRequest.roots("user_name")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("share the key");
    }

    @Test
    void automaticKeysCountPerFeatureInTheOrderAsked() {
        ClientInputRound round = open(call("greet", "{}"));

        assertThat(List.of(round.nextKey("elicitation"), round.nextKey("sampling"), round.nextKey("elicitation")))
                .containsExactly("elicitation-1", "sampling-1", "elicitation-2");
    }
}
