package dev.bulwark.tools.business.processing;

import static dev.bulwark.tools.business.processing.QuotedJson.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.ToolException;
import dev.bulwark.tools.business.processing.ValidationReport.Violation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A caller's schema refers only to itself: no classpath resource, file or URL is ever read for it. */
class LocalReferencesTest {

    /** A resource on the test class path: a schema that could load it would tell its caller what it holds. */
    private static final String SECRET = "classpath:dev/bulwark/tools/not-for-callers.json#/secret";

    private final ObjectMapper mapper = new ObjectMapper();
    private final DataProcessingService service = DataProcessingService.on(mapper);

    @ParameterizedTest
    @ValueSource(strings = {"enum", "const", "default", "examples"})
    void refusesAReferenceToAnotherDocumentUnderAPropertyNamedLikeADataKeyword(String name) {
        JsonNode schema = json("{'properties':{'" + name + "':{'$ref':'" + SECRET + "'}}}");

        assertThatThrownBy(() -> service.validate(json("{'" + name + "':5}"), schema))
                .isInstanceOf(ToolException.class)
                .hasMessageContaining("'" + SECRET + "' refers to another document");
    }

    @Test
    void refusesAReferenceToAnotherDocumentUnderADefinitionNamedLikeADataKeyword() {
        JsonNode schema = json("{'$defs':{'default':{'$ref':'" + SECRET + "'}},'$ref':'#/$defs/default'}");

        assertThatThrownBy(() -> service.validate(json("5"), schema))
                .isInstanceOf(ToolException.class)
                .hasMessageContaining("refers to another document");
    }

    @Test
    void followsALocalReferenceUnderAPropertyNamedLikeADataKeyword() {
        JsonNode schema = json("{'$defs':{'id':{'type':'integer'}},'properties':{'enum':{'$ref':'#/$defs/id'}}}");

        assertThat(service.validate(json("{'enum':'x'}"), schema).violations())
                .extracting(Violation::path)
                .containsExactly("$.enum");
    }

    @Test
    void takesAReferenceInsideDataKeywordsAsData() {
        JsonNode schema = json("{'enum':[{'$ref':'https://example.com/a.json'}],'const':{'$ref':'" + SECRET + "'}}");

        assertThat(service.validate(json("{'$ref':'https://example.com/a.json'}"), schema)
                        .valid())
                .isFalse();
    }

    @Test
    void neverLoadsADocumentThatAPointerIntoDataTurnsIntoAReference() {
        // "#/enum/0" makes the enum's first value a schema: the check above skips it as data, the loader refuses it
        JsonNode schema = json("{'enum':[{'$ref':'" + SECRET + "'}],'properties':{'a':{'$ref':'#/enum/0'}}}");

        assertThatThrownBy(() -> service.validate(json("{'a':5}"), schema))
                .isInstanceOf(ToolException.class)
                .hasMessageStartingWith("schema ")
                .hasMessageContaining("classpath:dev/bulwark/tools/not-for-callers.json");
    }

    @Test
    void neverLoadsADocumentNamedAsTheSchemasOwnBase() {
        JsonNode schema = json("{'$id':'classpath:dev/bulwark/tools/not-for-callers.json',"
                + "'properties':{'a':{'$ref':'#/secret'}}}");

        assertThatThrownBy(() -> service.validate(json("{'a':5}"), schema))
                .isInstanceOf(ToolException.class)
                .hasMessageStartingWith("schema cannot be used");
    }
}
