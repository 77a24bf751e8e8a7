package dev.bulwark.core.internal.business.caching;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Equal JSON values give equal text, whatever the key order or the spelling of numbers. */
class CanonicalJsonTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private final CanonicalJson canonical = new CanonicalJson(mapper);

    private String fromJson(String json) throws Exception {
        return canonical.write(mapper.readTree(json));
    }

    @Test
    void keyOrderIsIrrelevant() {
        Map<String, Object> ab = new LinkedHashMap<>();
        ab.put("a", 1);
        ab.put("b", "two");
        Map<String, Object> ba = new LinkedHashMap<>();
        ba.put("b", "two");
        ba.put("a", 1);

        assertThat(canonical.write(ab)).isEqualTo(canonical.write(ba));
    }

    @Test
    void writesKeysSortedWithoutWhitespace() throws Exception {
        assertThat(fromJson("{ \"b\" : 2, \"a\" : 1 }")).isEqualTo("{\"a\":1,\"b\":2}");
    }

    @Test
    void oneAndOnePointZeroAndOneEZeroAreTheSame() throws Exception {
        String one = fromJson("{\"x\":1}");

        assertThat(fromJson("{\"x\":1.0}")).isEqualTo(one);
        assertThat(fromJson("{\"x\":1e0}")).isEqualTo(one);
        assertThat(one).isEqualTo("{\"x\":1}");
    }

    @Test
    void javaNumberTypesOfEqualValueAreTheSame() {
        String asInt = canonical.write(Map.of("x", 1));

        assertThat(canonical.write(Map.of("x", 1L))).isEqualTo(asInt);
        assertThat(canonical.write(Map.of("x", 1.0d))).isEqualTo(asInt);
        assertThat(canonical.write(Map.of("x", new BigDecimal("1.000")))).isEqualTo(asInt);
    }

    @Test
    void dropsTrailingZerosOfFractions() throws Exception {
        assertThat(fromJson("{\"x\":0.50}")).isEqualTo("{\"x\":0.5}");
    }

    @Test
    void largeExponentsBecomeIntegers() throws Exception {
        assertThat(fromJson("{\"x\":1.5e3}")).isEqualTo("{\"x\":1500}");
    }

    @Test
    void negativeZeroIsZero() throws Exception {
        assertThat(fromJson("{\"x\":-0.0}")).isEqualTo(fromJson("{\"x\":0}")).isEqualTo("{\"x\":0}");
    }

    @Test
    void aWholeNumberBeyondTheLongRangeIsWrittenShortAsAFloatNotDigitByDigit() throws Exception {
        assertThat(fromJson("{\"x\":1e300}")).isEqualTo("{\"x\":1.0E300}");
    }

    @Test
    void anIntegerTooLongForAFloatKeepsEveryDigit() throws Exception {
        assertThat(fromJson("{\"x\":123456789012345678901234567890}"))
                .isEqualTo("{\"x\":123456789012345678901234567890}");
    }

    @Test
    void canonicalTreeReadsBackAsTheSameTextFromItsJson() throws Exception {
        JsonNode tree = CanonicalJson.canonical(mapper.readTree("{\"b\":[1e300,0.50,-0.0,1.0E-7],\"a\":1.0}"));

        assertThat(mapper.readTree(tree.toString()).toString())
                .isEqualTo(tree.toString())
                .isEqualTo("{\"a\":1,\"b\":[1.0E300,0.5,0,1.0E-7]}");
    }

    @Test
    void differentNumbersStayDifferent() throws Exception {
        assertThat(fromJson("{\"x\":1}")).isNotEqualTo(fromJson("{\"x\":1.5}"));
    }

    @Test
    void aNumberAndTheStringOfItDiffer() throws Exception {
        assertThat(fromJson("{\"x\":1}")).isNotEqualTo(fromJson("{\"x\":\"1\"}"));
    }

    @Test
    void nestedObjectsAreCanonicalToo() throws Exception {
        String first = fromJson("{\"outer\":{\"z\":[{\"b\":2.0,\"a\":1}],\"y\":true}}");
        String second = fromJson("{\"outer\":{\"y\":true,\"z\":[{\"a\":1.00,\"b\":2}]}}");

        assertThat(first).isEqualTo(second).isEqualTo("{\"outer\":{\"y\":true,\"z\":[{\"a\":1,\"b\":2}]}}");
    }

    @Test
    void arrayOrderIsKept() throws Exception {
        assertThat(fromJson("[1,2]")).isNotEqualTo(fromJson("[2,1]"));
    }

    @Test
    void nullArgumentsAreTheEmptyObject() {
        assertThat(canonical.writeArguments(null)).isEqualTo("{}");
    }

    @Test
    void nonFiniteNumbersDoNotBreakTheKey() {
        // A client sending 1e999 reaches the cache as Infinity; building its key must not fail the call.
        String infinite = canonical.write(Map.of("x", Double.POSITIVE_INFINITY));

        assertThat(infinite).isNotEqualTo(canonical.write(Map.of("x", Double.NEGATIVE_INFINITY)));
        assertThat(infinite).isNotEqualTo(canonical.write(Map.of("x", List.of())));
    }
}
