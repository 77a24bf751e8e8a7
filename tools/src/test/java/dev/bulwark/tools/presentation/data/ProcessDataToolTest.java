package dev.bulwark.tools.presentation.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.core.CachePolicy;
import dev.bulwark.core.InvalidArgumentsException.Violation;
import dev.bulwark.core.JsonSchemaCheck;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolResult;
import dev.bulwark.core.internal.business.caching.CacheKeys;
import dev.bulwark.core.internal.business.caching.CanonicalJson;
import dev.bulwark.core.internal.business.validation.SchemaValidator;
import dev.bulwark.core.internal.presentation.tool.JsonSchemas;
import dev.bulwark.test.CallOutcome;
import dev.bulwark.test.TestCallContext;
import dev.bulwark.test.ToolTester;
import dev.bulwark.tools.business.processing.DataProcessingService;
import dev.bulwark.tools.presentation.data.ProcessDataInput.Operation;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The process_data tool: its schema, its size limit, and the three operations through the pipeline. */
class ProcessDataToolTest {

    private static final long LIMIT = 1000;

    private final ObjectMapper mapper = new ObjectMapper();
    private final SchemaValidator validator = new SchemaValidator(mapper);
    private final Tool<ProcessDataInput, ObjectNode> tool =
            ProcessDataTool.create(new DataProcessingService(mapper, JsonSchemaCheck.using(mapper)), LIMIT);
    private final ToolTester tester = ToolTester.of(tool);

    @AfterEach
    void closeTester() {
        tester.close();
    }

