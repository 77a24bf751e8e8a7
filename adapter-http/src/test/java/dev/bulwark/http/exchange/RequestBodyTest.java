package dev.bulwark.http.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.http.HttpHarness;
import org.junit.jupiter.api.Test;

/** A request body is read whole, into memory that grows with what arrives, not with what is declared. */
class RequestBodyTest {

    private static final int LIMIT = 256 * 1024;

    @Test
    void aDeclaredLengthReservesAtMostTheFirstBufferUntilTheBytesArrive() {
        assertThat(RequestBody.firstBufferBytes(1024 * 1024)).isEqualTo(RequestBody.FIRST_BUFFER_BYTES);
        assertThat(RequestBody.firstBufferBytes(300)).isEqualTo(300);
        assertThat(RequestBody.firstBufferBytes(-1)).isEqualTo(1024);
    }

    @Test
    void bodiesLargerThanTheFirstBufferAreReadWholeWithOrWithoutALength() {
        try (HttpHarness harness = HttpHarness.start(
                LIMIT,
                settings -> settings.toBuilder()
                        .mode(dev.bulwark.http.HttpMode.STATELESS)
                        .build())) {
            assertThat(harness.postPadded(LIMIT - 200, false).statusCode()).isEqualTo(200);
            assertThat(harness.postPadded(LIMIT - 200, true).statusCode()).isEqualTo(200);
            assertThat(harness.postPadded(3 * RequestBody.FIRST_BUFFER_BYTES / 2, false)
                            .statusCode())
                    .isEqualTo(200);
        }
    }
}
