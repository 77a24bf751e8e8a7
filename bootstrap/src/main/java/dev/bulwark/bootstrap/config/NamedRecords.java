package dev.bulwark.bootstrap.config;

import dev.bulwark.bootstrap.config.ConfigFileReader.RawValue;
import dev.bulwark.bootstrap.config.NamedSections.Entry;
import dev.bulwark.config.ConfigProblem;
import dev.bulwark.config.ConfigProblemException;
import dev.bulwark.config.ConfigType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Builds the records of a section of named records ({@link NamedSections}: the services, the monitor's targets)
 * through each record's builder, reporting every problem in one pass. Stateless.
 */
final class NamedRecords {

    /** The name a record with an invalid name is checked under. */
    private static final String STAND_IN_NAME = "unnamed";

    private NamedRecords() {}

    /**
     * What a section's records are: how one is named, built and given its credential.
     *
     * @param <B> the record's builder
     * @param <T> the record
     */
    interface Kind<B, T> {

        /** Where the section is in the file ({@code services}). */
        String section();

        /** What one record is, for messages ({@code service}). */
        String what();

        /** Whether {@code name} may name a record. */
        boolean isValidName(String name);

        /** A builder for the record {@code name}, with the defaults. */
        B builder(String name);

        /** The field of this name; the section's reader kept only known ones. */
        SectionField<B, ?> field(String name);

        /** Whether a record has a credential, which {@link #credentialVariable} may give; true by default. */
        default boolean takesCredential() {
            return true;
        }

        /** The environment variable whose credential wins over the file's for the record {@code name}. */
        String credentialVariable(String name);

        /** {@code builder} with the credential set. */
        B withCredential(B builder, String credential);

        /**
         * The environment variables whose values win over the file's for more credential fields of the record
         * {@code name} that sets {@code fieldNames}, each by the field it sets; none by default.
         */
        default Map<String, String> moreCredentialVariables(String name, java.util.Collection<String> fieldNames) {
            return Map.of();
        }

        /** The field every record must set ({@code base-url}). */
        String requiredField();

        /** Why it is required, following {@code is required: }. */
        String requiredBecause();

        /** The record; throws {@link ConfigProblemException} naming the field that is wrong. */
        T build(B builder);

        /**
         * {@code builder} with a value of the {@link #requiredField()} that only stands in for a missing or refused
         * one, so that the record's other checks still run; empty when the kind has none.
         */
        default Optional<B> withRequiredStandIn(B builder) {
            return Optional.empty();
        }
    }

    /**
     * The records of {@code entries}, each built and checked by its builder; a record's credential from its
     * environment variable wins over the file's. Every problem goes to {@code errors}, naming
     * {@code <section>.<name>.<field>} and where the value came from, never quoting a secret or free text; a record
     * with a problem is left out, its other fields still checked, under a stand-in name when its own is invalid, so
     * that one pass reports all. {@code sources} gets one line per record for the effective-configuration log, and
     * {@code fieldSources} where each field's value came from, by its path. {@code partial} gets each record with a
     * problem as far as it can be read (see {@link #asFarAsReadable}): not to run with, only for the checks that need
     * a whole record, so that a problem of one field does not hide theirs.
     */
    static <B, T> List<T> build(
            Kind<B, T> kind,
            List<Entry> entries,
            Map<String, String> env,
            List<String> sources,
            Map<String, String> fieldSources,
            List<ConfigError> errors,
            List<T> partial) {
        List<T> records = new ArrayList<>();
        for (Entry entry : entries) {
            String path = kind.section() + "." + entry.name();
            boolean named = kind.isValidName(entry.name());
            if (!named) {
                errors.add(new ConfigError(
                        path,
                        entry.source(),
                        "a " + kind.what() + " name is 1-63 lower-case letters, digits and dashes, starting with a"
                                + " letter"));
            }
            String checkedPath = named ? path : kind.section() + "." + STAND_IN_NAME;
            B builder = kind.builder(named ? entry.name() : STAND_IN_NAME);
            Map<String, String> sourceOfField = new HashMap<>();
            Set<String> refused = new HashSet<>();
            boolean usable = named;
            for (Map.Entry<String, RawValue> value : entry.fields().entrySet()) {
                SectionField<B, ?> field = kind.field(value.getKey());
                RawValue raw = value.getValue();
                String fieldPath = path + "." + field.name();
                sourceOfField.put(fieldPath, raw.source());
                Optional<B> set = set(field, builder, raw, fieldPath, errors);
                if (set.isPresent()) {
                    builder = set.get();
                } else {
                    usable = false;
                    refused.add(fieldPath);
                }
            }
            if (named && kind.takesCredential()) {
                Optional<RawValue> fromEnv = ConfigLoader.fromEnv(env, kind.credentialVariable(entry.name()));
                if (fromEnv.isPresent()) {
                    builder = kind.withCredential(builder, fromEnv.get().text().strip());
                    sourceOfField.put(path + ".credential", fromEnv.get().source());
                }
                for (Map.Entry<String, String> more : kind.moreCredentialVariables(
                                entry.name(), entry.fields().keySet())
                        .entrySet()) {
                    Optional<RawValue> value = ConfigLoader.fromEnv(env, more.getValue());
                    if (value.isPresent()) {
                        String fieldPath = path + "." + more.getKey();
                        sourceOfField.put(fieldPath, value.get().source());
                        Optional<B> set = set(kind.field(more.getKey()), builder, value.get(), fieldPath, errors);
                        if (set.isPresent()) {
                            builder = set.get();
                        } else {
                            usable = false;
                            refused.add(fieldPath);
                        }
                    }
                }
            }
            String required = path + "." + kind.requiredField();
            if (!entry.fields().containsKey(kind.requiredField())) {
                errors.add(new ConfigError(required, entry.source(), "is required: " + kind.requiredBecause()));
                usable = false;
                refused.add(required);
            }
            Set<String> blamed = new HashSet<>(refused);
            try {
                T record = kind.build(builder);
                if (usable) {
                    records.add(record);
                    fieldSources.putAll(sourceOfField);
                    sources.add(path + " (" + entry.source() + "), credential: "
                            + sourceOfField.getOrDefault(path + ".credential", "none"));
                }
            } catch (ConfigProblemException e) {
                usable = false;
                for (ConfigProblem problem : e.problems()) {
                    String key = problem.path();
                    blamed.add(problem.path());
                    if (!named && key.startsWith(checkedPath + ".")) {
                        key = path + key.substring(checkedPath.length());
                    }
                    if (!refused.contains(key) && (named || !key.equals(path))) {
                        errors.add(new ConfigError(
                                key, sourceOfField.getOrDefault(key, entry.source()), problem.detail()));
                    }
                }
            } catch (IllegalArgumentException e) {
                // a refusal that names no field is the record's own name, reported above when it is invalid
                if (named) {
                    errors.add(new ConfigError(path, entry.source(), String.valueOf(e.getMessage())));
                }
                usable = false;
            }
            if (!usable && named) {
                Optional<T> readable = asFarAsReadable(kind, entry, env, path, blamed);
                if (readable.isPresent()) {
                    partial.add(readable.get());
                    fieldSources.putAll(sourceOfField);
                }
            }
        }
        return records;
    }

    /**
     * The record of an entry with a problem as far as it can be read: each field that was refused, or that the
     * record refused, left at its default, and a missing or refused required field given the kind's stand-in; empty
     * when no such record builds. Reports nothing: every problem of the entry is already in the errors.
     */
    private static <B, T> Optional<T> asFarAsReadable(
            Kind<B, T> kind, Entry entry, Map<String, String> env, String path, Set<String> blamed) {
        Set<String> left = new HashSet<>(blamed);
        String required = path + "." + kind.requiredField();
        // each attempt leaves out at least one more field, or stops
        for (int attempt = 0; attempt <= entry.fields().size() + 1; attempt++) {
            B builder = kind.builder(entry.name());
            for (Map.Entry<String, RawValue> value : entry.fields().entrySet()) {
                SectionField<B, ?> field = kind.field(value.getKey());
                if (!left.contains(path + "." + field.name())) {
                    builder = quietly(field, builder, value.getValue()).orElse(builder);
                }
            }
            Optional<RawValue> credential = kind.takesCredential()
                    ? ConfigLoader.fromEnv(env, kind.credentialVariable(entry.name()))
                    : Optional.empty();
            if (credential.isPresent() && !left.contains(path + ".credential")) {
                builder = kind.withCredential(builder, credential.get().text().strip());
            }
            for (Map.Entry<String, String> more : kind.moreCredentialVariables(
                            entry.name(), entry.fields().keySet())
                    .entrySet()) {
                Optional<RawValue> value = ConfigLoader.fromEnv(env, more.getValue());
                if (value.isPresent() && !left.contains(path + "." + more.getKey())) {
                    builder = quietly(kind.field(more.getKey()), builder, value.get())
                            .orElse(builder);
                }
            }
            if (left.contains(required) || !entry.fields().containsKey(kind.requiredField())) {
                Optional<B> standIn = kind.withRequiredStandIn(builder);
                if (standIn.isEmpty()) {
                    return Optional.empty();
                }
                builder = standIn.get();
            }
            try {
                return Optional.of(kind.build(builder));
            } catch (ConfigProblemException e) {
                boolean more = false;
                for (ConfigProblem problem : e.problems()) {
                    more |= left.add(problem.path());
                }
                if (!more) {
                    return Optional.empty();
                }
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** {@code builder} with the field's value set, or empty when the value is refused; reports nothing. */
    private static <B, V> Optional<B> quietly(SectionField<B, V> field, B builder, RawValue raw) {
        try {
            return Optional.of(field.setter().apply(builder, field.type().parse(raw.text())));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * {@code builder} with the field's value set, or empty with the problem in {@code errors}. A value that does not
     * parse is quoted, unless it is secret or free text (a URL may hold a password); a refusal of the builder is not.
     */
    private static <B, V> Optional<B> set(
            SectionField<B, V> field, B builder, RawValue raw, String fieldPath, List<ConfigError> errors) {
        V value;
        try {
            value = field.type().parse(raw.text());
        } catch (IllegalArgumentException e) {
            boolean quote = !field.secret() && field.type() != ConfigType.STRING;
            errors.add(new ConfigError(
                    fieldPath,
                    raw.source(),
                    (quote ? "'" + printable(raw.text()) + "' " : "the value ") + e.getMessage()));
            return Optional.empty();
        }
        try {
            return Optional.of(field.setter().apply(builder, value));
        } catch (IllegalArgumentException e) {
            String reason = e instanceof ConfigProblemException refusal
                    ? refusal.problem().detail()
                    : String.valueOf(e.getMessage());
            errors.add(new ConfigError(
                    fieldPath,
                    raw.source(),
                    field.secret() ? "the value is not valid (details withheld: the key is secret)" : reason));
            return Optional.empty();
        }
    }

    private static String printable(String text) {
        String printable = text.strip().replaceAll("\\p{Cntrl}", "?");
        return printable.length() > 60 ? printable.substring(0, 57) + "..." : printable;
    }
}
