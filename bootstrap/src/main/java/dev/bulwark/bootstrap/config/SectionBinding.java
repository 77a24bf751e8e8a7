package dev.bulwark.bootstrap.config;

import dev.bulwark.config.ConfigKey;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * One module's key table bound to the component of {@link ServerConfig} that holds its settings record: how the
 * catalogue ({@link ConfigKeys}) turns keys over a module's record into keys over the whole configuration. Immutable.
 *
 * @param section reads the record from a configuration
 * @param withSection returns a configuration with the record replaced
 * @param table the module's keys over that record, in catalogue order
 * @param <S> the settings record
 */
record SectionBinding<S>(
        Function<ServerConfig, S> section,
        BiFunction<ServerConfig, S, ServerConfig> withSection,
        List<ConfigKey<S, ?>> table) {

    SectionBinding {
        Objects.requireNonNull(section, "section");
        Objects.requireNonNull(withSection, "withSection");
        table = List.copyOf(table);
    }

    /** The table's keys over {@link ServerConfig}, in the table's order. */
    List<ConfigKey<ServerConfig, ?>> keys() {
        return table.stream()
                .<ConfigKey<ServerConfig, ?>>map(key -> key.within(section, withSection))
                .toList();
    }
}
