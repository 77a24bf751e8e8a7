package dev.bulwark.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigTypeTest {

    @ParameterizedTest
    @CsvSource({
        "1048576, 1048576",
        "1MiB, 1048576",
        "512KiB, 524288",
        "1MB, 1000000",
        "2 GiB, 2147483648",
        "1.5KiB, 1536",
        "64kb, 64000",
        "100B, 100",
    })
    void byteSizeReadsBytesAndUnits(String text, long bytes) {
        assertThat(ConfigType.BYTE_SIZE.parse(text)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1XB", "MiB", "1.5", "lots", "99999999999GiB"})
    void byteSizeRefusesWhatIsNotASize(String text) {
        assertThatThrownBy(() -> ConfigType.BYTE_SIZE.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void byteSizeIsWrittenInTheLargestExactBinaryUnit() {
        assertThat(ConfigType.BYTE_SIZE.format(1_048_576L)).isEqualTo("1MiB");
        assertThat(ConfigType.BYTE_SIZE.format(1_000_000L)).isEqualTo("1000000");
    }

    @ParameterizedTest
    @CsvSource({
        "600, PT10M",
        "90s, PT1M30S",
        "5m, PT5M",
        "2h, PT2H",
        "1d, PT24H",
        "250ms, PT0.25S",
        "PT45S, PT45S",
    })
    void durationReadsSecondsUnitsAndIso8601(String text, String iso) {
        assertThat(ConfigType.DURATION.parse(text)).isEqualTo(Duration.parse(iso));
    }

    @ParameterizedTest
    @ValueSource(strings = {"soon", "5 minutes", "1.5m", "P", ""})
    void durationRefusesWhatIsNotADuration(String text) {
        assertThatThrownBy(() -> ConfigType.DURATION.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("is not a duration");
    }

    @ParameterizedTest
    @ValueSource(strings = {"366d", "100000000h", "P400D"})
    void durationRefusesOneLongerThanAYear(String text) {
        assertThatThrownBy(() -> ConfigType.DURATION.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("is longer than the longest duration accepted, 365 days");
    }

    @Test
    void durationIsWrittenInSecondsOrMilliseconds() {
        assertThat(ConfigType.DURATION.format(Duration.ofMinutes(5))).isEqualTo("300s");
        assertThat(ConfigType.DURATION.format(Duration.ofMillis(250))).isEqualTo("250ms");
    }

    @ParameterizedTest
    @CsvSource({"true, true", "FALSE, false", "yes, true", "off, false", "1, true", "0, false"})
    void booleanReadsCommonSpellings(String text, boolean value) {
        assertThat(ConfigType.BOOLEAN.parse(text)).isEqualTo(value);
    }

    @Test
    void booleanRefusesAnythingElse() {
        assertThatThrownBy(() -> ConfigType.BOOLEAN.parse("maybe")).hasMessage("is not a boolean; use true or false");
    }

    @Test
    void integerTooLargeSaysSo() {
        assertThatThrownBy(() -> ConfigType.INT.parse("99999999999")).hasMessage("is too large for an int");
    }

    @Test
    void listDropsBlanksAndSurroundingSpaces() {
        assertThat(ConfigType.LIST.parse(" a, b ,,c ")).isEqualTo(Set.of("a", "b", "c"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"s3cr3t-value", "99999999999s3cr3t"})
    void parseErrorsNeverQuoteTheirInput(String text) {
        for (ConfigType<?> type : new ConfigType<?>[] {
            ConfigType.INT, ConfigType.LONG, ConfigType.BOOLEAN, ConfigType.DURATION, ConfigType.BYTE_SIZE
        }) {
            assertThatThrownBy(() -> type.parse(text))
                    .message()
                    .doesNotContain(text)
                    .doesNotContain("s3cr3t");
        }
    }
}
