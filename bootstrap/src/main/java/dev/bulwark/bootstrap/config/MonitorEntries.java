package dev.bulwark.bootstrap.config;

import dev.bulwark.bootstrap.config.ConfigFileReader.RawValue;
import dev.bulwark.bootstrap.config.NamedSections.Entry;
import dev.bulwark.config.ConfigType;
import dev.bulwark.monitor.MonitorTarget;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Builds the monitor's targets of the config file's {@code monitor.targets} section. Stateless. */
final class MonitorEntries {

    /** The name a target with an invalid name is checked under. */
    private static final String STAND_IN_NAME = "unnamed";

    private MonitorEntries() {}

    /**
     * The targets of the section, each built and checked by {@link MonitorTarget}; a target's credential from
     * {@code MONITOR_CREDENTIAL_<NAME>} wins over the file's. Every problem goes to {@code errors}, naming
     * {@code monitor.targets.<name>.<field>} and where the value came from, never quoting a URL or a credential; a
     * target with a problem is left out, its other fields still checked. {@code sources} gets one line per target
     * for the effective-configuration log.
     */
    static List<MonitorTarget> targets(
            List<Entry> entries, Map<String, String> env, List<String> sources, List<ConfigError> errors) {
        List<MonitorTarget> targets = new ArrayList<>();
        for (Entry entry : entries) {
            String path = MonitorTargetFields.TARGETS_SECTION + "." + entry.name();
            // A target with a bad name still has its fields checked, under a stand-in name, so one pass reports all.
            boolean named = MonitorTarget.isValidName(entry.name());
            if (!named) {
                errors.add(new ConfigError(
                        path,
                        entry.source(),
                        "a target name is 1-63 lower-case letters, digits" + " and dashes, starting with a letter"));
            }
            String checkedPath = named ? path : MonitorTargetFields.TARGETS_SECTION + "." + STAND_IN_NAME;
            MonitorTarget.Builder builder = MonitorTarget.builder(named ? entry.name() : STAND_IN_NAME);
            boolean usable = named;
            Set<String> refused = new HashSet<>();
            Map<String, String> sourceOfField = new HashMap<>();
            for (Map.Entry<String, RawValue> value : entry.fields().entrySet()) {
                SectionField<MonitorTarget.Builder, ?> field =
                        MonitorTargetFields.field(value.getKey()).orElseThrow();
                String fieldPath = path + "." + field.name();
                sourceOfField.put(fieldPath, value.getValue().source());
                if (!set(field, builder, value.getValue(), fieldPath, errors)) {
                    usable = false;
                    refused.add(fieldPath);
                }
            }
            Optional<RawValue> fromEnv = named
                    ? ConfigLoader.fromEnv(env, MonitorTarget.credentialVariable(entry.name()))
                    : Optional.empty();
            if (fromEnv.isPresent()) {
                builder.credential(fromEnv.get().text().strip());
                sourceOfField.put(path + ".credential", fromEnv.get().source());
            }
            if (!entry.fields().containsKey("url")) {
                errors.add(new ConfigError(
                        path + ".url", entry.source(), "is required: the URL of the server's MCP" + " endpoint"));
                usable = false;
                refused.add(path + ".url");
            }
            try {
                MonitorTarget target = builder.build();
                if (usable) {
                    targets.add(target);
                    sources.add(path + " (" + entry.source() + "), credential: "
                            + sourceOfField.getOrDefault(path + ".credential", "none"));
                }
            } catch (IllegalArgumentException e) {
                String message = String.valueOf(e.getMessage());
                if (!named && message.startsWith(checkedPath)) {
                    message = path + message.substring(checkedPath.length());
                }
                int space = message.indexOf(' ');
                String key = space > 0 && message.startsWith(path + ".") ? message.substring(0, space) : path;
                if (!refused.contains(key) && (named || !key.equals(path))) {
                    errors.add(new ConfigError(
                            key, sourceOfField.getOrDefault(key, entry.source()), reason(message, key)));
                }
            }
        }
        return targets;
    }

    /** Sets the field's value on {@code builder}; false, with the problem in {@code errors}, when it is refused. */
    private static <T> boolean set(
            SectionField<MonitorTarget.Builder, T> field,
            MonitorTarget.Builder builder,
            RawValue raw,
            String fieldPath,
            List<ConfigError> errors) {
        try {
            field.setter().apply(builder, field.type().parse(raw.text()));
            return true;
        } catch (IllegalArgumentException e) {
            String reason = field.secret()
                    ? "the value is not valid (details withheld: the key is secret)"
                    : field.type() == ConfigType.STRING ? reason(e, fieldPath) : "the value " + e.getMessage();
            errors.add(new ConfigError(fieldPath, raw.source(), reason));
            return false;
        }
    }

    /** The message without the key it starts with. */
    private static String reason(IllegalArgumentException e, String path) {
        return reason(String.valueOf(e.getMessage()), path);
    }

    /** The message without the key it starts with. */
    private static String reason(String message, String path) {
        return message.startsWith(path)
                ? message.substring(path.length()).replaceFirst("^[. ]", "").strip()
                : message;
    }
}
