package dev.bulwark.tools.business.processing;

import static dev.bulwark.tools.business.processing.QuotedJson.json;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The size of a schema once its references are expanded: the work of checking one value against it. */
class SchemaExpansionTest {

    private long size(String schema) {
        return SchemaExpansion.size(SchemaGraph.of(json(schema)));
    }

    /** {@code d0} a number, each {@code d(i)} both of {@code d(i-1)}, the root {@code d(n)}. */
    static String doubling(int n, String leafType) {
        StringBuilder defs = new StringBuilder("{'d0':{'type':'" + leafType + "'}");
        for (int i = 1; i <= n; i++) {
            defs.append(",'d")
                    .append(i)
                    .append("':{'allOf':[{'$ref':'#/$defs/d")
                    .append(i - 1)
                    .append("'},{'$ref':'#/$defs/d")
                    .append(i - 1)
                    .append("'}]}");
        }
        return "{'$defs':" + defs + "},'$ref':'#/$defs/d" + n + "'}";
    }

    @Test
    void countsEverySubschemaOnce() {
        assertThat(size("{'type':'object','properties':{'a':{'type':'string'},'b':{'items':true}}}"))
                .isEqualTo(4);
    }

    @Test
    void leavesUnusedDefinitionsOut() {
        assertThat(size("{'$defs':{'a':{'allOf':[{},{},{}]}},'type':'string'}")).isEqualTo(1);
    }

    @Test
    void countsADefinitionEachTimeItIsReferredTo() {
        // root 1 + d3, where d(i) = 1 + 2 × (1 + d(i-1)) and d0 = 1: 2^(n+2) - 2 in all
        assertThat(size(doubling(3, "number"))).isEqualTo(30);
        assertThat(size(doubling(40, "number"))).isEqualTo((1L << 42) - 2);
    }

    @Test
    void saturatesInsteadOfOverflowing() {
        assertThat(size(doubling(70, "number"))).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void countsAReferenceBackToASchemaBeingExpandedOnce() {
        // the root 1 + n (1 + properties.c: 1 + the reference back to n, 1)
        assertThat(size("{'$defs':{'n':{'type':'object','properties':{'c':{'$ref':'#/$defs/n'}}}},'$ref':'#/$defs/n'}"))
                .isEqualTo(4);
        assertThat(size("{'properties':{'children':{'items':{'$ref':'#'}}}}")).isEqualTo(4);
    }

    @Test
    void followsAnchorsAndEscapedPointers() {
        assertThat(size("{'$defs':{'a/b':{'$anchor':'ab','allOf':[{},{}]}},'anyOf':[{'$ref':'#ab'},"
                        + "{'$ref':'#/$defs/a~1b'},{'$ref':'#/%24defs/a~1b'}]}"))
                .isEqualTo(1 + 3 * (1 + 3));
    }

    @Test
    void takesTheLargestSchemaADynamicReferenceMayLeadTo() {
        assertThat(size("{'$dynamicAnchor':'node','$defs':{'big':{'$dynamicAnchor':'node','allOf':[{},{},{}]}},"
                        + "'not':{'$dynamicRef':'#node'}}"))
                .isEqualTo(1 + 1 + 4);
    }

    @Test
    void resolvesAPointerAgainstTheResourceItSitsIn() {
        // inside the resource with its own $id, #/$defs/x is that resource's x (3 subschemas), not the root's (1)
        assertThat(size("{'$defs':{'x':{},'inner':{'$id':'https://example.com/inner','$defs':{'x':{'allOf':[{},{}]}},"
                        + "'$ref':'#/$defs/x'}},'$ref':'#/$defs/inner'}"))
                .isEqualTo(1 + 1 + 3);
    }
}
