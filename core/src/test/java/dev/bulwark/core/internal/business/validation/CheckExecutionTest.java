package dev.bulwark.core.internal.business.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.ExecutionConfig;
import com.networknt.schema.OutputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The check's context builds the evaluation path only when read, and gives the same violations as the validator's
 * own context: evaluation paths, messages and the keywords that read the path (false schemas, unevaluated properties).
 */
class CheckExecutionTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final SchemaRegistry REGISTRY =
            SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    @ParameterizedTest(name = "{0} against {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                // branches that fail without deciding, then a violation deep in an array
                "{'anyOf':[{'required':['a']},{'required':['b']}],'if':{'required':['c']},'then':{'required':['d']},"
                        + "'else':{'properties':{'e':{'type':'array','items':{'oneOf':[{'type':'string'},"
                        + "{'minimum':3}]}}}}}"
                        + "|{'b':1,'e':['x',1,true]}",
                // a false schema's message names the keyword above it, read from the evaluation path
                "{'properties':{'a':false,'b':{'items':false}}}|{'a':1,'b':[1]}",
                // unevaluatedProperties reads the annotations, filed by evaluation path
                "{'properties':{'a':{}},'allOf':[{'properties':{'b':{}}}],'unevaluatedProperties':false}"
                        + "|{'a':1,'b':2,'c':3}",
                "{'$defs':{'n':{'type':'integer'}},'prefixItems':[{'$ref':'#/$defs/n'}],"
                        + "'unevaluatedItems':false,'contains':{'type':'string'}}|[1,2,'x']",
                // deeper than the context's first arrays
                "{'properties':{'a':{'properties':{'a':{'properties':{'a':{'properties':{'a':{'properties':{'a':"
                        + "{'properties':{'a':{'properties':{'a':{'properties':{'a':{'not':{}}}}}}}}}}}}}}}}}}"
                        + "|{'a':{'a':{'a':{'a':{'a':{'a':{'a':{'a':1}}}}}}}}",
            })
    void findsWhatTheValidatorsOwnContextFinds(String schemaJson, String valueJson) throws Exception {
        Schema schema = REGISTRY.getSchema(MAPPER.readTree(schemaJson.replace('\'', '"')));
        JsonNode value = MAPPER.readTree(valueJson.replace('\'', '"'));

        List<String> own = described(schema.validate(value));
        List<String> checked = described(
                schema.validate(new CheckExecution(ExecutionConfig.builder().build()), value, OutputFormat.DEFAULT));

        assertThat(own).isNotEmpty();
        assertThat(checked).isEqualTo(own);
    }

    private static List<String> described(List<Error> errors) {
        return errors.stream()
                .map(error -> error.getEvaluationPath() + " " + error.getInstanceLocation() + " " + error.getKeyword()
                        + " " + error.getMessage())
                .toList();
    }
}
