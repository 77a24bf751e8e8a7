package dev.bulwark.bootstrap.config;

import dev.bulwark.config.ConfigType;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * One field of a config file section of named records ({@link NamedSections}): a registered service's
 * {@code base-url}, a monitor target's {@code url}. Immutable.
 *
 * @param name the field, as written in the file
 * @param type how its value is parsed
 * @param defaultText its default, as the docs show it
 * @param description one line for the docs
 * @param secret whether its value must never be printed
 * @param setter sets the value on the record's builder; may throw {@link IllegalArgumentException}
 * @param <B> the builder of the record the section describes
 * @param <T> the value's type
 */
record SectionField<B, T>(
        String name,
        ConfigType<T> type,
        String defaultText,
        String description,
        boolean secret,
        BiFunction<B, T, B> setter) {

    public SectionField {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(defaultText, "defaultText");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(setter, "setter");
    }

    /** The field of {@code fields} named {@code name}, if any. */
    static <B> Optional<SectionField<B, ?>> named(List<SectionField<B, ?>> fields, String name) {
        return fields.stream().filter(field -> field.name().equals(name)).findFirst();
    }

    /** The names of {@code fields}, in order. */
    static <B> List<String> names(List<SectionField<B, ?>> fields) {
        return fields.stream().map(SectionField::name).toList();
    }

    /** Names the field only. */
    @Override
    public String toString() {
        return name;
    }
}
