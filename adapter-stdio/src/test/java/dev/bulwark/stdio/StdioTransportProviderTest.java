package dev.bulwark.stdio;

import static dev.bulwark.stdio.StdioHarness.INITIALIZE;
import static dev.bulwark.stdio.StdioHarness.INITIALIZED;
import static dev.bulwark.stdio.StdioHarness.WAIT;
import static dev.bulwark.stdio.StdioHarness.toolsCall;
import static dev.bulwark.stdio.StdioHarness.toolsList;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.ports.testing.ArgumentsCheckingMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The stdio transport: framing, malformed input, the initialize handshake, concurrency and limits. */
class StdioTransportProviderTest extends StdioTransportTestBase {

    @Test
    void answersInitializeOverStdout() {
        StdioHarness stdio = start();

        stdio.send(INITIALIZE);

        JsonNode answer = stdio.next();
        assertThat(answer.path("jsonrpc").asText()).isEqualTo("2.0");
        assertThat(answer.path("id").asInt()).isEqualTo(1);
        assertThat(answer.path("result").path("serverInfo").path("name").asText())
                .isEqualTo("t");
        assertThat(answer.path("result").path("protocolVersion").asText()).isNotBlank();
    }

    @Test
    void anIntegerIdBeyondSixtyFourBitsIsRefusedSayingSo() {
        StdioHarness stdio = start();

        stdio.send(INITIALIZE.replace("\"id\":1", "\"id\":18446744073709551616"));

        assertError(stdio.next(), -32600, "Invalid Request: id must be a string or an integer of at most 64 bits");
    }

    @Test
    void malformedLineGetsParseErrorAndServingContinues() {
        StdioHarness stdio = start();

        stdio.send("this is {not json");
        JsonNode error = stdio.next();
        stdio.send(INITIALIZE);
        JsonNode initialized = stdio.next();
        stdio.send(INITIALIZED);
        stdio.send(toolsList(2));
        JsonNode tools = stdio.next();

        assertError(
                error,
                -32700,
                "Parse error: the line is not valid JSON (one value, each key once, nested at" + " most 1000 deep)");
        assertThat(error.get("id").isNull()).isTrue();
        assertThat(error.path("error").path("message").asText())
                .doesNotContain("not json")
                .hasSizeLessThan(100);
        assertThat(initialized.path("id").asInt()).isEqualTo(1);
        assertThat(initialized.has("result")).isTrue();
        assertToolsListAnswer(tools, 2);
    }

    @Test
    void invalidUtf8GetsParseError() {
        StdioHarness stdio = start();

        stdio.sendRaw(new byte[] {'"', (byte) 0xC3, (byte) 0x28, '"', '\n'});

        assertError(stdio.next(), -32700, "Parse error");
    }

    @Test
    void nonJsonRpcObjectGetsInvalidRequest() {
        StdioHarness stdio = start();

        stdio.send("{\"hello\":\"world\"}");
        JsonNode error = stdio.next();
        stdio.initialize();

        assertError(error, -32600, "Invalid Request");
        assertThat(error.get("id").isNull()).isTrue();
        assertThat(error.path("error").path("message").asText())
                .doesNotContain("hello")
                .doesNotContain("world");
    }

    @Test
    void invalidRequestCarriesTheIdWhenOneCanBeRead() {
        StdioHarness stdio = start();

        stdio.send("{\"jsonrpc\":\"2.0\",\"id\":7}");
        JsonNode numericId = stdio.next();
        stdio.send("{\"jsonrpc\":\"1.0\",\"id\":\"abc\",\"method\":\"tools/list\"}");
        JsonNode stringId = stdio.next();
        stdio.send("{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"tools/list\"}");
        JsonNode nullId = stdio.next();

        assertError(numericId, -32600, "Invalid Request");
        assertThat(numericId.get("id").asInt()).isEqualTo(7);
        assertError(stringId, -32600, "Invalid Request");
        assertThat(stringId.get("id").asText()).isEqualTo("abc");
        assertError(nullId, -32600, "Invalid Request");
        assertThat(nullId.get("id").isNull()).isTrue();
    }

    @Test
    void requestTheMapperRefusesForItsParamsGetsTheMappersErrorWithItsId() {
        stdio = new StdioHarness(MAX_LINE_BYTES, new ArgumentsCheckingMapper(), tool("echo", () -> {}));
        stdio.initialize();

        stdio.send("{\"jsonrpc\":\"2.0\",\"id\":\"call-1\",\"method\":\"tools/call\",\"params\":"
                + "{\"name\":\"echo\",\"arguments\":\"x\"}}");
        JsonNode refusal = stdio.next();
        stdio.send(toolsCall(3, "echo"));
        JsonNode next = stdio.next();

        assertError(refusal, -32602, ArgumentsCheckingMapper.MESSAGE);
        assertThat(refusal.path("id").asText()).isEqualTo("call-1");
        assertThat(next.path("id").asInt()).isEqualTo(3);
        assertThat(next.path("result").path("isError").asBoolean()).isFalse();
    }

    @Test
    void requestBeforeInitializeIsRefusedAtOnce() {
        StdioHarness stdio = start();

        stdio.send(toolsList(5));

        JsonNode refusal = stdio.next();
        assertError(refusal, -32600, "Invalid Request: the session is not initialized");
        assertThat(refusal.path("id").asInt()).isEqualTo(5);
    }

    @Test
    void pingBeforeInitializeIsAnswered() {
        StdioHarness stdio = start();

        stdio.send("{\"jsonrpc\":\"2.0\",\"id\":\"p\",\"method\":\"ping\"}");

        JsonNode pong = stdio.next();
        assertThat(pong.path("id").asText()).isEqualTo("p");
        assertThat(pong.path("result").isObject()).isTrue();
    }

