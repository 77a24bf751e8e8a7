package dev.bulwark.core.internal.presentation.era2026;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.Bulwark;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolResult;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.core.internal.testing.ParsedEra2026Requests;
import dev.bulwark.ports.era2026.Era2026Answer;
import dev.bulwark.ports.origin.RequestOrigin;
import dev.bulwark.ports.security.Principal;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Mcp-Param headers of a 2026-era tool call over HTTP, checked against its arguments. */
class ParamHeaderCheckTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String META = "{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
            + "\"io.modelcontextprotocol/clientCapabilities\":{}}";

    private final Bulwark bulwark =
            Bulwark.builder(BulwarkConfig.defaults()).tool(route()).build();

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Tool<Map<String, Object>, Void> route() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("region", Map.of("type", "string", "x-mcp-header", "Region"));
        properties.put("priority", Map.of("type", "integer", "x-mcp-header", "Priority"));
        properties.put("verbose", Map.of("type", "boolean", "x-mcp-header", "Verbose"));
        properties.put(
                "options",
                Map.of(
                        "type",
                        "object",
                        "properties",
                        Map.of("tenant", Map.of("type", "string", "x-mcp-header", "Tenant"))));
        properties.put("query", Map.of("type", "string"));
        Class<Map<String, Object>> free = (Class) Map.class;
        return Tool.builder("route", free, Void.class)
                .description("Routes a query")
                .inputSchema(
                        Map.of("type", "object", "properties", properties, "required", java.util.List.of("region")))
                .handler((input, context) -> ToolResult.text("routed to " + input.get("region")))
                .build();
    }

    @AfterEach
    void close() {
        bulwark.close();
    }

    @Test
    void aCallWhoseHeadersCarryItsArgumentsIsServed() throws Exception {
        Answer answer = call(
                "{\"region\":\"us-west1\",\"priority\":42,\"verbose\":false,\"options\":{\"tenant\":\"acme\"},"
                        + "\"query\":\"SELECT 1\"}",
                Map.of(
                        "mcp-param-region",
                        "us-west1",
                        "mcp-param-priority",
                        "42",
                        "mcp-param-verbose",
                        "false",
                        "mcp-param-tenant",
                        "acme"));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json()
                        .path("result")
                        .path("content")
                        .get(0)
                        .path("text")
                        .asText())
                .isEqualTo("routed to us-west1");
    }

    @Test
    void aBase64HeaderIsDecodedBeforeItIsCompared() throws Exception {
        assertThat(call("{\"region\":\"Hello, 世界\"}", Map.of("mcp-param-region", base64("Hello, 世界")))
                        .status())
                .isEqualTo(200);
        assertThat(call("{\"region\":\"Hello\"}", Map.of("mcp-param-region", "  =?base64?SGVsbG8=?=  "))
                        .status())
                .as("the whitespace around a value is not part of it")
                .isEqualTo(200);
    }

    @Test
    void aValueWithoutTheExactBase64WrapperIsLiteral() throws Exception {
        assertThat(call("{\"region\":\"SGVsbG8=\"}", Map.of("mcp-param-region", "SGVsbG8="))
                        .status())
                .isEqualTo(200);
        assertThat(call("{\"region\":\"=?base64?SGVsbG8=\"}", Map.of("mcp-param-region", "=?base64?SGVsbG8="))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void anUnpaddedOrNonAlphabetBase64HeaderIsRefusedAsMalformed() throws Exception {
        for (String header : new String[] {"=?base64?SGVsbG8?=", "=?base64?SGVs!!!bG8=?="}) {
            assertMismatch(
                    call("{\"region\":\"Hello\"}", Map.of("mcp-param-region", header)),
                    "Header mismatch: the Mcp-Param-Region header is neither plain visible ASCII nor a valid"
                            + " =?base64?...?= value (padded Base64 of UTF-8)");
        }
    }

    @Test
    void aPlainHeaderWithAControlOrNonAsciiCharacterIsRefused() throws Exception {
        for (String header : new String[] {"us\u0001west1", "us-wést1"}) {
            assertMismatch(
                    call("{\"region\":\"us-west1\"}", Map.of("mcp-param-region", header)),
                    "Header mismatch: the Mcp-Param-Region header is neither plain visible ASCII nor a valid"
                            + " =?base64?...?= value (padded Base64 of UTF-8)");
        }
    }

    @Test
    void aHeaderThatDisagreesWithItsArgumentIsRefusedNamingBoth() throws Exception {
        assertMismatch(
                call("{\"region\":\"eu-west1\"}", Map.of("mcp-param-region", "us-west1")),
                "Header mismatch: the Mcp-Param-Region header does not match arguments.region");
        assertMismatch(
                call(
                        "{\"region\":\"a\",\"options\":{\"tenant\":\"acme\"}}",
                        Map.of("mcp-param-region", "a", "mcp-param-tenant", "other")),
                "Header mismatch: the Mcp-Param-Tenant header does not match arguments.options.tenant");
    }

    @Test
    void anArgumentGivenWithoutItsHeaderIsRefused() throws Exception {
        assertMismatch(
                call("{\"region\":\"test-value\"}", Map.of()),
                "Header mismatch: the Mcp-Param-Region header is required, carrying the value of arguments.region");
    }

    @Test
    void anAbsentOrNullArgumentExpectsNoHeaderAndRefusesOne() throws Exception {
        assertThat(call("{\"region\":\"a\",\"verbose\":null}", Map.of("mcp-param-region", "a"))
                        .json()
                        .path("error")
                        .path("code")
                        .asInt())
                .as("the header check passes; what the tool makes of null is its own")
                .isNotEqualTo(-32020);
        assertMismatch(
                call("{\"region\":\"a\"}", Map.of("mcp-param-region", "a", "mcp-param-priority", "1")),
                "Header mismatch: the Mcp-Param-Priority header is given, but arguments.priority is not:"
                        + " leave the header out when the argument is absent or null");
    }

    @Test
    void integersCompareAsNumbersAndBooleansInLowerCase() throws Exception {
        assertThat(call(
                                "{\"region\":\"a\",\"priority\":42}",
                                Map.of("mcp-param-region", "a", "mcp-param-priority", "42.0"))
                        .status())
                .isEqualTo(200);
        assertMismatch(
                call(
                        "{\"region\":\"a\",\"priority\":42}",
                        Map.of("mcp-param-region", "a", "mcp-param-priority", "forty")),
                "Header mismatch: the Mcp-Param-Priority header does not match arguments.priority");
        assertThat(call(
                                "{\"region\":\"a\",\"verbose\":true}",
                                Map.of("mcp-param-region", "a", "mcp-param-verbose", "true"))
                        .status())
                .isEqualTo(200);
        assertMismatch(
                call(
                        "{\"region\":\"a\",\"verbose\":true}",
                        Map.of("mcp-param-region", "a", "mcp-param-verbose", "True")),
                "Header mismatch: the Mcp-Param-Verbose header does not match arguments.verbose");
    }

    @Test
    void anArgumentThatIsNoPrimitiveCannotMatchItsHeader() throws Exception {
        assertMismatch(
                call("{\"region\":{\"zone\":\"a\"}}", Map.of("mcp-param-region", "a")),
                "Header mismatch: arguments.region must be a string, integer or boolean to be carried in the"
                        + " Mcp-Param-Region header");
    }

    @Test
    void overStdioNoHeaderIsExpected() throws Exception {
        Era2026Answer answer = bulwark.era2026()
                .serve(ParsedEra2026Requests.overStdio(body("{\"region\":\"us-west1\"}"), caller()), notification -> {})
                .get(30, TimeUnit.SECONDS);

        assertThat(JSON.readTree(answer.json()).has("result")).isTrue();
    }

    @Test
    void aHeaderAgreesWithAnArgumentByTheArgumentsJsonType() {
        assertThat(ParamHeaderCheck.agrees("42", JSON.valueToTree(42))).isTrue();
        assertThat(ParamHeaderCheck.agrees("-7", JSON.valueToTree(-7L))).isTrue();
        assertThat(ParamHeaderCheck.agrees("1", JSON.valueToTree(2))).isFalse();
        assertThat(ParamHeaderCheck.agrees("false", JSON.valueToTree(false))).isTrue();
        assertThat(ParamHeaderCheck.agrees("x", JSON.valueToTree("x"))).isTrue();
    }

    @Test
    void aHeaderValueIsPaddedBase64OrVisibleAsciiSpaceAndTab() {
        assertThat(RequestCheck.headerValue("=?base64?SGVsbG8=?=")).isEqualTo("Hello");
        assertThat(RequestCheck.headerValue("=?base64??=")).isEmpty();
        assertThat(RequestCheck.headerValue("us west\t1")).isEqualTo("us west\t1");
        assertThat(RequestCheck.headerValue("=?base64?SGVsbG8?="))
                .as("unpadded")
                .isNull();
        assertThat(RequestCheck.headerValue("=?base64?SG=sbG8=?="))
                .as("padding inside")
                .isNull();
        assertThat(RequestCheck.headerValue("caf\u00e9")).as("not ASCII").isNull();
        assertThat(RequestCheck.headerValue("a\u007fb")).as("DEL").isNull();
    }

    record Answer(int status, JsonNode json) {}

    private static void assertMismatch(Answer answer, String message) {
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().path("error").path("code").asInt()).isEqualTo(-32020);
        assertThat(answer.json().path("error").path("message").asText()).isEqualTo(message);
        assertThat(answer.json().path("id").asInt()).isEqualTo(5);
    }

    private Answer call(String arguments, Map<String, String> paramHeaders) throws Exception {
        Map<String, String> headers = new HashMap<>(paramHeaders);
        headers.put("mcp-protocol-version", "2026-07-28");
        headers.put("mcp-method", "tools/call");
        headers.put("mcp-name", "route");
        Era2026Answer answer = bulwark.era2026()
                .serve(ParsedEra2026Requests.overHttp(body(arguments), headers, caller()), notification -> {})
                .get(30, TimeUnit.SECONDS);
        return new Answer(answer.httpStatus(), JSON.readTree(answer.json()));
    }

    private static byte[] body(String arguments) {
        return ("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":{\"name\":\"route\",\"arguments\":"
                        + arguments + ",\"_meta\":" + META + "}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String base64(String value) {
        return "=?base64?" + Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)) + "?=";
    }

    private static RequestOrigin caller() {
        return RequestOrigin.of(Principal.of("alice", "*"));
    }
}
