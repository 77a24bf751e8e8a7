package dev.bulwark.core.internal.presentation.era2026;

import static dev.bulwark.core.internal.presentation.era2026.RoundFixtures.ALICE;
import static dev.bulwark.core.internal.presentation.era2026.RoundFixtures.ALL_CAPABILITIES;
import static dev.bulwark.core.internal.presentation.era2026.RoundFixtures.ASK_NAME;
import static dev.bulwark.core.internal.presentation.era2026.RoundFixtures.BOB;
import static dev.bulwark.core.internal.presentation.era2026.RoundFixtures.MAPPER;
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
import dev.bulwark.core.config.RequestStateSettings;
import dev.bulwark.core.config.Secret;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The signed request state: it round-trips, and a state that was altered in any part, signed with another key,
 * expired, presented by another caller or on another request, or malformed is refused with a message that quotes
 * nothing the client sent.
 */
class SignedInputRoundsTest {

    private static final String ANSWER = "{\"user_name\":{\"action\":\"accept\",\"content\":{\"name\":\"Alice\"}}}";

    private final SettableClock clock = new SettableClock();
    private final SignedInputRounds rounds = rounds(clock);

    /** The state of the {@code input_required} result of a first call of {@code greet} with {@code arguments}. */
    private String firstRoundState(SignedInputRounds issuer, String arguments) {
        ClientInputRound round = issuer.open("tools/call", call("greet", arguments), ALL_CAPABILITIES, ALICE);
        assertThatThrownBy(() -> round.ask(context("greet"), ASK_NAME)).isInstanceOf(InputRequiredSignal.class);
        return stateOf(round.inputRequired().orElseThrow());
    }

    private ClientInputRound retry(String state) {
        return rounds.open(
                "tools/call",
                withResponses(withState(call("greet", "{\"x\":1}"), state), ANSWER),
                ALL_CAPABILITIES,
                ALICE);
    }

    private void assertRefused(String state, String message) {
        assertThatThrownBy(() -> retry(state))
                .isInstanceOf(InvalidInputRoundException.class)
                .hasMessage(message)
                .satisfies(refused -> assertThat(refused.getMessage()).doesNotContain(state));
    }

    @Test
    void aStateRoundTripsAndItsAnswerIsFound() {
        String state = firstRoundState(rounds, "{\"x\":1}");

        ClientInputRound round = retry(state);

        assertThat(round.ask(context("greet"), ASK_NAME)
                        .elicitation("user_name")
                        .content())
                .containsEntry("name", "Alice");
        assertThat(round.inputRequired()).isEmpty();
    }

    @Test
    void anInstanceSharingTheKeyContinuesTheExchange() {
        SignedInputRounds other = rounds(clock);
        String state = firstRoundState(other, "{\"x\":1}");

        assertThat(retry(state)
                        .ask(context("greet"), ASK_NAME)
                        .elicitation("user_name")
                        .accepted())
                .isTrue();
    }

    @Test
    void aStateSignedWithAnotherKeyIsRefused() {
        SignedInputRounds rotated = new SignedInputRounds(
                new RequestStateSettings(Optional.of(Secret.of("r".repeat(40))), Duration.ofMinutes(10)), clock);

        assertRefused(firstRoundState(rotated, "{\"x\":1}"), RequestStateCodec.TAMPERED);
    }

    @Test
    void anAlteredPayloadIsRefused() {
        String state = firstRoundState(rounds, "{\"x\":1}");
        int dot = state.indexOf('.');
        String payload = new String(Base64.getUrlDecoder().decode(state.substring(0, dot)), StandardCharsets.UTF_8);
        String altered = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(payload.replace("\"e\":", "\"e\":9").getBytes(StandardCharsets.UTF_8));

        assertRefused(altered + state.substring(dot), RequestStateCodec.TAMPERED);
    }

    @Test
    void everyAlteredCharacterIsRefused() {
        String state = firstRoundState(rounds, "{\"x\":1}");
        for (int i = 0; i < state.length(); i++) {
            char c = state.charAt(i);
            char other = c == 'A' ? 'B' : c == '.' ? 'x' : 'A';
            String altered = state.substring(0, i) + other + state.substring(i + 1);
            assertThatThrownBy(() -> retry(altered))
                    .as("altered at %d", i)
                    .isInstanceOf(InvalidInputRoundException.class);
        }
    }

    @Test
    void aStateWithSomethingAppendedIsRefused() {
        String state = firstRoundState(rounds, "{\"x\":1}");

        assertThatThrownBy(() -> retry(state + "-TAMPERED"))
                .isInstanceOf(InvalidInputRoundException.class)
                .satisfies(refused -> assertThat(refused.getMessage()).doesNotContain("TAMPERED"));
    }

    @Test
    void anAlteredMacIsRefused() {
        String state = firstRoundState(rounds, "{\"x\":1}");
        int dot = state.indexOf('.');
        byte[] mac = Base64.getUrlDecoder().decode(state.substring(dot + 1));
        mac[0] ^= 1;

        assertRefused(
                state.substring(0, dot + 1)
                        + Base64.getUrlEncoder().withoutPadding().encodeToString(mac),
                RequestStateCodec.TAMPERED);
    }

    @Test
    void anExpiredStateIsRefused() {
        String state = firstRoundState(rounds, "{\"x\":1}");
        clock.advance(Duration.ofMinutes(10).plusMillis(1));

        assertRefused(state, RequestStateCodec.EXPIRED);
    }

