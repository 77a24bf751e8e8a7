package dev.bulwark.ports.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

class FailureTextTest {

    @Test
    void aFailureIsDescribedByItsMessageWithoutItsClassName() {
        assertThat(FailureText.of(new IllegalStateException("redis down"))).isEqualTo("redis down");
    }

    @Test
    void aFailureWithoutAMessageIsDescribedByItsCauses() {
        assertThat(FailureText.of(new RuntimeException(null, new IOException("connection refused"))))
                .isEqualTo("connection refused");
        assertThat(FailureText.of(new UncheckedIOException(new IOException("reset"))))
                .isEqualTo("reset");
    }

    @Test
    void aFailureThatSaysNothingSaysSo() {
        assertThat(FailureText.of(new NullPointerException())).isEqualTo(FailureText.SILENT);
    }
}
