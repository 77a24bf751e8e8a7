package dev.bulwark.tools.business.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SqlToolSettingsTest {

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 1_000_001, Integer.MAX_VALUE})
    void refusesARowLimitOutsideOneToAMillionNamingTheKey(int rowLimit) {
        // Integer.MAX_VALUE made every query fail: the gateway asks the driver for one row more, which overflowed
        assertThatThrownBy(() -> SqlToolSettings.builder().rowLimit(rowLimit).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("database.row-limit must be from 1 to 1000000, was " + rowLimit);
    }

    @Test
    void acceptsTheLargestRowLimit() {
        assertThat(SqlToolSettings.builder()
                        .rowLimit(SqlToolSettings.MAX_ROW_LIMIT)
                        .build()
                        .rowLimit())
                .isEqualTo(1_000_000);
    }
}
