package dev.bulwark.tools.business.processing;

import static dev.bulwark.tools.business.processing.QuotedJson.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.core.ToolException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A schema that leads back to itself on the same value is refused before checking anything; a recursive schema on
 * data nested too deeply for the validator's stack is told apart from it.
 */
class SchemaLoopsTest {

    private static final String RECURSIVE =
            "{'$defs':{'n':{'type':'object','properties':{'c':{'$ref':'#/$defs/n'}}}},'$ref':'#/$defs/n'}";

    private final ObjectMapper mapper = new ObjectMapper();
    private final DataProcessingService service = DataProcessingService.on(mapper);

    private boolean loops(String schema) {
        return SchemaLoops.existIn(SchemaGraph.of(json(schema)));
    }

    /** {@code {"c":{"c":...{}}}}, {@code depth} objects deep, built without a parser's depth limit. */
    private static JsonNode nested(int depth) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ObjectNode current = root;
        for (int i = 1; i < depth; i++) {
            current = current.putObject("c");
        }
        return root;
    }

    /** What validating on a fresh thread with {@code stackBytes} of stack (0: the JVM's default) returns or throws. */
    private Object validateOnThread(JsonNode data, long stackBytes) throws InterruptedException {
        return validateOnThread(data, json(RECURSIVE), stackBytes);
    }

    private Object validateOnThread(JsonNode data, JsonNode schema, long stackBytes) throws InterruptedException {
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread thread = new Thread(
                null,
                () -> {
                    try {
                        outcome.set(service.validate(data, schema));
                    } catch (RuntimeException e) {
                        outcome.set(e);
                    }
                },
                "schema-check",
                stackBytes);
        thread.start();
        thread.join();
        return outcome.get();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{'$ref':'#'}",
                "{'allOf':[{'not':{'$ref':'#'}}]}",
                "{'$defs':{'a':{'$ref':'#/$defs/b'},'b':{'if':{'$ref':'#/$defs/a'}}},'$ref':'#/$defs/a'}",
                "{'$defs':{'a':{'$anchor':'top','anyOf':[{'type':'string'},{'$ref':'#top'}]}},'$ref':'#/$defs/a'}",
                "{'dependentSchemas':{'k':{'$ref':'#'}}}",
                "{'$dynamicAnchor':'m','oneOf':[{'$dynamicRef':'#m'}]}",
                "{'enum':[{'$ref':'#'}],'allOf':[{'$ref':'#/enum/0'}]}"
            })
    void findsASchemaThatLeadsBackToItselfOnTheSameValue(String schema) {
        assertThat(loops(schema)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                RECURSIVE,
                "{'properties':{'children':{'items':{'$ref':'#'}}}}",
                "{'additionalProperties':{'$ref':'#'},'propertyNames':{'$ref':'#/$defs/name'},'$defs':{'name':{}}}",
                "{'$defs':{'a':{'allOf':[{'$ref':'#/$defs/b'},{'$ref':'#/$defs/b'}]},'b':{}},'$ref':'#/$defs/a'}",
                "{'$defs':{'unused':{'$ref':'#/$defs/unused'}},'type':'string'}"
            })
    void takesRecursionThroughTheDataAndSharedDefinitionsForNoLoop(String schema) {
        assertThat(loops(schema)).isFalse();
    }

    @Test
    void refusesARingOfReferencesEvenWhereTheDataWouldNotRunIntoIt() {
        // a string passes the first branch, so the validator never followed the second: the schema is broken anyway
        JsonNode schema = json("{'anyOf':[{'type':'string'},{'$ref':'#'}]}");

        assertThatThrownBy(() -> service.validate(json("'x'"), schema))
                .isInstanceOf(ToolException.class)
                .hasMessageStartingWith("schema cannot be used: it refers to itself without end");
    }

    @Test
    void saysDataNestsTooDeeplyWhenARecursiveSchemaRunsOutOfStack() throws InterruptedException {
        // ~900 levels ran a 1 MiB stack out, reported as a schema referring to itself without end; 20,000 levels
        // overflow a small stack however compact the JIT compiler has made the validator's frames
        Object outcome = validateOnThread(nested(20_000), 256 * 1024);

        assertThat(outcome)
                .isInstanceOf(ToolException.class)
                .asString()
                .contains("data nests too deeply for this schema: its 20000 levels")
                .contains("about " + SchemaValidation.FOLLOWED_DEPTH + " levels");
    }

    @Test
    void refusesASchemaNestedTooDeeplyForItsMetaSchemaCheckInsteadOfFailingInternally() throws InterruptedException {
        // About 350 subschemas deep (700 levels of JSON, which a request may carry) ran the default stack out in the
        // check against the meta-schema, and the error left the call as an internal error. Far deeper here, on a
        // small stack, so it overflows however compact the JIT compiler has made the frames by then (450 deep did
        // not, once, in CI); the other walks of a schema hold no stack.
        ObjectNode schema = JsonNodeFactory.instance.objectNode();
        ObjectNode current = schema;
        for (int i = 0; i < 5_000; i++) {
            current = current.putObject("properties").putObject("a");
        }

        assertThat(validateOnThread(json("1"), schema, 256 * 1024))
                .isInstanceOf(ToolException.class)
                .asString()
                .contains("schema nests too deeply to be checked: its 10001 levels of JSON");
    }

    @Test
    void followsARecursiveSchemaAsDeepAsItSaysOnTheDefaultStack() throws InterruptedException {
        Object outcome = validateOnThread(nested(SchemaValidation.FOLLOWED_DEPTH), 0);

        assertThat(outcome).isInstanceOf(ValidationReport.class);
        assertThat(((ValidationReport) outcome).valid()).isTrue();
    }
}
