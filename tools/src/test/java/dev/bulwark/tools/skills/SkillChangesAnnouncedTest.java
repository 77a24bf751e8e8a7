package dev.bulwark.tools.skills;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.Bulwark;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.core.internal.presentation.server.InMemoryTransport;
import dev.bulwark.core.internal.testing.ParsedEra2026Requests;
import dev.bulwark.ports.era2026.Era2026Answer;
import dev.bulwark.ports.era2026.NotificationStream;
import dev.bulwark.ports.origin.RequestOrigin;
import dev.bulwark.ports.security.Principal;
import dev.bulwark.ports.time.Ticker;
import dev.bulwark.tools.SkillsPack;
import dev.bulwark.tools.business.skills.SkillBounds;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A change of the skills folder is announced to the connected clients as a change of the resource list: to each
 * session, and to each 2026-era subscription that asks for it.
 */
class SkillChangesAnnouncedTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String META = "{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
            + "\"io.modelcontextprotocol/clientCapabilities\":{}}";
    /** Looks at the folder often, so that a change shows soon. */
    private static final SkillBounds OFTEN = new SkillBounds(100, 10, 100_000, 100_000, Duration.ofMillis(50));

    @TempDir
    Path folder;

    private Bulwark bulwark;
    private McpSyncClient client;

    @BeforeEach
    void serve() throws Exception {
        skill("alpha");
        bulwark = Bulwark.builder(BulwarkConfig.defaults())
                .pack(SkillsPack.of(folder, OFTEN, 50, Ticker.system()))
                .build();
    }

    @AfterEach
    void close() {
        if (client != null) {
            client.closeGracefully();
        }
        bulwark.close();
    }

    @Test
    void aSessionHearsThatTheResourceListChangedAndListsTheNewSkill() throws Exception {
        InMemoryTransport transport = new InMemoryTransport(bulwark.jsonMapper());
        bulwark.serve(transport, Principal.of("alice"));
        List<List<McpSchema.Resource>> heard = new CopyOnWriteArrayList<>();
        client = McpClient.sync(transport.newClient())
                .requestTimeout(Duration.ofSeconds(30))
                .resourcesChangeConsumer(heard::add)
                .build();
        McpSchema.InitializeResult initialized = client.initialize();
        assertThat(initialized.capabilities().resources().listChanged())
                .as("resources.listChanged")
                .isTrue();

        skill("beta");

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(heard)
                        .anySatisfy(resources -> assertThat(resources)
                                .extracting(McpSchema.Resource::uri)
                                .contains("skill://beta/SKILL.md")));
    }

    @Test
    void aSubscriptionThatAsksHearsTheChangeAndOneThatDoesNotHearsNothing() throws Exception {
        List<String> asked = new CopyOnWriteArrayList<>();
        List<String> notAsked = new CopyOnWriteArrayList<>();
        JsonNode acknowledged = listen("{\"resourcesListChanged\":true}", asked);
        listen("{\"toolsListChanged\":true}", notAsked);
        assertThat(acknowledged
                        .path("params")
                        .path("notifications")
                        .path("resourcesListChanged")
                        .asBoolean())
                .as(acknowledged.toString())
                .isTrue();
        JsonNode discovered = request("server/discover", "{\"_meta\":" + META + "}");
        assertThat(discovered
                        .path("result")
                        .path("capabilities")
                        .path("resources")
                        .path("listChanged")
                        .asBoolean())
                .as(discovered.toString())
                .isTrue();

        skill("beta");

        await().atMost(Duration.ofSeconds(30)).until(() -> !asked.isEmpty());
        JsonNode notification = JSON.readTree(asked.get(0));
        assertThat(notification.path("method").asText()).isEqualTo("notifications/resources/list_changed");
        assertThat(notification.path("params").path("_meta").has("io.modelcontextprotocol/subscriptionId"))
                .as(notification.toString())
                .isTrue();
        JsonNode listed = request("skills/list", "{\"_meta\":" + META + "}");
        assertThat(listed.path("result").path("skills")).hasSize(2);
        assertThat(notAsked)
                .as("a subscription that did not ask for resource changes")
                .isEmpty();
    }

    /** Opens a subscription with {@code notifications}, whose messages go to {@code heard}: its acknowledgement. */
    private JsonNode listen(String notifications, List<String> heard) throws Exception {
        Era2026Answer answer =
                answer("subscriptions/listen", "{\"notifications\":" + notifications + ",\"_meta\":" + META + "}");
        NotificationStream stream = answer.stream().orElseThrow();
        stream.open(heard::add, () -> {});
        return JSON.readTree(answer.json());
    }

    private JsonNode request(String method, String params) throws Exception {
        return JSON.readTree(answer(method, params).json());
    }

    private Era2026Answer answer(String method, String params) throws Exception {
        byte[] body = ("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":" + params + "}")
                .getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = new HashMap<>();
        headers.put("mcp-protocol-version", "2026-07-28");
        headers.put("mcp-method", method);
        return bulwark.era2026()
                .serve(
                        ParsedEra2026Requests.overHttp(body, headers, RequestOrigin.of(Principal.of("alice"))),
                        notification -> {})
                .get(30, TimeUnit.SECONDS);
    }

    private void skill(String name) throws Exception {
        Path file = folder.resolve(name).resolve("SKILL.md");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "---\nname: " + name + "\ndescription: The skill " + name + "\n---\n");
    }
}
