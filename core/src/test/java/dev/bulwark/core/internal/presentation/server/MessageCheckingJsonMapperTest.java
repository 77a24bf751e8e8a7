package dev.bulwark.core.internal.presentation.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCMessage;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCNotification;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MessageCheckingJsonMapperTest {

    private final McpJsonMapper mapper = new MessageCheckingJsonMapper(new JacksonMcpJsonMapper(new ObjectMapper()));

    private JSONRPCMessage read(String json) throws IOException {
        return McpSchema.deserializeJsonRpcMessage(mapper, json);
    }

    /** The error a request was refused with, as the transports find it: the cause of the malformed-message failure. */
    private McpSchema.JSONRPCResponse.JSONRPCError refusalOf(String json) {
        Throwable failure = catchThrowable(() -> read(json));
        assertThat(failure).isInstanceOf(IllegalArgumentException.class).hasCauseInstanceOf(McpError.class);
        return ((McpError) failure.getCause()).getJsonRpcError();
    }

    private static String call(String params) {
        return "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":" + params + "}";
    }

    @Test
    void refusesToolCallWhoseArgumentsAreNotAnObject() {
        var refusal = refusalOf(call("{\"name\":\"echo\",\"arguments\":\"x\"}"));

        assertThat(refusal.code()).isEqualTo(McpSchema.ErrorCodes.INVALID_PARAMS);
        assertThat(refusal.message()).isEqualTo("Invalid params for tools/call: arguments must be a JSON object");
    }

    @Test
    void aMapperThatKnowsTheToolsRefusesACallOfAnotherNamingItAndTheWayToTheList() throws IOException {
        McpJsonMapper knowing = ((MessageCheckingJsonMapper) mapper).knowingTools(Set.of("echo"));

        Throwable failure = catchThrowable(
                () -> McpSchema.deserializeJsonRpcMessage(knowing, call("{\"name\":\"ehco\",\"arguments\":{}}")));

        assertThat(failure).isInstanceOf(IllegalArgumentException.class).hasCauseInstanceOf(McpError.class);
        var refusal = ((McpError) failure.getCause()).getJsonRpcError();
        assertThat(refusal.code()).isEqualTo(McpSchema.ErrorCodes.INVALID_PARAMS);
        assertThat(refusal.message()).isEqualTo("Unknown tool 'ehco': call tools/list to see the tools you can call");
        assertThat(McpSchema.deserializeJsonRpcMessage(knowing, call("{\"name\":\"echo\",\"arguments\":{}}")))
                .isInstanceOf(McpSchema.JSONRPCRequest.class);
        assertThat(read(call("{\"name\":\"ehco\",\"arguments\":{}}")))
                .as("a mapper that does not know the tools leaves them to the server")
                .isNotNull();
    }

    @Test
    void refusesToolCallWithoutAName() {
        // the SDK alone would read it as a call of the tool "" (its deserializer defaults a missing name)
        assertThat(refusalOf(call("{\"arguments\":{}}")).message())
                .isEqualTo("Invalid params for tools/call: name is required");
    }

    @Test
    void refusesParamsThatAreNotAnObject() {
        assertThat(refusalOf(call("[1,2]")).message())
                .isEqualTo("Invalid params for tools/call: params must be a JSON object");
    }

    @Test
    void refusesUnknownLoggingLevel() {
        // the SDK alone would set the level to info and answer with success
        assertThat(refusalOf("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"logging/setLevel\",\"params\":"
                                + "{\"level\":\"loud\"}}")
                        .message())
                .isEqualTo("Invalid params for logging/setLevel: level must be one of debug, info, notice, warning,"
                        + " error, critical, alert, emergency");
    }

    @Test
    void refusesCompletionWithoutArgumentValue() {
        assertThat(refusalOf("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"completion/complete\",\"params\":"
                                + "{\"ref\":{\"type\":\"ref/prompt\",\"name\":\"p\"},\"argument\":{\"name\":\"a\"}}}")
                        .message())
                .isEqualTo("Invalid params for completion/complete: argument.value is required");
    }

    @Test
    void refusesCompletionReferenceOfUnknownType() {
        assertThat(refusalOf("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"completion/complete\",\"params\":"
                                + "{\"ref\":{\"type\":\"ref/nope\"},\"argument\":{\"name\":\"a\",\"value\":\"b\"}}}")
                        .message())
                .isEqualTo("Invalid params for completion/complete: ref needs a known \"type\"");
    }

    @Test
    void refusesInitializeWithoutProtocolVersion() {
        assertThat(refusalOf("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
                                + "{\"capabilities\":{}}}")
                        .message())
                .isEqualTo("Invalid params for initialize: protocolVersion is required");
    }

    @Test
    void refusesResourceReadWhoseUriIsNotAString() {
        assertThat(refusalOf("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"resources/read\",\"params\":"
                                + "{\"uri\":{\"a\":1}}}")
                        .message())
                .isEqualTo("Invalid params for resources/read: uri must be a string");
    }

    @Test
    void refusalsNeverNameJavaTypesNorQuoteJackson() {
        List<String> requests = List.of(
                call("\"x\""),
                call("{\"name\":[\"a\"]}"),
                call("{\"name\":\"a\",\"_meta\":5}"),
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"prompts/get\",\"params\":{\"name\":\"p\",\"arguments\":[]}}",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{\"cursor\":{}}}",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"completion/complete\",\"params\":"
                        + "{\"ref\":5,\"argument\":{\"name\":\"a\",\"value\":\"b\"}}}");

        for (String request : requests) {
            assertThat(refusalOf(request).message())
                    .as(request)
                    .startsWith("Invalid params for ")
                    .doesNotContain("io.modelcontextprotocol", "java.", "McpSchema", "Cannot", "`", "Source");
        }
    }

    @Test
    void refusesAnotherJsonRpcVersion() {
        var refusal = refusalOf("{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"tools/list\"}");

        assertThat(refusal.code()).isEqualTo(McpSchema.ErrorCodes.INVALID_REQUEST);
        assertThat(refusal.message()).isEqualTo("Invalid Request: jsonrpc must be \"2.0\"");
    }

    @Test
    void refusesAMethodThatIsNotAString() {
        assertThat(refusalOf("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":5}").message())
                .isEqualTo("Invalid Request: method must be a string");
    }

    @Test
    void refusesAnIdThatIsNeitherStringNorInteger() {
        assertThat(refusalOf("{\"jsonrpc\":\"2.0\",\"id\":{\"a\":1},\"method\":\"ping\"}")
                        .message())
                .isEqualTo("Invalid Request: id must be a string or an integer of at most 64 bits");
        assertThat(refusalOf("{\"jsonrpc\":\"2.0\",\"id\":1.5,\"method\":\"ping\"}")
                        .message())
                .isEqualTo("Invalid Request: id must be a string or an integer of at most 64 bits");
    }

    @Test
    void refusesAnIntegerIdBeyondSixtyFourBitsWhichTheSdkCannotTake() {
        assertThat(refusalOf("{\"jsonrpc\":\"2.0\",\"id\":18446744073709551616,\"method\":\"ping\"}")
                        .message())
                .isEqualTo("Invalid Request: id must be a string or an integer of at most 64 bits");
    }

    @Test
    void refusesANotificationWithoutAStringMethod() {
        assertThat(refusalOf("{\"jsonrpc\":\"2.0\",\"method\":[\"x\"]}").message())
                .isEqualTo("Invalid Request: method must be a string");
    }

    @Test
    void refusesARequestThatAlsoCarriesAResult() {
        var refusal = refusalOf("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"result\":{}}");

        assertThat(refusal.code()).isEqualTo(McpSchema.ErrorCodes.INVALID_REQUEST);
        assertThat(refusal.message())
                .isEqualTo("Invalid Request: a message with a method is a request or a"
                        + " notification, so it may carry no result or error");
    }

    @Test
    void refusesANotificationThatAlsoCarriesAnError() {
        assertThat(refusalOf("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\","
                                + "\"error\":{\"code\":1,\"message\":\"x\"}}")
                        .message())
                .startsWith("Invalid Request: a message with a method is a request or a notification");
    }

    @Test
    void refusesAResponseWithBothAResultAndAnError() {
        assertThat(refusalOf("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{},"
                                + "\"error\":{\"code\":1,\"message\":\"x\"}}")
                        .message())
                .isEqualTo("Invalid Request: a response carries a result or an error, not both");
    }

    @Test
    void fittingRequestCarriesItsParamsAlreadyRead() throws IOException {
        JSONRPCRequest request = (JSONRPCRequest) read(call("{\"name\":\"echo\",\"arguments\":{\"text\":\"hi\"}}"));

        assertThat(request.params()).isInstanceOf(CallToolRequest.class);
        CallToolRequest params = (CallToolRequest) request.params();
        assertThat(params.name()).isEqualTo("echo");
        assertThat(params.arguments()).containsEntry("text", "hi");
    }

    @Test
    void aRequestsEnvelopeIsTakenFromTheMapAsItIsAndOnlyItsParamsAreConverted() throws IOException {
        List<Class<?>> conversions = new ArrayList<>();
        McpJsonMapper jackson = new JacksonMcpJsonMapper(new ObjectMapper());
        McpJsonMapper counting = counting(jackson, conversions);
        Map<?, ?> message = jackson.readValue(call("{\"name\":\"echo\",\"arguments\":{}}"), Map.class);

        JSONRPCRequest request = new MessageCheckingJsonMapper(counting).convertValue(message, JSONRPCRequest.class);

        assertThat(request.id()).isEqualTo(7);
        assertThat(request.method()).isEqualTo("tools/call");
        assertThat(request.params()).isInstanceOf(CallToolRequest.class);
        assertThat(conversions).doesNotContain(JSONRPCRequest.class);
    }

    @Test
    void aPlainCallsArgumentsAreTheBodysOwnParseNotACopy() throws IOException {
        List<Class<?>> conversions = new ArrayList<>();
        McpJsonMapper jackson = new JacksonMcpJsonMapper(new ObjectMapper());
        McpJsonMapper counting = counting(jackson, conversions);
        Map<?, ?> message = jackson.readValue(
                call("{\"name\":\"echo\",\"arguments\":{\"text\":\"hi\"},\"_meta\":{\"progressToken\":3}}"), Map.class);
        Object arguments = ((Map<?, ?>) message.get("params")).get("arguments");

        JSONRPCRequest request = new MessageCheckingJsonMapper(counting).convertValue(message, JSONRPCRequest.class);

        CallToolRequest call = (CallToolRequest) request.params();
        assertThat(call.arguments()).isSameAs(arguments);
        assertThat(call.progressToken()).isEqualTo(3);
        assertThat(conversions).doesNotContain(CallToolRequest.class);
    }

    /** {@code delegate}, noting in {@code conversions} the type of each {@code convertValue} asked of it. */
    private static McpJsonMapper counting(McpJsonMapper delegate, List<Class<?>> conversions) {
        return new ForwardingMapper(delegate) {
            @Override
            public <T> T convertValue(Object fromValue, Class<T> type) {
                conversions.add(type);
                return super.convertValue(fromValue, type);
            }
        };
    }

    @Test
    void handlerReadsParamsAlreadyReadWithoutConvertingThemAgain() throws IOException {
        Object params = ((JSONRPCRequest) read(call("{\"name\":\"echo\",\"arguments\":{}}"))).params();

        CallToolRequest asHandlerReadsIt = mapper.convertValue(params, new TypeRef<CallToolRequest>() {});

        assertThat(asHandlerReadsIt).isSameAs(params);
    }

    @Test
    void handlerReadingUncheckedParamsIsRefusedWithInvalidParams() {
        // params a transport with another mapper let through reach the handler's conversion as a plain map
        Object params = java.util.Map.of("name", "echo", "arguments", "x");

        assertThatThrownBy(() -> mapper.convertValue(params, new TypeRef<CallToolRequest>() {}))
                .isInstanceOfSatisfying(McpError.class, error -> {
                    assertThat(error.getJsonRpcError().code()).isEqualTo(McpSchema.ErrorCodes.INVALID_PARAMS);
                    assertThat(error.getMessage()).isEqualTo("Invalid params: arguments must be a JSON object");
                });
    }

    @Test
    void leavesMethodsItDoesNotKnowToTheSdk() throws IOException {
        JSONRPCRequest request = (JSONRPCRequest)
                read("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"vendor/custom\",\"params\":\"anything\"}");

        assertThat(request.params()).isEqualTo("anything");
    }

    @Test
    void notificationsPassUnchecked() throws IOException {
        JSONRPCMessage message = read("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":\"x\"}");

        assertThat(message).isInstanceOf(JSONRPCNotification.class);
    }

    @Test
    void writesWhatItsDelegateWritesWithTheCallsOwnIdInItsMeta() throws IOException {
        JSONRPCRequest request = (JSONRPCRequest) read(call("{\"name\":\"echo\",\"arguments\":{\"n\":1}}"));

        assertThat(mapper.writeValueAsString(request))
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"tools/call\",\"id\":7,"
                        + "\"params\":{\"name\":\"echo\",\"arguments\":{\"n\":1},"
                        + "\"_meta\":{\"dev.bulwark/jsonrpc-id\":7}}}");
    }

    @Test
    void aToolCallCarriesItsOwnJsonRpcIdForItsCancellationOverAnyTheClientSent() throws IOException {
        JSONRPCRequest request = (JSONRPCRequest) read(call("{\"name\":\"echo\",\"arguments\":{},"
                + "\"_meta\":{\"dev.bulwark/jsonrpc-id\":99,\"progressToken\":\"p\"}}"));

        McpSchema.CallToolRequest params = (McpSchema.CallToolRequest) request.params();
        assertThat(RpcIdInMeta.of(params.meta())).isEqualTo(7);
        assertThat(params.progressToken()).isEqualTo("p");
    }

    @Test
    void resourceReadsPromptsAndCompletionsCarryTheirJsonRpcIdForTheirSpan() throws IOException {
        McpSchema.ReadResourceRequest read = (McpSchema.ReadResourceRequest) ((JSONRPCRequest) read(
                        "{\"jsonrpc\":\"2.0\",\"id\":\"r1\",\"method\":\"resources/read\",\"params\":{\"uri\":\"x:/a\","
                                + "\"_meta\":{\"traceparent\":\"t\"}}}"))
                .params();
        McpSchema.GetPromptRequest prompt = (McpSchema.GetPromptRequest) ((JSONRPCRequest)
                        read("{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"prompts/get\",\"params\":{\"name\":\"p\"}}"))
                .params();
        McpSchema.CompleteRequest complete = (McpSchema.CompleteRequest) ((JSONRPCRequest)
                        read(
                                "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"completion/complete\",\"params\":{\"ref\":"
                                        + "{\"type\":\"ref/prompt\",\"name\":\"p\"},\"argument\":{\"name\":\"a\",\"value\":\"v\"}}}"))
                .params();

        assertThat(RpcIdInMeta.of(read.meta())).isEqualTo("r1");
        assertThat(read.meta()).containsEntry("traceparent", "t");
        assertThat(RpcIdInMeta.of(prompt.meta())).isEqualTo(8);
        assertThat(RpcIdInMeta.of(complete.meta())).isEqualTo(9);
        assertThat(complete.argument().value()).isEqualTo("v");
    }

    /** The text content of a tool result, written as the transports write it: the mapper's text, sent as UTF-8. */
    private String textAfterTheTrip(String text) throws IOException {
        McpSchema.CallToolResult result = McpSchema.CallToolResult.builder()
                .content(List.of(McpSchema.TextContent.builder(text).build()))
                .build();
        byte[] sent = mapper.writeValueAsString(result).getBytes(StandardCharsets.UTF_8);
        return new ObjectMapper()
                .readTree(sent)
                .get("content")
                .get(0)
                .get("text")
                .asText();
    }

    @Test
    void aLoneSurrogateInAnAnswerSurvivesTheTripThroughUtf8() throws IOException {
        assertThat(textAfterTheTrip("a\uD800b\uDC00c")).isEqualTo("a\uD800b\uDC00c");
    }

    @Test
    void writesALoneSurrogateAsItsJsonEscape() throws IOException {
        assertThat(mapper.writeValueAsString(List.of("x\uDBFF", "\uDC00y"))).isEqualTo("[\"x\\uDBFF\",\"\\uDC00y\"]");
    }

    @Test
    void writesALoneSurrogateAsItsJsonEscapeInBytesToo() throws IOException {
        assertThat(new String(mapper.writeValueAsBytes(List.of("x\uDBFF")), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("[\"x\\uDBFF\"]");
    }

    @Test
    void writesASurrogatePairAsItIs() throws IOException {
        assertThat(mapper.writeValueAsString(List.of("a\uD83D\uDE00b"))).isEqualTo("[\"a\uD83D\uDE00b\"]");
        assertThat(textAfterTheTrip("a\uD83D\uDE00b")).isEqualTo("a\uD83D\uDE00b");
    }

    @Test
    void theStrictMappersBytesAreItsTextInUtf8() throws IOException {
        McpJsonMapper strict = MessageCheckingJsonMapper.strictOver(new ObjectMapper());
        List<String> texts = List.of("x\uDBFF", "\uDC00y", "a\uD83D\uDE00b", "a\uD800b\uDC00c", "\u00e9\u2028\u0001\"");

        assertThat(strict.writeValueAsBytes(texts))
                .isEqualTo(strict.writeValueAsString(texts).getBytes(StandardCharsets.UTF_8));
        assertThat(strict.writeValueAsString(texts)).contains("\\uDBFF", "\\uDC00", "\uD83D\uDE00");
    }
}
