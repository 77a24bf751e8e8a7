package dev.bulwark.ports.origin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.ports.security.Principal;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class RequestOriginTest {

    @Test
    void aContextWithoutAnOriginReadsAsASessionRequestOfNobody() {
        RequestOrigin origin = RequestOrigin.from(Map.<String, Object>of()::get);

        assertThat(origin).isSameAs(RequestOrigin.NONE);
        assertThat(origin.era()).isEqualTo(ProtocolEra.SESSIONS_2025_11_25);
        assertThat(origin.caller()).isEmpty();
        assertThat(origin.traceContext()).isEmpty();
        assertThat(origin.servedOnCallingThread()).isFalse();
    }

    @Test
    void anOriginPutUnderItsKeyIsReadBackWhole() {
        CompletableFuture<Void> cancellation = new CompletableFuture<>();
        RequestOrigin put = RequestOrigin.builder(ProtocolEra.REQUESTS_2026_07_28)
                .caller(Principal.of("alice", "tools:read"))
                .clientRequestId("req-1")
                .traceContext(Map.of("traceparent", "00-1-2-01"))
                .jsonRpcId(7)
                .servedOnCallingThread(true)
                .cancellation(cancellation)
                .build();
        Map<String, Object> context = new HashMap<>(put.asContext());

        RequestOrigin read = RequestOrigin.from(context::get);

        assertThat(read).isEqualTo(put);
        assertThat(context).containsOnlyKeys(RequestOrigin.KEY);
        assertThat(read.cancellation()).containsSame(cancellation);
    }

    @Test
    void aRebuiltOriginKeepsWhatItHadAndTakesWhatIsAdded() {
        RequestOrigin transport = RequestOrigin.of(Principal.of("alice"));

        RequestOrigin forwarded = transport.toBuilder()
                .era(ProtocolEra.REQUESTS_2026_07_28)
                .jsonRpcId("a")
                .build();

        assertThat(forwarded.caller()).isEqualTo(transport.caller());
        assertThat(forwarded.era()).isEqualTo(ProtocolEra.REQUESTS_2026_07_28);
        assertThat(forwarded.jsonRpcId()).contains("a");
        assertThat(transport.jsonRpcId()).isEmpty();
    }

    @Test
    void eachEraIsFoundByItsProtocolVersionAndNoOtherStringIs() {
        for (ProtocolEra era : ProtocolEra.values()) {
            assertThat(ProtocolEra.ofVersion(era.version())).contains(era);
        }
        assertThat(ProtocolEra.ofVersion("2025-06-18")).isEmpty();
    }
}
