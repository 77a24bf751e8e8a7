package dev.bulwark.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a handler asks its client and what the client answers are values: immutable at any depth. */
class ClientExchangeValuesTest {

    @Test
    void anElicitationsAnswerCannotChangeAfterItIsMade() {
        Map<String, Object> address = new HashMap<>(Map.of("city", "Lyon"));
        Map<String, Object> content = new HashMap<>(Map.of("address", address));
        ElicitationResult result = new ElicitationResult(ElicitationResult.Action.ACCEPT, content);

        address.put("city", "Paris");

        assertThat(result.content()).isEqualTo(Map.of("address", Map.of("city", "Lyon")));
        assertThatThrownBy(() -> ((Map<String, Object>) result.content().get("address")).put("x", 1))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void anElicitationsSchemaCannotChangeAfterItIsAsked() {
        Map<String, Object> name = new HashMap<>(Map.of("type", "string"));
        ClientRequest.Elicitation asked = ClientRequest.elicitation(
                "who",
                "Who are you?",
                new HashMap<>(Map.of("type", "object", "properties", new HashMap<>(Map.of("name", name)))));

        name.put("type", "integer");

        assertThat(asked.requestedSchema().get("properties")).isEqualTo(Map.of("name", Map.of("type", "string")));
    }

    @Test
    void theClientsRootsCannotChangeAfterTheyAreAnswered() {
        List<Root> roots = new ArrayList<>(List.of(new Root("file:///a", "a")));
        ClientAnswers answers = new ClientAnswers(Map.of("roots", roots));

        roots.add(new Root("file:///b", "b"));

        assertThat(answers.roots("roots")).containsExactly(new Root("file:///a", "a"));
    }
}