    @Test
    void aStateWithinItsTimeToLiveIsAccepted() {
        String state = firstRoundState(rounds, "{\"x\":1}");
        clock.advance(Duration.ofMinutes(10));

        assertThat(retry(state)
                        .ask(context("greet"), ASK_NAME)
                        .elicitation("user_name")
                        .accepted())
                .isTrue();
    }

    @Test
    void anotherCallersStateIsRefused() {
        String state = firstRoundState(rounds, "{\"x\":1}");

        assertThatThrownBy(() ->
                        rounds.open("tools/call", withState(call("greet", "{\"x\":1}"), state), ALL_CAPABILITIES, BOB))
                .isInstanceOf(InvalidInputRoundException.class)
                .hasMessageContaining("belongs to another caller");
    }

    @Test
    void aStateOfOtherArgumentsIsRefused() {
        String state = firstRoundState(rounds, "{\"x\":2}");

        assertRefused(
                state,
                "The requestState belongs to another request (its method, name or arguments differ):"
                        + " retry the request exactly as first sent, or start over without requestState");
    }

    @Test
    void theArgumentsBindRegardlessOfKeyOrder() {
        String state = firstRoundState(rounds, "{\"b\":1,\"a\":[1,2]}");

        ClientInputRound round = rounds.open(
                "tools/call", withState(call("greet", "{\"a\":[1,2],\"b\":1}"), state), ALL_CAPABILITIES, ALICE);

        assertThat(round).isNotNull();
    }

    @Test
    void noArgumentsAndEmptyArgumentsAreTheSameRequest() {
        ObjectNode bare = MAPPER.createObjectNode().put("name", "greet");
        ClientInputRound first = rounds.open("tools/call", bare, ALL_CAPABILITIES, ALICE);
        assertThatThrownBy(() -> first.ask(context("greet"), ASK_NAME)).isInstanceOf(InputRequiredSignal.class);

        String state = stateOf(first.inputRequired().orElseThrow());
        assertThat(rounds.open("tools/call", withState(call("greet", "{}"), state), ALL_CAPABILITIES, ALICE))
                .isNotNull();
    }

    @Test
    void aStateOfAnotherToolOrMethodIsRefused() {
        String state = firstRoundState(rounds, "{\"x\":1}");

        assertThatThrownBy(() -> rounds.open(
                        "tools/call", withState(call("other", "{\"x\":1}"), state), ALL_CAPABILITIES, ALICE))
                .isInstanceOf(InvalidInputRoundException.class)
                .hasMessageContaining("belongs to another request");
        assertThatThrownBy(() -> rounds.open(
                        "prompts/get", withState(call("greet", "{\"x\":1}"), state), ALL_CAPABILITIES, ALICE))
                .isInstanceOf(InvalidInputRoundException.class)
                .hasMessageContaining("belongs to another request");
    }

    @Test
    void malformedStatesAreRefused() {
        for (String malformed : new String[] {"", "abc", "a.b.c", ".abc", "abc.!!!", "e30.e30"}) {
            assertThatThrownBy(() -> retry(malformed)).as(malformed).isInstanceOf(InvalidInputRoundException.class);
        }
        assertRefused("abc", RequestStateCodec.MALFORMED);
    }

    @Test
    void aStateThatIsNotAStringIsRefused() {
        ObjectNode params = call("greet", "{\"x\":1}");
        params.put("requestState", 42);

        assertThatThrownBy(() -> rounds.open("tools/call", params, ALL_CAPABILITIES, ALICE))
                .isInstanceOf(InvalidInputRoundException.class)
                .hasMessage("requestState must be the string of the last input_required result");
    }

    @Test
    void inputResponsesThatAreNotAnObjectOfObjectsAreRefused() {
        for (String responses : new String[] {"null", "12", "[]", "{\"user_name\":12345}", "{\"a\":{},\"b\":\"x\"}"}) {
            assertThatThrownBy(() -> rounds.open(
                            "tools/call", withResponses(call("greet", "{}"), responses), ALL_CAPABILITIES, ALICE))
                    .as(responses)
                    .isInstanceOf(InvalidInputRoundException.class)
                    .satisfies(refused -> assertThat(refused.getMessage()).doesNotContain("12345", "user_name"));
        }
    }

    @Test
    void aMethodThatMayNotAskIgnoresInputParams() {
        ObjectNode params = MAPPER.createObjectNode();
        params.set("inputResponses", json("12"));
        params.put("requestState", "nonsense");

        ClientInputRound round = rounds.open("tools/list", params, ALL_CAPABILITIES, ALICE);

        assertThat(round.inputRequired()).isEmpty();
    }

    @Test
    void aKeyShorterThan32BytesIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> new RequestStateSettings(Optional.of(Secret.of("short-key")), Duration.ofMinutes(1)))
                .hasMessageStartingWith("request-state.key must be at least 32 bytes")
                .satisfies(refused -> assertThat(refused.getMessage()).doesNotContain("short-key"));
    }

    @Test
    void withoutAKeyEachProcessSignsWithARandomOne() {
        SignedInputRounds one = new SignedInputRounds(RequestStateSettings.defaults(), clock);
        SignedInputRounds two = new SignedInputRounds(RequestStateSettings.defaults(), clock);
        String state = firstRoundState(one, "{\"x\":1}");

        assertThat(one.open("tools/call", withState(call("greet", "{\"x\":1}"), state), ALL_CAPABILITIES, ALICE))
                .isNotNull();
        assertThatThrownBy(() ->
                        two.open("tools/call", withState(call("greet", "{\"x\":1}"), state), ALL_CAPABILITIES, ALICE))
                .hasMessage(RequestStateCodec.TAMPERED);
    }
}
