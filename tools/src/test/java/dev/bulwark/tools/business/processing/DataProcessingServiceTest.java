package dev.bulwark.tools.business.processing;

import static dev.bulwark.tools.business.processing.QuotedJson.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.core.JsonSchemaCheck;
import dev.bulwark.core.ToolException;
import dev.bulwark.tools.business.processing.AnalysisReport.NumberStats;
import dev.bulwark.tools.business.processing.AnalysisReport.TypeHistogram;
import dev.bulwark.tools.business.processing.ValidationReport.Violation;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Transforming, validating and analyzing caller-supplied JSON. */
class DataProcessingServiceTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private final DataProcessingService service = new DataProcessingService(mapper, JsonSchemaCheck.using(mapper));

    /** Transforms with room for any key these tests make. */
    private TransformResult transform(JsonNode data) {
        return service.transform(data, 1_000_000);
    }

    @Test
    void refusesNumbersBeyondTheRangeOfADouble() {
        assertThatThrownBy(() -> service.requireFiniteNumbers(json("{'a':[1,{'b':-1e400}]}")))
                .isInstanceOf(ToolException.class)
                .hasMessageContaining("beyond the range of a 64-bit floating point value");
    }

    @Test
    void refusesIntegersBeyondTheRangeOfADouble() {
        // A 400-digit integer stays a BigInteger node: analyze's min, max and mean came back as Infinity and NaN
        String huge = "1" + "0".repeat(400);

        assertThatThrownBy(() -> service.requireFiniteNumbers(json("{'a':[5,-" + huge + "]}")))
                .isInstanceOf(ToolException.class)
                .hasMessageContaining("beyond the range of a 64-bit floating point value");
    }

    @Test
    void acceptsLargeButFiniteNumbers() {
        assertThatCode(() ->
                        service.requireFiniteNumbers(json("[1e300, -1e300, 123456789012345678901234567890, 1e-400]")))
                .doesNotThrowAnyException();
    }

    @Nested
    class Transform {

        @Test
        void flattensNestedObjectsToDottedKeys() {
            TransformResult result = transform(json("{'a':{'b':1,'c':{'d':true}},'e':null}"));

            assertThat(result.data()).isEqualTo(json("{'a.b':1,'a.c.d':true,'e':null}"));
            assertThat(result.flattenedObjects()).isEqualTo(2);
        }

        @Test
        void keepsArraysAsValuesAndFlattensObjectsInsideThem() {
            TransformResult result = transform(json("{'a':[{'b':{'c':1}},2,[{'d':{'e':3}}]]}"));

            assertThat(result.data()).isEqualTo(json("{'a':[{'b.c':1},2,[{'d.e':3}]]}"));
        }

        @Test
        void keepsEmptyNestedObjectsAsValues() {
            assertThat(transform(json("{'a':{},'b':{'c':{}}}")).data()).isEqualTo(json("{'a':{},'b.c':{}}"));
        }

        @Test
        void trimsStrings() {
            TransformResult result = transform(json("{'a':'  x ','b':{'c':'\\ty\\n'},'d':[' z'],'e':'ok'}"));

            assertThat(result.data()).isEqualTo(json("{'a':'x','b.c':'y','d':['z'],'e':'ok'}"));
            assertThat(result.trimmedStrings()).isEqualTo(3);
        }

        @Test
        void trimsUnicodeWhiteSpace() {
            assertThat(transform(json("'\\u2003wide\\u3000'")).data()).isEqualTo(json("'wide'"));
        }

        @Test
        void keepsSurrogatePairsAndLoneSurrogatesInStringsAndKeys() {
            assertThat(transform(json("{'k\\ud800':{'x':' a\\ud83d\\ude00b\\udc00 '}}"))
                            .data())
                    .isEqualTo(json("{'k\\ud800.x':'a\\ud83d\\ude00b\\udc00'}"));
        }

        @Test
        void leavesKeysAndOtherScalarsAsTheyAre() {
            assertThat(transform(json("{' key ':1.5,'n':null,'t':false}")).data())
                    .isEqualTo(json("{' key ':1.5,'n':null,'t':false}"));
        }

        @Test
        void transformsANonObjectRootElementWise() {
            assertThat(transform(json("[{'a':{'b':' x '}},' y ']")).data()).isEqualTo(json("[{'a.b':'x'},'y']"));
        }

        @Test
        void refusesKeysThatCollideAfterFlattening() {
            assertThatThrownBy(() -> transform(json("{'a.b':1,'a':{'b':2}}")))
                    .isInstanceOf(ToolException.class)
                    .hasMessageContaining("'a.b'")
                    .hasMessageContaining("occurs twice");
        }

        @Test
        void doesNotChangeTheInput() {
            JsonNode input = json("{'a':{'b':' x '}}");

            transform(input);

            assertThat(input).isEqualTo(json("{'a':{'b':' x '}}"));
        }

        @Test
        void refusesDataNestedDeeperThanTheLimit() {
            ArrayNode root = JsonNodeFactory.instance.arrayNode();
            ArrayNode current = root;
            for (int i = 0; i < DataProcessingService.MAX_DEPTH + 5; i++) {
                current = current.addArray();
            }

            assertThatThrownBy(() -> transform(root))
                    .isInstanceOf(ToolException.class)
                    .hasMessageContaining("deeper than " + DataProcessingService.MAX_DEPTH);
        }
    }

    @Nested
    class Validate {

        private final JsonNode schema = json("{'type':'object','required':['id','name'],'properties':{"
                + "'id':{'type':'integer'},'name':{'type':'string','minLength':1},"
                + "'tags':{'type':'array','items':{'type':'string'}}},'additionalProperties':false}");

        @Test
        void reportsEveryViolationWithItsPath() {
            ValidationReport report = service.validate(json("{'id':'x','tags':['a',2,3],'extra':true}"), schema);

            assertThat(report.valid()).isFalse();
            assertThat(report.schemaGiven()).isTrue();
            assertThat(report.violations())
                    .extracting(Violation::path)
                    .containsExactlyInAnyOrder("$.id", "$.tags[1]", "$.tags[2]", "$.name", "$.extra");
            assertThat(report.violations())
                    .allSatisfy(violation -> assertThat(violation.message()).isNotBlank());
        }

        @Test
        void namesNestedMissingPropertiesUnderTheirParent() {
            JsonNode nested = json("{'properties':{'user':{'required':['id']}}}");

            assertThat(service.validate(json("{'user':{}}"), nested).violations())
                    .extracting(Violation::path)
                    .containsExactly("$.user.id");
        }

        @Test
        void reportsValidWhenTheDataMatches() {
            ValidationReport report = service.validate(json("{'id':1,'name':'n','tags':['a']}"), schema);

            assertThat(report.valid()).isTrue();
            assertThat(report.violations()).isEmpty();
            assertThat(report.dataType()).isEqualTo("object");
        }

        @Test
        void reportsTheRootAsDollar() {
            assertThat(service.validate(json("[1]"), schema).violations())
                    .extracting(Violation::path)
                    .containsExactly("$");
        }

        @Test
        void reportsWellFormedWithoutASchema() {
            ValidationReport report = service.validate(json("[1,'two']"), null);

            assertThat(report.valid()).isTrue();
            assertThat(report.schemaGiven()).isFalse();
            assertThat(report.dataType()).isEqualTo("array");
            assertThat(report.violations()).isEmpty();
        }

        @Test
        void takesAJsonNullSchemaAsNoSchema() {
            assertThat(service.validate(json("1"), NullNode.getInstance()).schemaGiven())
                    .isFalse();
        }

        @Test
        void refusesASchemaThatIsNotAnObject() {
            assertThatThrownBy(() -> service.validate(json("1"), json("['integer']")))
                    .isInstanceOf(ToolException.class)
                    .hasMessage("schema must be a JSON Schema object, but is an array");
        }

        @Test
        void refusesASchemaThatBreaksTheMetaSchema() {
            assertThatThrownBy(() -> service.validate(json("1"), json("{'type':'integr','minimum':'zero'}")))
                    .isInstanceOf(ToolException.class)
                    .hasMessageStartingWith("schema is not a valid JSON Schema: ")
                    .hasMessageContaining("$.type")
                    .hasMessageContaining("$.minimum");
        }

        @Test
        void refusesASchemaThatRefersToItselfWithoutEnd() {
            assertThatThrownBy(() -> service.validate(json("1"), json("{'$ref':'#'}")))
                    .isInstanceOf(ToolException.class)
                    .hasMessageStartingWith("schema cannot be used: it refers to itself without end");
        }

        @Test
        void refusesASchemaWhoseDefinitionsReferToEachOtherWithoutEnd() {
            assertThatThrownBy(
                            () -> service.validate(
                                    json("{'a':1}"),
                                    json(
                                            "{'$defs':{'a':{'$ref':'#/$defs/b'},'b':{'allOf':[{'$ref':'#/$defs/a'}]}},'$ref':'#/$defs/a'}")))
                    .isInstanceOf(ToolException.class)
                    .hasMessageStartingWith("schema cannot be used: it refers to itself without end");
        }

        @Test
        void validatesAgainstARecursiveSchemaThatFollowsTheData() {
            JsonNode tree = json("{'children':[{'children':[]},{'children':[{'children':[]}]}]}");
            JsonNode schema = json("{'type':'object','properties':{'children':{'type':'array','items':{'$ref':'#'}}}}");

            assertThat(service.validate(tree, schema).valid()).isTrue();
        }

        @Test
        void refusesASchemaWithAnInvalidRegularExpression() {
            assertThatThrownBy(() -> service.validate(json("'x'"), json("{'pattern':'[a-'}")))
                    .isInstanceOf(ToolException.class)
                    .hasMessageContaining("invalid regular expression '[a-'");
        }

        @Test
        void aPatternThatWouldBacktrackWithoutEndIsStoppedAndReported() {
            JsonNode value = json("'" + "a".repeat(40) + "!'");

            ValidationReport report = service.validate(value, json("{'type':'string','pattern':'^(.*a){20}$'}"));

            assertThat(report.valid()).isFalse();
            assertThat(report.violations())
                    .singleElement()
                    .extracting(Violation::message)
                    .asString()
                    .contains("could not be checked against the pattern '^(.*a){20}$' in time");
        }

        @Test
        void refusesAnUnresolvableLocalReference() {
            assertThatThrownBy(() -> service.validate(json("1"), json("{'$ref':'#/$defs/missing'}")))
                    .isInstanceOf(ToolException.class)
                    .hasMessageStartingWith("schema cannot be used: ");
        }

        @Test
        void refusesReferencesToOtherDocuments() {
            JsonNode remote = json("{'properties':{'a':{'$ref':'https://example.com/a.json'}}}");

            assertThatThrownBy(() -> service.validate(json("{}"), remote))
                    .isInstanceOf(ToolException.class)
                    .hasMessageContaining("'https://example.com/a.json' refers to another document");
        }

        @Test
        void followsLocalReferences() {
            JsonNode local = json("{'$defs':{'id':{'type':'integer'}},'properties':{'a':{'$ref':'#/$defs/id'}}}");

            assertThat(service.validate(json("{'a':'x'}"), local).violations())
                    .extracting(Violation::path)
                    .containsExactly("$.a");
        }

        @Test
        void refusesAnUnsupportedDialect() {
            assertThatThrownBy(() -> service.validate(json("1"), json("{'$schema':'https://example.com/dialect'}")))
                    .isInstanceOf(ToolException.class)
                    .hasMessageContaining("$schema 'https://example.com/dialect'")
                    .hasMessageContaining("http://json-schema.org/draft-07/schema");
        }

        @Test
        void validatesDraft07Schemas() {
            JsonNode draft7 = json("{'$schema':'http://json-schema.org/draft-07/schema#','type':'object',"
                    + "'properties':{'n':{'type':'number','exclusiveMaximum':10}}}");

            assertThat(service.validate(json("{'n':10}"), draft7).violations())
                    .extracting(Violation::path)
                    .containsExactly("$.n");
        }
    }

    @Nested
    class Analyze {

        @Test
        void analyzeCountsTypesAndNumericRange() {
            AnalysisReport report =
                    service.analyze(json("{'a':1,'b':[2.5,-3,'s',true,null],'c':{'d':'t','e':false,'f':10}}"));

            assertThat(report.types()).isEqualTo(new TypeHistogram(2, 1, 2, 4, 2, 1));
            assertThat(report.numbers().count()).isEqualTo(4);
            assertThat(report.numbers().min()).isEqualTo(-3.0);
            assertThat(report.numbers().max()).isEqualTo(10.0);
            assertThat(report.numbers().mean()).isCloseTo(2.625, within(1e-12));
        }

        @Test
        void countsFieldsAtEveryDepthIncludingInsideArrays() {
            assertThat(service.analyze(json("{'a':{'b':1},'c':[{'d':2,'e':{'f':3}}]}"))
                            .fieldCount())
                    .isEqualTo(6);
        }

        @Test
        void measuresContainerDepth() {
            assertThat(service.analyze(json("42")).maxDepth()).isZero();
            assertThat(service.analyze(json("{}")).maxDepth()).isEqualTo(1);
            assertThat(service.analyze(json("{'a':1,'b':[1]}")).maxDepth()).isEqualTo(2);
            assertThat(service.analyze(json("[[{'a':{'b':[]}}],1]")).maxDepth()).isEqualTo(5);
        }

        @Test
        void computesTheMeanExactlyWhereDoublesAllowIt() {
            assertThat(service.analyze(json("[1,2,1000,3.25]")).numbers().mean())
                    .isEqualTo(251.5625);
        }

        @Test
        void computesAMeanEvenWhenTheSumOverflows() {
            assertThat(service.analyze(json("[1e308,1e308]")).numbers().mean()).isEqualTo(1e308);
        }

        @Test
        void reportsNullNumberStatsWhenThereAreNoNumbers() {
            NumberStats numbers = service.analyze(json("{'a':'x','b':[true]}")).numbers();

            assertThat(numbers.count()).isZero();
            assertThat(numbers.min()).isNull();
            assertThat(numbers.max()).isNull();
            assertThat(numbers.mean()).isNull();
        }

        @Test
        void analyzesAnyDepthWithoutRecursion() {
            ObjectNode root = JsonNodeFactory.instance.objectNode();
            ObjectNode current = root;
            for (int i = 0; i < 20_000; i++) {
                current = current.putObject("n");
            }

            AnalysisReport report = service.analyze(root);

            assertThat(report.maxDepth()).isEqualTo(20_001);
            assertThat(report.fieldCount()).isEqualTo(20_000);
        }

        @Test
        void takesJavaNullAsJsonNull() {
            AnalysisReport report = service.analyze(null);

            assertThat(report.types()).isEqualTo(new TypeHistogram(0, 0, 0, 0, 0, 1));
            assertThat(report.types().total()).isEqualTo(1);
        }
    }

    @Test
    void measuresTheUtf8SizeOfCompactJson() {
        JsonNode data = json("{ 'name' : 'é' }");

        assertThat(service.serializedSize(data))
                .isEqualTo("{\"name\":\"é\"}".getBytes(StandardCharsets.UTF_8).length)
                .isEqualTo(13);
    }

    @Test
    void typeOfNamesTheJsonTypes() {
        assertThat(DataProcessingService.typeOf(json("{}"))).isEqualTo("object");
        assertThat(DataProcessingService.typeOf(json("[]"))).isEqualTo("array");
        assertThat(DataProcessingService.typeOf(json("'s'"))).isEqualTo("string");
        assertThat(DataProcessingService.typeOf(json("1.5"))).isEqualTo("number");
        assertThat(DataProcessingService.typeOf(json("true"))).isEqualTo("boolean");
        assertThat(DataProcessingService.typeOf(json("null"))).isEqualTo("null");
        assertThat(DataProcessingService.typeOf(null)).isEqualTo("null");
    }
}
