package dev.bulwark.bootstrap.config;

import dev.bulwark.bootstrap.config.ConfigFileReader.RawValue;
import dev.bulwark.bootstrap.config.NamedSections.Entry;
import dev.bulwark.config.ConfigType;
import dev.bulwark.outbound.ServiceOptions;
import dev.bulwark.ports.outbound.ServiceDescriptor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Builds the registered services of the config file's {@code services} section. Stateless. */
final class ServiceEntries {

    /** The name a service with an invalid name is checked under. */
    private static final String STAND_IN_NAME = "unnamed";

    private ServiceEntries() {}

    /**
     * The services of the file's {@code services} section, each built and checked by the adapter's
     * {@link ServiceOptions}; a service's credential from {@code API_KEY_<NAME>} wins over the file's. Every problem
     * goes to {@code errors}, naming {@code services.<name>.<field>} and where the value came from; a service with a
     * problem is left out, its other fields still checked. {@code sources} gets one line per service for the
     * effective-configuration log, and {@code fieldSources} where each field's value came from, by its path.
     */
    static List<ServiceOptions> services(
            List<Entry> entries,
            Map<String, String> env,
            List<String> sources,
            Map<String, String> fieldSources,
            List<ConfigError> errors) {
        List<ServiceOptions> services = new ArrayList<>();
        for (Entry entry : entries) {
            String path = ServiceFields.SECTION + "." + entry.name();
            // A service with a bad name still has its fields checked, under a stand-in name, so one pass reports all.
            boolean named = ServiceDescriptor.isValidName(entry.name());
            if (!named) {
                errors.add(new ConfigError(
                        path,
                        entry.source(),
                        "a service name is 1-63 lower-case letters, digits" + " and dashes, starting with a letter"));
            }
            String checkedPath = named ? path : ServiceFields.SECTION + "." + STAND_IN_NAME;
            ServiceOptions.Builder builder = ServiceOptions.builder(named ? entry.name() : STAND_IN_NAME);
            Map<String, String> sourceOfField = new HashMap<>();
            Set<String> refused = new HashSet<>();
            boolean usable = named;
            for (Map.Entry<String, RawValue> value : entry.fields().entrySet()) {
                SectionField<ServiceOptions.Builder, ?> field =
                        ServiceFields.field(value.getKey()).orElseThrow();
                RawValue raw = value.getValue();
                String fieldPath = path + "." + field.name();
                sourceOfField.put(fieldPath, raw.source());
                Optional<ServiceOptions.Builder> set = set(field, builder, raw, fieldPath, errors);
                if (set.isPresent()) {
                    builder = set.get();
                } else {
                    usable = false;
                    refused.add(fieldPath);
                }
            }
            if (named) {
                String variable = ServiceOptions.credentialVariable(entry.name());
                Optional<RawValue> fromEnv = ConfigLoader.fromEnv(env, variable);
                if (fromEnv.isPresent()) {
                    builder =
                            builder.credential(Optional.of(fromEnv.get().text().strip()));
                    sourceOfField.put(path + ".credential", fromEnv.get().source());
                }
            }
            if (!entry.fields().containsKey("base-url")) {
                errors.add(new ConfigError(
                        path + ".base-url",
                        entry.source(),
                        "is required: the URL every request" + " of the service goes under"));
                usable = false;
                refused.add(path + ".base-url");
            }
            try {
                ServiceOptions service = builder.build();
                if (usable) {
                    services.add(service);
                    fieldSources.putAll(sourceOfField);
                    sources.add(path + " (" + entry.source() + "), credential: "
                            + Optional.ofNullable(sourceOfField.get(path + ".credential"))
                                    .orElse("none"));
                }
            } catch (IllegalArgumentException e) {
                String message = String.valueOf(e.getMessage());
                if (!named && message.startsWith(checkedPath)) {
                    message = path + message.substring(checkedPath.length());
                }
                int space = message.indexOf(' ');
                String key = space > 0 && message.startsWith(path + ".") ? message.substring(0, space) : path;
                String reason = key.equals(path) && !message.startsWith(path + " ")
                        ? message
                        : message.substring(Math.min(message.length(), key.length() + 1));
                if (!refused.contains(key) && (named || !key.equals(path))) {
                    errors.add(new ConfigError(key, sourceOfField.getOrDefault(key, entry.source()), reason));
                }
            }
        }
        return services;
    }

    /**
     * {@code builder} with the field's value set, or empty with the problem in {@code errors}. A value that does not
     * parse is quoted, unless it is secret or free text (a URL may hold a password); a refusal of the builder is not.
     */
    private static <T> Optional<ServiceOptions.Builder> set(
            SectionField<ServiceOptions.Builder, T> field,
            ServiceOptions.Builder builder,
            RawValue raw,
            String fieldPath,
            List<ConfigError> errors) {
        T value;
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
            String reason = String.valueOf(e.getMessage());
            reason = reason.startsWith(fieldPath + " ") ? reason.substring(fieldPath.length() + 1) : reason;
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
