package dev.bulwark.core.internal.presentation.era2026;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.ports.era2026.Era2026Answer;
import dev.bulwark.ports.era2026.NotificationStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * {@code resourcesListChanged} is honoured only when an extension announces changes of its resources, and a change
 * reaches only the open streams that asked for it.
 */
class ResourceChangeSubscriptionsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void withoutAnAnnouncingExtensionTheAskIsNotAcknowledgedAndNothingIsSent() throws Exception {
        Subscriptions subscriptions = new Subscriptions(JSON, false, false);
        List<String> heard = new CopyOnWriteArrayList<>();

        JsonNode acknowledged = opened(subscriptions, 1, true, heard);
        subscriptions.resourcesListChanged();

        assertThat(acknowledged.path("params").path("notifications").has("resourcesListChanged"))
                .as(acknowledged.toString())
                .isFalse();
        assertThat(heard).as("after the acknowledgement").hasSize(1);
    }

    @Test
    void aChangeReachesTheOpenStreamsThatAskedAndNoneAfterItCloses() throws Exception {
        Subscriptions subscriptions = new Subscriptions(JSON, false, true);
        List<String> asked = new CopyOnWriteArrayList<>();
        List<String> notAsked = new CopyOnWriteArrayList<>();
        List<String> closed = new CopyOnWriteArrayList<>();
        opened(subscriptions, 1, true, asked);
        opened(subscriptions, 2, false, notAsked);
        NotificationStream leaving = subscriptions.listen(IntNode.valueOf(3), params(true), "alice").stream()
                .orElseThrow();
        leaving.open(closed::add, () -> {});
        leaving.close();

        subscriptions.resourcesListChanged();

        assertThat(asked).hasSize(2);
        JsonNode notification = JSON.readTree(asked.get(1));
        assertThat(notification.path("method").asText()).isEqualTo("notifications/resources/list_changed");
        assertThat(notification
                        .path("params")
                        .path("_meta")
                        .path("io.modelcontextprotocol/subscriptionId")
                        .asInt())
                .isEqualTo(1);
        assertThat(notAsked)
                .as("a stream that did not ask: its acknowledgement only")
                .hasSize(1);
        assertThat(closed)
                .as("a closed stream: its acknowledgement was never sent")
                .isEmpty();
    }

    /** Opens a subscription whose messages go to {@code heard}, its acknowledgement first: the acknowledgement. */
    private static JsonNode opened(Subscriptions subscriptions, int id, boolean asks, List<String> heard)
            throws Exception {
        Era2026Answer answer = subscriptions.listen(IntNode.valueOf(id), params(asks), "alice");
        heard.add(answer.json());
        answer.stream().orElseThrow().open(heard::add, () -> {});
        return JSON.readTree(answer.json());
    }

    private static ObjectNode params(boolean asks) {
        ObjectNode params = JSON.createObjectNode();
        params.putObject("notifications").put("resourcesListChanged", asks);
        return params;
    }
}
