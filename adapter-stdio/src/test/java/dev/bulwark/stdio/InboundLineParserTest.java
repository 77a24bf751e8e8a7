package dev.bulwark.stdio;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.ports.testing.ArgumentsCheckingMapper;
import dev.bulwark.stdio.InboundLineParser.Parsed;
import dev.bulwark.stdio.InboundLineParser.Rejection;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCNotification;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCRequest;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class InboundLineParserTest {

    private final InboundLineParser parser = new InboundLineParser(new JacksonMcpJsonMapper(new ObjectMapper()));

    private Parsed parse(String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        return parser.parse(bytes, bytes.length);
    }

    private Rejection rejection(String line) {
        Parsed parsed = parse(line);
        assertThat(parsed.message()).as("no message from %s", line).isNull();
        assertThat(parsed.rejection()).as("a rejection of %s", line).isNotNull();
        return parsed.rejection();
    }

    @Test
    void readsRequestsNotificationsAndResponsesAsTheSdkTypes() {
        assertThat(parse("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}").message())
                .isInstanceOf(JSONRPCRequest.class);
        assertThat(parse("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}")
                        .message())
                .isInstanceOf(JSONRPCNotification.class);
        assertThat(parse("{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"result\":{}}").message())
                .isInstanceOf(JSONRPCResponse.class);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(
            strings = {
                "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32700,\"message\":\"Parse error\"}}",
                "{\"jsonrpc\":\"2.0\",\"id\":1.5,\"result\":{}}",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":\"not an error object\"}",
            })
    void aResponseThatCannotBeUsedIsNeverAnsweredSoTwoPeersCannotBounceErrors(String line) {
        Rejection rejection = rejection(line);

        assertThat(rejection.answered()).isFalse();
    }

    @Test
    void theClientsErrorCodeIsLoggedWithAResponseWithoutAnId() {
        Rejection rejection =
                rejection("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32700,\"message\":\"Parse error\"}}");

        assertThat(rejection.logReason()).contains("-32700");
    }

    @Test
    void aBlankLineIsNeitherAMessageNorARejection() {
        assertThat(parse(" \t\r")).isEqualTo(Parsed.BLANK);
        assertThat(parse("")).isEqualTo(Parsed.BLANK);
    }

    @Test
    void invalidUtf8AndInvalidJsonAreParseErrorsWithoutAnId() {
        byte[] notUtf8 = {'{', (byte) 0xC3, '}'};
        Rejection utf8 = parser.parse(notUtf8, notUtf8.length).rejection();
        Rejection json = rejection("{\"jsonrpc\":\"2.0\",\"id\":7,");

        assertThat(utf8.code()).isEqualTo(McpSchema.ErrorCodes.PARSE_ERROR);
        assertThat(utf8.id()).isNull();
        assertThat(json.code()).isEqualTo(McpSchema.ErrorCodes.PARSE_ERROR);
        assertThat(json.id()).isNull();
    }

    @Test
    void aLineInUtf16IsAParseErrorThoughJacksonCouldReadItsBytes() {
        byte[] utf16 = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}".getBytes(StandardCharsets.UTF_16LE);

        Rejection rejection = parser.parse(utf16, utf16.length).rejection();

        assertThat(rejection).isNotNull();
        assertThat(rejection.code()).isEqualTo(McpSchema.ErrorCodes.PARSE_ERROR);
    }

    @Test
    void readsARequestWithTextBeyondAsciiAsItsUtf8() {
        JSONRPCRequest request = (JSONRPCRequest)
                parse("{\"jsonrpc\":\"2.0\",\"id\":\"é\",\"method\":\"ping\",\"params\":{\"t\":\"日本 😀\"}}")
                        .message();

        assertThat(request.id()).isEqualTo("é");
        assertThat(request.params()).isEqualTo(java.util.Map.of("t", "日本 😀"));
    }

    @Test
    void jsonThatIsNotAJsonRpcMessageIsAnInvalidRequestCarryingItsIdWhenReadable() {
        Rejection wrongVersion = rejection("{\"jsonrpc\":\"1.0\",\"id\":7,\"method\":\"ping\"}");
        Rejection batch = rejection("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]");
        Rejection fractionalId = rejection("{\"jsonrpc\":\"2.0\",\"id\":1.5,\"method\":\"ping\"}");

        assertThat(wrongVersion.code()).isEqualTo(McpSchema.ErrorCodes.INVALID_REQUEST);
        assertThat(wrongVersion.id()).isEqualTo(7);
        assertThat(wrongVersion.message()).isEqualTo("Invalid Request: jsonrpc must be \"2.0\"");
        assertThat(batch.message()).isEqualTo("Invalid Request: batches are not supported");
        assertThat(fractionalId.id()).isNull();
    }

    @Test
    void aRequestTheMapperRefusesForItsParamsIsAnsweredWithTheMappersErrorAndItsId() {
        InboundLineParser checking = new InboundLineParser(new ArgumentsCheckingMapper());
        byte[] line = ("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/call\",\"params\":{\"name\":\"t\","
                        + "\"arguments\":[1]}}")
                .getBytes(StandardCharsets.UTF_8);

        Rejection refused = checking.parse(line, line.length).rejection();

        assertThat(refused.code()).isEqualTo(McpSchema.ErrorCodes.INVALID_PARAMS);
        assertThat(refused.id()).isEqualTo(9);
        assertThat(refused.message()).isEqualTo(ArgumentsCheckingMapper.MESSAGE);
    }

    @Test
    void noRejectionQuotesTheLine() {
        Rejection rejection = rejection("{\"secret\":\"hunter2\"}");

        assertThat(rejection.message()).doesNotContain("hunter2");
        assertThat(rejection.logReason()).doesNotContain("hunter2");
    }
}