    @Test
    void manyRequestsBeforeInitializeDoNotStallTheSession() {
        StdioHarness stdio = start();

        for (int id = 100; id < 400; id++) {
            stdio.send(toolsList(id));
        }
        for (int i = 0; i < 300; i++) {
            assertThat(stdio.next().path("error").path("code").asInt()).isEqualTo(-32600);
        }
        stdio.initialize();
        stdio.send(toolsList(2));

        assertToolsListAnswer(stdio.next(), 2);
    }

    @Test
    void requestBetweenInitializeAndInitializedIsRefused() {
        StdioHarness stdio = start();
        stdio.send(INITIALIZE);
        stdio.next();

        stdio.send(toolsList(3));

        assertError(stdio.next(), -32600, "Invalid Request: the session is not open yet");
    }

    @Test
    void secondInitializeIsRefused() {
        StdioHarness stdio = start();
        stdio.initialize();

        stdio.send(INITIALIZE.replace("\"id\":1", "\"id\":9"));

        JsonNode refusal = stdio.next();
        assertError(refusal, -32600, "Invalid Request: the session is already initialized");
        assertThat(refusal.path("id").asInt()).isEqualTo(9);
    }

    @Test
    void initializedNotificationBeforeInitializeOpensNothing() {
        StdioHarness stdio = start();

        stdio.send(INITIALIZED);
        stdio.send(toolsList(4));

        assertError(stdio.next(), -32600, "Invalid Request: the session is not initialized");
    }

    @Test
    void jsonArrayGetsInvalidRequest() {
        StdioHarness stdio = start();

        stdio.send("[" + toolsList(2) + "]");

        assertError(stdio.next(), -32600, "Invalid Request");
    }

    @Test
    void oversizedLineIsRejectedAndServingContinues() {
        StdioHarness stdio = start();
        String padding = "x".repeat(MAX_LINE_BYTES * 8);

        stdio.send(
                "{\"jsonrpc\":\"2.0\",\"id\":99,\"method\":\"tools/list\",\"params\":{\"pad\":\"" + padding + "\"}}");
        JsonNode error = stdio.next();
        stdio.initialize();
        stdio.send(toolsList(2));
        JsonNode tools = stdio.next();

        assertError(
                error,
                -32600,
                "Invalid Request: the message is larger than the limit of " + MAX_LINE_BYTES
                        + " bytes (limits.max-request-size)");
        assertThat(error.get("id").isNull()).isTrue();
        assertToolsListAnswer(tools, 2);
    }

    @Test
    void blankLinesAreIgnored() throws Exception {
        StdioHarness stdio = start();

        stdio.send("");
        stdio.send("   \t ");
        stdio.send("\r");
        stdio.assertNothingMoreWithin(Duration.ofMillis(300));
        stdio.initialize();
    }

    @Test
    void crlfTerminatedLinesAreAccepted() {
        StdioHarness stdio = start();

        stdio.sendRaw((INITIALIZE + "\r\n").getBytes(StandardCharsets.UTF_8));

        assertThat(stdio.next().path("id").asInt()).isEqualTo(1);
    }

    @Test
    void requestsAreAnsweredConcurrently() {
        StdioHarness stdio = start();
        stdio.initialize();

        stdio.send(toolsCall(10, "slow"));
        stdio.send(toolsCall(11, "echo"));
        JsonNode first = stdio.next();
        releaseSlowTool.countDown();
        JsonNode second = stdio.next();

        assertThat(first.path("id").asInt()).isEqualTo(11);
        assertThat(first.path("result").path("content").get(0).path("text").asText())
                .isEqualTo("ok");
        assertThat(second.path("id").asInt()).isEqualTo(10);
    }

    @Test
    void stdoutCarriesOnlyJsonRpcMessages() throws Exception {
        StdioHarness stdio = start();
        ObjectMapper json = new ObjectMapper();

        stdio.send("garbage\u0000\u2028with odd characters");
        stdio.send("{\"no\":\"rpc\"}");
        stdio.send("y".repeat(MAX_LINE_BYTES + 1));
        stdio.send(INITIALIZE);
        stdio.send(INITIALIZED);
        stdio.send(toolsList(2));
        stdio.send(toolsCall(3, "echo"));
        stdio.send("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"no/such/method\"}");
        stdio.endInput();
        assertThat(stdio.provider.terminated()).succeedsWithin(WAIT);
        List<String> lines = stdio.closeStdoutAndCollectAll();

        assertThat(lines).hasSize(7);
        for (String line : lines) {
            JsonNode message = json.readTree(line);
            assertThat(message.path("jsonrpc").asText()).as(line).isEqualTo("2.0");
            assertThat(message.has("result") || message.has("error") || message.has("method"))
                    .as(line)
                    .isTrue();
        }
    }

    @Test
    void malformedLineIsLoggedAtInfoWithoutItsContentAsTheClientsMistake() {
        ListAppender<ILoggingEvent> events = recordTransportLog();
        StdioHarness stdio = start();

        stdio.send("{\"secret\":\"hunter2\"");
        stdio.next();

        assertThat(events.list).anySatisfy(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.INFO);
            assertThat(event.getFormattedMessage()).contains("Refused a stdin message");
        });
        assertThat(events.list)
                .allSatisfy(event -> assertThat(event.getFormattedMessage()).doesNotContain("hunter2"));
    }

    @Test
    void rejectsANonPositiveLineLimit() {
        JacksonMcpJsonMapper mapper = new JacksonMcpJsonMapper(new ObjectMapper());
        ByteArrayInputStream in = new ByteArrayInputStream(new byte[0]);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        assertThatThrownBy(() -> new StdioTransportProvider(mapper, in, out, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