    private JsonNode json(String text) {
        try {
            return mapper.readTree(text.replace('\'', '"'));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    /** The tree as sent: re-read from its JSON text, so int and long nodes of one value compare equal. */
    private JsonNode sent(JsonNode tree) {
        try {
            return mapper.readTree(tree.toString());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, Object> arguments(String text) {
        return mapper.convertValue(json(text), new TypeReference<Map<String, Object>>() {});
    }

    /** Calls the tool through the pipeline with these arguments, as a client sends them. */
    private CallOutcome<ObjectNode> call(String arguments) {
        return tester.call(tool, arguments(arguments));
    }

    /** Calls the handler directly, past the pipeline and its cache. */
    private ToolResult<ObjectNode> handle(String arguments) throws Exception {
        return tool.handler().handle(bind(arguments), new TestCallContext(ProcessDataTool.NAME, "tools:read"));
    }

    /** Arguments as the pipeline binds them: from the JSON map to the input record. */
    private ProcessDataInput bind(String arguments) {
        return mapper.convertValue(arguments(arguments), ProcessDataInput.class);
    }

    @Test
    void inputSchemaIsAnObjectSchemaRequiringDataAndOperation() {
        assertThat(tool.inputSchema())
                .containsEntry("type", "object")
                .containsEntry("required", List.of("data", "operation"))
                .containsEntry("additionalProperties", false);
    }

    @Test
    void inputSchemaListsTheOperationsInLowerCase() {
        assertThat(mapper.valueToTree(tool.inputSchema()).at("/properties/operation/enum"))
                .isEqualTo(json("['transform','validate','analyze']"));
    }

    @Test
    void inputSchemaHasThePropertiesOfTheInputRecord() {
        Map<String, Object> generated = JsonSchemas.forType(ProcessDataInput.class);

        assertThat(mapper.valueToTree(tool.inputSchema()).get("properties").fieldNames())
                .toIterable()
                .containsExactlyInAnyOrderElementsOf(
                        () -> mapper.valueToTree(generated).get("properties").fieldNames());
        assertThat(tool.inputSchema().get("required")).isEqualTo(generated.get("required"));
    }

    @Test
    void unknownOperationIsRefusedWithAMessageListingTheAllowedValues() {
        List<Violation> violations =
                validator.validate(tool.inputSchema(), arguments("{'data':{},'operation':'frobnicate'}"));

        assertThat(violations).singleElement().satisfies(violation -> {
            assertThat(violation.field()).isEqualTo("$.operation");
            assertThat(violation.message()).contains("transform", "validate", "analyze");
        });
    }

    @Test
    void inputSchemaAcceptsAnyJsonAsData() {
        for (String data : List.of("{'a':1}", "[1,2]", "'text'", "3.5", "true", "null")) {
            assertThat(validator.validate(tool.inputSchema(), arguments("{'data':" + data + ",'operation':'analyze'}")))
                    .as(data)
                    .isEmpty();
        }
    }

    @Test
    void inputSchemaAcceptsAnObjectSchemaOnly() {
        assertThat(validator.validate(
                        tool.inputSchema(), arguments("{'data':1,'operation':'validate','schema':{'type':'integer'}}")))
                .isEmpty();
        assertThat(validator.validate(
                        tool.inputSchema(), arguments("{'data':1,'operation':'validate','schema':'integer'}")))
                .extracting(Violation::field)
                .containsExactly("$.schema");
    }

    @Test
    void operationsBindFromTheirLowerCaseNames() {
        assertThat(bind("{'data':{},'operation':'validate'}").operation()).isEqualTo(Operation.VALIDATE);
        assertThat(Operation.jsonNames()).containsExactly("transform", "validate", "analyze");
    }

    @Test
    void refusesNumbersThatJsonCannotCarryBack() {
        // 1e400 reads as infinity: transform returned it as the string "Infinity", analyze a mean of NaN
        CallOutcome<ObjectNode> refused = call("{'data':[1e400,-1e400],'operation':'analyze'}");

        assertThat(refused.errorType()).isEqualTo("tool_error");
        assertThat(refused.text()).contains("send such numbers as strings");
    }

    @Test
    void refusesIntegersTooLongForADoubleInsteadOfAnsweringInfinity() {
        String huge = "1" + "0".repeat(400);

        CallOutcome<ObjectNode> refused = call("{'data':[" + huge + ",-" + huge + ",5],'operation':'analyze'}");

        assertThat(refused.errorType()).isEqualTo("tool_error");
        assertThat(refused.text()).contains("beyond the range of a 64-bit floating point value");
    }

    @Test
    void refusesDataOverTheSizeLimit() {
        String big = "x".repeat((int) LIMIT);

        CallOutcome<ObjectNode> refused = call("{'data':{'text':'" + big + "'},'operation':'analyze'}");

        assertThat(refused.errorType()).isEqualTo("tool_error");
        assertThat(refused.text()).contains("data is 1011 bytes", "limit of 1000 bytes");
    }

    @Test
    void acceptsDataOfExactlyTheSizeLimit() {
        String fits = "x".repeat((int) LIMIT - 2); // plus the two quotes

        assertThat(call("{'data':'" + fits + "','operation':'analyze'}")
                        .value()
                        .get("types")
                        .get("string")
                        .asInt())
                .isEqualTo(1);
    }

    @Test
    void transformReturnsTheFlattenedDataInAnObject() {
        CallOutcome<ObjectNode> result = call("{'data':{'a':{'b':' x '}},'operation':'transform'}");

        assertThat(sent(result.value()))
                .isEqualTo(
                        json("{'operation':'transform','result':{'a.b':'x'},'flattenedObjects':1,'trimmedStrings':1}"));
        assertThat(result.text())
                .contains("flattened 1 nested object, trimmed 1 string")
                .contains("{\"a.b\":\"x\"}");
    }

    @Test
    void transformWritesNumbersInTheCanonicalFormOfTheCacheKey() {
        CallOutcome<ObjectNode> result =
                call("{'data':{'a':1.0,'b':1e2,'c':-0.0,'d':0.50,'e':1e300}," + "'operation':'transform'}");

        assertThat(result.value().get("result").toString())
                .isEqualTo("{\"a\":1,\"b\":100,\"c\":0,\"d\":0.5,\"e\":1.0E300}");
    }

    @Test
    void callsThatShareACacheKeyGetTheSameAnswer() throws Exception {
        // Straight to the handler: through the pipeline, the second call of each pair would be served from the cache.
        CacheKeys keys = new CacheKeys(new CanonicalJson(mapper));
        String[][] sameKey = {
            {"{'v':1}", "{'v':1.0}"},
            {"{'v':100}", "{'v':1e2}"},
            {"{'v':0.0}", "{'v':-0.0}"},
            {"{'v':0.1}", "{'v':0.10}"},
            {"{'a':1,'b':{'c':2,'d':3}}", "{'b':{'d':3,'c':2},'a':1}"}
        };
        for (String operation : List.of("transform", "analyze", "validate")) {
            for (String[] pair : sameKey) {
                String first = "{'data':" + pair[0] + ",'operation':'" + operation + "','schema':{'type':'object',"
                        + "'properties':{'v':{'type':'integer','const':1}}}}";
                String second = first.replace(pair[0], pair[1]);
                assertThat(keys.keyFor(ProcessDataTool.NAME, "1", arguments(first), CachePolicy.shared(), null))
                        .as("one key for %s", second)
                        .isEqualTo(
                                keys.keyFor(ProcessDataTool.NAME, "1", arguments(second), CachePolicy.shared(), null));

                ToolResult<ObjectNode> a = handle(first);
                ToolResult<ObjectNode> b = handle(second);

                assertThat(b.structured().toString())
                        .as(second)
                        .isEqualTo(a.structured().toString());
                assertThat(b.text()).as(second).isEqualTo(a.text());
            }
        }
    }

    @Test
    void validateReadsAWholeNumberWrittenWithAFractionAsTheIntegerItsKeyIs() {
        CallOutcome<ObjectNode> result = call("{'data':1.0,'operation':'validate','schema':{'type':'integer'}}");

        assertThat(result.value().get("valid").booleanValue()).isTrue();
    }

    @Test
    void transformOfANonObjectStillGivesAnObjectResult() {
        CallOutcome<ObjectNode> result = call("{'data':[' a ',' b '],'operation':'transform'}");

        assertThat(result.value().get("result")).isEqualTo(json("['a','b']"));
    }

    @Test
    void validateReportsEveryViolationWithItsPath() {
        CallOutcome<ObjectNode> result = call("{'data':{'id':'x'},'operation':'validate',"
                + "'schema':{'properties':{'id':{'type':'integer'}},'required':['id','name']}}");

        assertThat(sent(result.value()))
                .isEqualTo(
                        json(
                                "{'operation':'validate','valid':false,'schemaGiven':true,"
                                        + "'dataType':'object','violations':["
                                        + "{'path':'$.id','message':'string found, integer expected'},"
                                        + "{'path':'$.name','message':'required property \\u0027name\\u0027 not found'}],'truncated':false}"));
        assertThat(result.text()).startsWith("Invalid: 2 violations: $.id: string found, integer expected");
    }

    @Test
    void transformRefusesToFlattenDataIntoKeysManyTimesItsSize() {
        // under 1000 bytes: a 300-character key above 80 leaves makes 24,000 characters of keys
        StringBuilder leaves = new StringBuilder();
        for (int i = 0; i < 80; i++) {
            leaves.append(i == 0 ? "" : ",").append("'k").append(i).append("':1");
        }
        String data = "{'" + "p".repeat(300) + "':{" + leaves + "}}";

        CallOutcome<ObjectNode> refused = call("{'data':" + data + ",'operation':'transform'}");

        assertThat(refused.errorType()).isEqualTo("tool_error");
        assertThat(refused.text()).contains("dotted keys would have more than " + 8 * LIMIT + " characters");
    }

    @Test
    void validateRefusesASchemaThatExpandsBeyondTheLimitInsteadOfHoldingItsThread() {
        // d(i) is allOf [d(i-1), d(i-1)]: 2^32 subschemas once expanded, which ran past the 30 s time limit
        StringBuilder defs = new StringBuilder("{'d0':{'type':'number'}");
        for (int i = 1; i <= 30; i++) {
            defs.append(",'d")
                    .append(i)
                    .append("':{'allOf':[{'$ref':'#/$defs/d")
                    .append(i - 1)
                    .append("'},{'$ref':'#/$defs/d")
                    .append(i - 1)
                    .append("'}]}");
        }
        String arguments = "{'data':1,'operation':'validate','schema':{'$defs':" + defs + "},'$ref':'#/$defs/d30'}}";

        CallOutcome<ObjectNode> refused = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> call(arguments));

        assertThat(refused.errorType()).isEqualTo("tool_error");
        assertThat(refused.text()).contains("too large once its references are expanded", "100000 subschemas");
    }

    @Test
    void validateListsTheFirstThousandViolationsAndSaysThereAreMore() throws Exception {
        Tool<ProcessDataInput, ObjectNode> roomy =
                ProcessDataTool.create(new DataProcessingService(mapper, JsonSchemaCheck.using(mapper)), 1 << 20);
        String numbers = "[" + "1,".repeat(1499) + "1]";

        ToolResult<ObjectNode> result = roomy.handler()
                .handle(
                        bind("{'data':" + numbers + ",'operation':'validate','schema':{'items':{'type':'string'}}}"),
                        new TestCallContext(ProcessDataTool.NAME, "tools:read"));

        assertThat(result.structured().get("violations")).hasSize(1000);
        assertThat(result.structured().get("truncated").asBoolean()).isTrue();
        assertThat(result.text())
                .startsWith("Invalid: 1000 violations: ")
                .endsWith("; and 980 more; the check" + " stopped there, and there are more.");
    }

    @Test
    void validateWithoutASchemaSaysNoSchemaWasGiven() {
        CallOutcome<ObjectNode> result = call("{'data':[1],'operation':'validate'}");

        assertThat(result.value().get("valid").asBoolean()).isTrue();
        assertThat(result.value().get("schemaGiven").asBoolean()).isFalse();
        assertThat(result.text()).contains("No schema was given");
    }

    @Test
    void validateRefusesAnInvalidSchemaNamingTheProblem() {
        CallOutcome<ObjectNode> refused = call("{'data':1,'operation':'validate','schema':{'type':'integr'}}");

        assertThat(refused.errorType()).isEqualTo("tool_error");
        assertThat(refused.text()).startsWith("schema is not a valid JSON Schema: $.type");
    }

    @Test
    void analyzeReturnsCountsDepthAndNumericRange() {
        CallOutcome<ObjectNode> result = call("{'data':{'a':1,'b':{'c':[2,'x',null]}},'operation':'analyze'}");

        assertThat(sent(result.value()))
                .isEqualTo(json("{'operation':'analyze','fieldCount':3,'maxDepth':3,"
                        + "'types':{'object':2,'array':1,'string':1,'number':2,'boolean':0,'null':1},"
                        + "'numbers':{'count':2,'min':1.0,'max':2.0,'mean':1.5}}"));
        assertThat(result.text())
                .isEqualTo("3 fields, nesting depth 3; 2 objects, 1 array, 1 string, 2 numbers,"
                        + " 0 booleans, 1 null; numbers from 1 to 2, mean 1.5.");
    }

    @Test
    void analyzeWritesVeryLargeAndVerySmallNumbersWithAnExponent() {
        CallOutcome<ObjectNode> result = call("{'data':[1e300,2.5e-9,-3e20],'operation':'analyze'}");

        assertThat(result.text()).endsWith("numbers from -3E+20 to 1E+300, mean 3.33333E+299.");
    }

    @Test
    void analyzeGivesNullNumbersWhenThereAreNone() {
        ObjectNode numbers = (ObjectNode)
                call("{'data':['x'],'operation':'analyze'}").value().get("numbers");

        assertThat(sent(numbers)).isEqualTo(json("{'count':0,'min':null,'max':null,'mean':null}"));
    }

    @Test
    void isCachedAndSharedWithTheServerDefaultTtl() {
        assertThat(tool.cachePolicy()).contains(CachePolicy.shared());
        assertThat(tool.cachePolicy().orElseThrow().ttl()).isEmpty();
    }

    @Test
    void requiresTheToolsReadScopeAndOnlyReads() {
        assertThat(tool.name()).isEqualTo("process_data");
        assertThat(tool.requiredScopes()).containsExactly("tools:read");
        assertThat(tool.readOnly()).isTrue();
        assertThat(tool.outputSchema()).isEmpty();
    }

    @Test
    void refusesANonPositiveSizeLimit() {
        assertThatThrownBy(() ->
                        ProcessDataTool.create(new DataProcessingService(mapper, JsonSchemaCheck.using(mapper)), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
