package dev.bulwark.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.config.ConfigKey;
import org.junit.jupiter.api.Test;

class DatabaseKeysTest {

    @Test
    void everyKeyIsInTheDatabaseSectionAndTheCredentialsAreSecret() {
        assertThat(DatabaseKeys.all()).extracting(ConfigKey::section).containsOnly("database");
        assertThat(DatabaseKeys.all())
                .filteredOn(ConfigKey::secret)
                .containsExactlyInAnyOrder(
                        DatabaseKeys.DATABASE_URL,
                        DatabaseKeys.DATABASE_SQL_READER_PASSWORD,
                        DatabaseKeys.DATABASE_SQL_WRITER_PASSWORD);
    }

    @Test
    void thePoolSizeIsSetOnTheOptions() {
        DatabaseSettings options = DatabaseKeys.DATABASE_POOL_SIZE.applyTo(DatabaseSettings.defaults(), 3);

        assertThat(options.poolSize()).isEqualTo(3);
    }
}
