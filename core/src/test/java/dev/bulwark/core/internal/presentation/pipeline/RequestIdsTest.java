package dev.bulwark.core.internal.presentation.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A client's request id is used only when it is a plain token; anything else is replaced by a UUID. */
class RequestIdsTest {

    private static Map<String, Object> meta(Object requestId) {
        Map<String, Object> meta = new HashMap<>();
        meta.put(RequestIds.META_KEY, requestId);
        return meta;
    }

    private static boolean isUuid(String text) {
        try {
            return UUID.fromString(text).toString().equals(text);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Test
    void acceptsASafeIdFromTheRequestMeta() {
        assertThat(RequestIds.choose(meta("client-42.a:b_c"), null)).isEqualTo("client-42.a:b_c");
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc\nforged log line", "abc\r", "with space", "quote\"", "", "tab\there"})
    void refusesAnUnsafeIdAndGeneratesAUuid(String unsafe) {
        String chosen = RequestIds.choose(meta(unsafe), null);

        assertThat(chosen).isNotEqualTo(unsafe);
        assertThat(isUuid(chosen)).isTrue();
    }

    @Test
    void refusesAnIdLongerThan128Characters() {
        String chosen = RequestIds.choose(meta("a".repeat(129)), null);

        assertThat(isUuid(chosen)).isTrue();
    }

    @Test
    void acceptsAnIdOfExactly128Characters() {
        assertThat(RequestIds.choose(meta("a".repeat(128)), null)).isEqualTo("a".repeat(128));
    }

    @Test
    void refusesAnIdThatIsNotAString() {
        assertThat(isUuid(RequestIds.choose(meta(12345), null))).isTrue();
    }

    @Test
    void usesTheTransportIdWhenTheRequestHasNone() {
        assertThat(RequestIds.choose(Map.of(), "from-header-1")).isEqualTo("from-header-1");
    }

    @Test
    void prefersTheRequestMetaOverTheTransport() {
        assertThat(RequestIds.choose(meta("from-meta"), "from-header")).isEqualTo("from-meta");
    }

    @Test
    void fallsBackToTheTransportWhenTheMetaIdIsUnsafe() {
        assertThat(RequestIds.choose(meta("bad\nid"), "from-header")).isEqualTo("from-header");
    }

    @Test
    void refusesAnUnsafeTransportId() {
        assertThat(isUuid(RequestIds.choose(null, "x\ny"))).isTrue();
    }

    @Test
    void generatesAFreshUuidForEachCallWithoutAnId() {
        assertThat(RequestIds.choose(null, null)).isNotEqualTo(RequestIds.choose(null, null));
    }

    @Test
    void generatedIdsAreDistinctVersion4Uuids() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            UUID id = UUID.fromString(RequestIds.choose(null, null));
            assertThat(id.version()).isEqualTo(4);
            assertThat(id.variant()).isEqualTo(2);
            ids.add(id.toString());
        }
        assertThat(ids).hasSize(1000);
    }
}
