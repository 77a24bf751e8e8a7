package dev.bulwark.tools.skills;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.Bulwark;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.core.config.LimitSettings;
import dev.bulwark.core.internal.testing.ParsedEra2026Requests;
import dev.bulwark.ports.era2026.Era2026Answer;
import dev.bulwark.ports.origin.RequestOrigin;
import dev.bulwark.ports.security.Principal;
import dev.bulwark.tools.SkillsPack;
import dev.bulwark.tools.business.skills.SkillBounds;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A folder of skills served by the pack through the Skills extension, over the 2026 era's entry point. */
class SkillsPackTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String META = "{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
            + "\"io.modelcontextprotocol/clientCapabilities\":{}}";
    private static final String PDF_MD = "---\nname: pdf-processing\ndescription: Extract and fill PDF forms\n"
            + "metadata:\n  version: 2\n---\n\nRead references/FORMS.md first.\n";
    private static final String FORMS_MD = "# Forms\n\nFill each field.\n";

    @TempDir
    Path folder;

    private final AtomicLong nanos = new AtomicLong();
    /** What a held look waits for: given when the test ends, so that a call its timeout did not end lets go. */
    private final CompletableFuture<Void> released = new CompletableFuture<>();

    private Bulwark bulwark;

    @AfterEach
    void close() {
        released.complete(null);
        if (bulwark != null) {
            bulwark.close();
        }
    }

    @Test
    void aSkillIsListedWithItsFrontMatterAndEveryFileWithItsDigestAndSize() throws Exception {
        skill("pdf-processing", PDF_MD);
        file("pdf-processing/references/FORMS.md", FORMS_MD);
        serve(50);

        JsonNode listed = request("skills/list", "{\"_meta\":" + META + "}", Principal.of("alice"));

        JsonNode entry = listed.path("result").path("skills").path(0);
        assertThat(entry.path("uri").asText()).as(listed.toString()).isEqualTo("skill://pdf-processing/SKILL.md");
        assertThat(entry.path("frontmatter").path("name").asText()).isEqualTo("pdf-processing");
        assertThat(entry.path("frontmatter").path("metadata").path("version").asInt())
                .isEqualTo(2);
        assertThat(entry.path("resources")).hasSize(2);
        JsonNode forms = entry.path("resources").path(1);
        assertThat(forms.path("uri").asText()).isEqualTo("skill://pdf-processing/references/FORMS.md");
        assertThat(forms.path("digest").asText()).isEqualTo(sha256(FORMS_MD));
        assertThat(forms.path("size").asLong()).isEqualTo(FORMS_MD.getBytes(StandardCharsets.UTF_8).length);
        assertThat(listed.path("result").path("ttlMs").isNumber()).isTrue();
        assertThat(listed.path("result").has("nextCursor")).isFalse();
    }

    @Test
    void aSkillsFileIsReadAsAResourceAndAPathThatLeavesTheSkillIsNot() throws Exception {
        skill("pdf-processing", PDF_MD);
        skill("other", "---\nname: other\ndescription: Another skill\n---\nbody\n");
        serve(50);

        JsonNode read = read("skill://pdf-processing/SKILL.md", Principal.of("alice"));
        assertThat(read.path("result").path("contents").path(0).path("text").asText())
                .isEqualTo(PDF_MD);
        assertThat(read.path("result").path("contents").path(0).path("mimeType").asText())
                .isEqualTo("text/markdown");

        for (String escaping : new String[] {
            "skill://pdf-processing/../other/SKILL.md", "skill://pdf-processing//etc/passwd", "skill://../x/SKILL.md"
        }) {
            JsonNode refused = read(escaping, Principal.of("alice"));
            assertThat(refused.path("error").path("code").asInt()).as(escaping).isEqualTo(-32602);
        }
    }

    @Test
    void aSkillsFolderListsItsDirectChildrenAndAFileIsNoFolder() throws Exception {
        skill("pdf-processing", PDF_MD);
        file("pdf-processing/references/FORMS.md", FORMS_MD);
        serve(50);

        JsonNode top = directory("skill://pdf-processing");
        JsonNode nested = directory("skill://pdf-processing/references");
        JsonNode file = directory("skill://pdf-processing/SKILL.md");

        assertThat(top.path("result").path("resources").findValuesAsText("uri"))
                .as(top.toString())
                .containsExactly("skill://pdf-processing/SKILL.md", "skill://pdf-processing/references");
        assertThat(top.path("result").path("resources").path(1).path("mimeType").asText())
                .isEqualTo("inode/directory");
        assertThat(nested.path("result").path("resources").findValuesAsText("uri"))
                .containsExactly("skill://pdf-processing/references/FORMS.md");
        assertThat(file.path("error").path("code").asInt()).isEqualTo(-32602);
    }

    @Test
    void aSkillHoldingALinkIsNotServedSoNothingLeadsOutOfTheFolder(@TempDir Path outside) throws Exception {
        Files.writeString(outside.resolve("secret.txt"), "secret");
        skill("linked", "---\nname: linked\ndescription: Has a link\n---\n");
        Files.createSymbolicLink(folder.resolve("linked/secret.txt"), outside.resolve("secret.txt"));
        skill("pdf-processing", PDF_MD);
        serve(50);

        JsonNode listed = request("skills/list", "{\"_meta\":" + META + "}", Principal.of("alice"));
        assertThat(listed.path("result").path("skills")).hasSize(1);
        JsonNode refused = read("skill://linked/secret.txt", Principal.of("alice"));
        assertThat(refused.path("error").path("code").asInt())
                .as(refused.toString())
                .isEqualTo(-32602);
    }

    @Test
    void theResourceListEndsWithTheSkillMdOfEachSkillTheCallerMaySee() throws Exception {
        skill("pdf-processing", PDF_MD);
        skill(
                "payroll",
                "---\nname: payroll\ndescription: Runs payroll\nmetadata:\n"
                        + "  dev.bulwark/required-scopes: hr:read\n---\n");
        serve(50);

        JsonNode listed = request("resources/list", "{\"_meta\":" + META + "}", Principal.of("alice"));

        JsonNode resources = listed.path("result").path("resources");
        assertThat(resources.findValuesAsText("uri"))
                .as(listed.toString())
                .containsExactly("skill://pdf-processing/SKILL.md");
        assertThat(resources.path(0).path("name").asText()).isEqualTo("pdf-processing");
        assertThat(resources.path(0).path("description").asText()).isEqualTo("Extract and fill PDF forms");
        assertThat(resources.path(0).path("mimeType").asText()).isEqualTo("text/markdown");
    }

    @Test
    void aCallerSeesOnlyTheSkillsWhoseScopesItHolds() throws Exception {
        skill("pdf-processing", PDF_MD);
        skill(
                "payroll",
                "---\nname: payroll\ndescription: Runs payroll\nmetadata:\n"
                        + "  dev.bulwark/required-scopes: hr:read\n---\n");
        serve(50);

        assertThat(request("skills/list", "{\"_meta\":" + META + "}", Principal.of("alice"))
                        .path("result")
                        .path("skills"))
                .hasSize(1);
        assertThat(request("skills/list", "{\"_meta\":" + META + "}", Principal.of("hr", "hr:read"))
                        .path("result")
                        .path("skills"))
                .hasSize(2);
        JsonNode hidden = get("skill://payroll/SKILL.md", Principal.of("alice"));
        assertThat(hidden.path("error").path("code").asInt())
                .as(hidden.toString())
                .isEqualTo(-32602);
        JsonNode denied = read("skill://payroll/SKILL.md", Principal.of("alice"));
        assertThat(denied.path("error").path("data").path("errorType").asText()).isEqualTo("permission_denied");
    }

    @Test
    void theListIsPagedByACursorThatNamesNoSkillTwice() throws Exception {
        skill("alpha", "---\nname: alpha\ndescription: First\n---\n");
        skill("beta", "---\nname: beta\ndescription: Second\n---\n");
        serve(1);

        JsonNode first = request("skills/list", "{\"_meta\":" + META + "}", Principal.of("alice"));
        String cursor = first.path("result").path("nextCursor").asText();
        JsonNode second =
                request("skills/list", "{\"cursor\":\"" + cursor + "\",\"_meta\":" + META + "}", Principal.of("alice"));

        assertThat(first.path("result").path("skills").path(0).path("uri").asText())
                .isEqualTo("skill://alpha/SKILL.md");
        assertThat(second.path("result").path("skills").path(0).path("uri").asText())
                .isEqualTo("skill://beta/SKILL.md");
        assertThat(second.path("result").has("nextCursor")).isFalse();
        JsonNode bad = request("skills/list", "{\"cursor\":\"nope\",\"_meta\":" + META + "}", Principal.of("alice"));
        assertThat(bad.path("error").path("code").asInt()).isEqualTo(-32602);
    }

    @Test
    void getAnswersTheListedEntryAndAnUnknownUriIsInvalidParams() throws Exception {
        skill("pdf-processing", PDF_MD);
        serve(50);

        JsonNode got = get("skill://pdf-processing/SKILL.md", Principal.of("alice"));
        JsonNode unknown = get("skill://nothing-here/SKILL.md", Principal.of("alice"));

        assertThat(got.path("result")
                        .path("skill")
                        .path("frontmatter")
                        .path("description")
                        .asText())
                .isEqualTo("Extract and fill PDF forms");
        assertThat(got.path("result").has("nextCursor")).isFalse();
        assertThat(unknown.path("error").path("code").asInt())
                .as(unknown.toString())
                .isEqualTo(-32602);
    }

    @Test
    void aSkillOverItsBoundsOrWithBadFrontMatterIsLeftOutAndNamed() throws Exception {
        skill("pdf-processing", PDF_MD);
        skill("huge", "---\nname: huge\ndescription: Too big\n---\n" + "x".repeat(2_000));
        skill("misnamed", "---\nname: another-name\ndescription: Name differs\n---\n");
        bulwark = Bulwark.builder(BulwarkConfig.defaults())
                .pack(SkillsPack.of(folder, new SkillBounds(10, 10, 1_000, 1_000, Duration.ZERO), 50, nanos::get))
                .build();

        JsonNode listed = request("skills/list", "{\"_meta\":" + META + "}", Principal.of("alice"));

        assertThat(listed.path("result").path("skills")).hasSize(1);
        assertThat(SkillsPack.of(folder, new SkillBounds(10, 10, 1_000, 1_000, Duration.ZERO), 50, nanos::get)
                        .problems())
                .hasSize(2)
                .anySatisfy(problem -> assertThat(problem).startsWith("Skill huge is not served"))
                .anySatisfy(problem -> assertThat(problem).startsWith("Skill misnamed is not served"));
    }

    @Test
    void aSkillAddedToTheFolderIsServedOnceTheLookStandsNoLonger() throws Exception {
        skill("alpha", "---\nname: alpha\ndescription: First\n---\n");
        serve(50);
        assertThat(request("skills/list", "{\"_meta\":" + META + "}", Principal.of("alice"))
                        .path("result")
                        .path("skills"))
                .hasSize(1);

        skill("beta", "---\nname: beta\ndescription: Second\n---\n");
        JsonNode before = request("skills/list", "{\"_meta\":" + META + "}", Principal.of("alice"));
        nanos.addAndGet(Duration.ofSeconds(3).toNanos());
        JsonNode after = request("skills/list", "{\"_meta\":" + META + "}", Principal.of("alice"));

        assertThat(before.path("result").path("skills"))
                .as("the last look still stands")
                .hasSize(1);
        assertThat(after.path("result").path("skills")).hasSize(2);
    }

    @Test
    void aSkillsGetPastThePacksOwnTimeoutIsEndedAndAnsweredWithTheTimeoutError() throws Exception {
        skill("pdf-processing", PDF_MD);
        AtomicBoolean held = new AtomicBoolean();
        AtomicInteger stopped = new AtomicInteger();
        // the catalogue asks the ticker on each look, so a held ticker holds skills/get as a slow disk would
        SkillBounds everyLook = new SkillBounds(10, 10, 1_000, 1_000, Duration.ZERO);
        // the server's own timeout past the wait for the answer: only the pack's can end the call in time
        BulwarkConfig config = BulwarkConfig.defaults().toBuilder()
                .limits(LimitSettings.defaults().toBuilder()
                        .toolTimeout(Duration.ofMinutes(10))
                        .build())
                .build();
        bulwark = Bulwark.builder(config)
                .pack(SkillsPack.of(folder, everyLook, 50, () -> {
                            if (held.get()) {
                                try {
                                    released.get();
                                } catch (InterruptedException e) {
                                    stopped.incrementAndGet();
                                    Thread.currentThread().interrupt();
                                    throw new IllegalStateException("the look was stopped");
                                } catch (java.util.concurrent.ExecutionException e) {
                                    throw new IllegalStateException(e);
                                }
                            }
                            return nanos.get();
                        })
                        .withTimeout(Duration.ofMillis(300)))
                .build();
        held.set(true);

        JsonNode ended = get("skill://pdf-processing/SKILL.md", Principal.of("alice"));

        assertThat(ended.path("error").path("data").path("errorType").asText())
                .as(ended.toString())
                .isEqualTo("timeout");
        assertThat(ended.toString()).doesNotContain("Exception", "\tat ");
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(stopped).as("looks stopped").hasValue(1));
    }

    @Test
    void aSkillsTimeoutThatIsNotPositiveIsRefusedWhenThePackIsMade() {
        assertThatThrownBy(() -> SkillsPack.of(folder).withTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("skills timeout must be positive");
    }

    @Test
    void aFolderThatIsNoDirectoryIsRefusedWhenThePackIsMade() {
        assertThatThrownBy(() -> SkillsPack.of(folder.resolve("missing")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no readable directory");
    }

    private void serve(int pageSize) {
        bulwark = Bulwark.builder(BulwarkConfig.defaults())
                .pack(SkillsPack.of(folder, SkillBounds.DEFAULTS, pageSize, nanos::get))
                .build();
    }

    private void skill(String name, String skillMd) throws Exception {
        file(name + "/SKILL.md", skillMd);
    }

    private void file(String path, String text) throws Exception {
        Path file = folder.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private JsonNode get(String uri, Principal caller) throws Exception {
        return request("skills/get", "{\"uri\":\"" + uri + "\",\"_meta\":" + META + "}", caller);
    }

    private JsonNode directory(String uri) throws Exception {
        Map<String, String> headers = new HashMap<>();
        headers.put("mcp-name", uri);
        return request(
                "resources/directory/read",
                "{\"uri\":\"" + uri + "\",\"_meta\":" + META + "}",
                Principal.of("alice"),
                headers);
    }

    private JsonNode read(String uri, Principal caller) throws Exception {
        Map<String, String> headers = new HashMap<>();
        headers.put("mcp-name", uri);
        return request("resources/read", "{\"uri\":\"" + uri + "\",\"_meta\":" + META + "}", caller, headers);
    }

    private JsonNode request(String method, String params, Principal caller) throws Exception {
        return request(method, params, caller, new HashMap<>());
    }

    private JsonNode request(String method, String params, Principal caller, Map<String, String> headers)
            throws Exception {
        byte[] body = ("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":" + params + "}")
                .getBytes(StandardCharsets.UTF_8);
        headers.put("mcp-protocol-version", "2026-07-28");
        headers.put("mcp-method", method);
        Era2026Answer answer = bulwark.era2026()
                .serve(ParsedEra2026Requests.overHttp(body, headers, RequestOrigin.of(caller)), notification -> {})
                .get(30, TimeUnit.SECONDS);
        return JSON.readTree(answer.json());
    }

    private static String sha256(String text) throws Exception {
        return "sha256:"
                + HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
