package dev.bulwark.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfigKeyTest {

    /** A module's settings record. */
    record Cache(int maxEntries, Optional<String> password) {
        static Cache defaults() {
            return new Cache(100, Optional.empty());
        }
    }

    /** A record holding it, as the server jar's configuration holds each module's. */
    record Whole(String name, Cache cache) {}

    private static final ConfigKey<Cache, Integer> MAX_ENTRIES = ConfigKey.of(
            "cache.max-entries",
            "CACHE_MAX_ENTRIES",
            "--cache-max-entries",
            ConfigType.INT,
            "Most entries",
            Cache::maxEntries,
            (cache, value) -> new Cache(value, cache.password()));

    private static final ConfigKey<Cache, Optional<String>> PASSWORD = ConfigKey.of(
            "cache.password",
            "CACHE_PASSWORD",
            "--cache-password",
            ConfigType.SECRET,
            "The password",
            Cache::password,
            (cache, value) -> new Cache(cache.maxEntries(), value));

    @Test
    void readsAndSetsItsOwnersComponent() {
        Cache changed = MAX_ENTRIES.applyTo(Cache.defaults(), 5);

        assertThat(MAX_ENTRIES.valueIn(changed)).isEqualTo(5);
        assertThat(MAX_ENTRIES.defaultText(Cache.defaults())).isEqualTo("100");
        assertThat(MAX_ENTRIES.section()).isEqualTo("cache");
    }

    @Test
    void aKeyWithinAnotherRecordReadsAndSetsTheOwnerThere() {
        ConfigKey<Whole, Integer> within =
                MAX_ENTRIES.within(Whole::cache, (whole, cache) -> new Whole(whole.name(), cache));
        Whole whole = new Whole("x", Cache.defaults());

        Whole changed = within.applyTo(whole, 7);

        assertThat(changed).isEqualTo(new Whole("x", new Cache(7, Optional.empty())));
        assertThat(within.valueIn(changed)).isEqualTo(7);
        assertThat(within).isEqualTo(MAX_ENTRIES).hasSameHashCodeAs(MAX_ENTRIES);
        assertThat(within.flag()).isEqualTo("--cache-max-entries");
    }

    @Test
    void aKeyOfTheSecretTypeIsSecretAndNeverShowsItsValue() {
        assertThat(PASSWORD.secret()).isTrue();
        assertThat(PASSWORD.display(Optional.of("hunter2"))).isEqualTo(ConfigKey.REDACTED);
        assertThat(PASSWORD.defaultText(Cache.defaults())).isEqualTo("(secret)");
        assertThat(PASSWORD.within(Whole::cache, (whole, cache) -> whole).secret())
                .isTrue();
    }

    @Test
    void printingAKeyPrintsItsPathOnly() {
        assertThat(MAX_ENTRIES).hasToString("cache.max-entries");
    }

    @Test
    void namesMustHaveTheirShape() {
        assertThatThrownBy(() -> ConfigKey.<Cache, Integer>of(
                        "Cache.TTL", "CACHE_TTL", "--cache-ttl", ConfigType.INT, "x", Cache::maxEntries, (c, v) -> c))
                .hasMessageContaining("Cache.TTL");
        assertThatThrownBy(() -> ConfigKey.<Cache, Integer>of(
                        "cache.ttl", "cache_ttl", "--cache-ttl", ConfigType.INT, "x", Cache::maxEntries, (c, v) -> c))
                .hasMessageContaining("cache_ttl");
    }

    @Test
    void aModulesOwnTypeParsesAndFormats() {
        ConfigType<Boolean> onOff = ConfigType.of("on|off", "on"::equals, value -> value ? "on" : "off");

        assertThat(onOff.parse(" on ")).isTrue();
        assertThat(onOff.format(false)).isEqualTo("off");
        assertThat(onOff.isList()).isFalse();
        assertThat(ConfigType.ofList("list", text -> text, text -> text).isList())
                .isTrue();
    }
}
