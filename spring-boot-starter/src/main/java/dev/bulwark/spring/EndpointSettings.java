package dev.bulwark.spring;

import dev.bulwark.config.ConfigKey;
import dev.bulwark.config.ConfigProblemException;
import dev.bulwark.config.Suggestions;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.core.config.CoreKeys;
import dev.bulwark.serve.config.ServedKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A named endpoint's own {@code rate-limit.*} and {@code limits.*} values, set over the application's: the core
 * settings of its server. Stateless.
 */
final class EndpointSettings {

    /** The keys an endpoint may set for itself, as {@code bulwark.endpoints.<name>.<path>}. */
    static final List<ConfigKey<BulwarkConfig, ?>> KEYS = keys();

    private EndpointSettings() {}

    private static List<ConfigKey<BulwarkConfig, ?>> keys() {
        List<ConfigKey<BulwarkConfig, ?>> keys = new ArrayList<>();
        keys.addAll(ServedKeys.within(
                BulwarkConfig::rateLimit,
                (config, value) -> config.toBuilder().rateLimit(value).build(),
                CoreKeys.rateLimit()));
        keys.addAll(ServedKeys.within(
                BulwarkConfig::limits,
                (config, value) -> config.toBuilder().limits(value).build(),
                CoreKeys.limits()));
        return List.copyOf(keys);
    }

    /** The paths of {@link #KEYS}, as {@code rate-limit.per-minute}. */
    static List<String> paths() {
        return KEYS.stream().map(ConfigKey::path).toList();
    }

    /**
     * {@code application} with each of {@code one}'s own values set; every value that cannot be used is a line in
     * {@code problems}, and leaves the application's.
     */
    static BulwarkConfig of(BulwarkEndpoints.Declared one, BulwarkConfig application, List<String> problems) {
        BulwarkConfig config = application;
        for (Map.Entry<String, String> setting : new TreeMap<>(one.endpoint().settings()).entrySet()) {
            Optional<ConfigKey<BulwarkConfig, ?>> key = KEYS.stream()
                    .filter(candidate -> candidate.path().equals(setting.getKey()))
                    .findFirst();
            if (key.isEmpty()) {
                problems.add(one.key(setting.getKey()) + ": is not a setting of an endpoint"
                        + Suggestions.didYouMean(setting.getKey(), paths()) + "; an endpoint sets "
                        + String.join(", ", paths()));
                continue;
            }
            config = apply(one, key.get(), setting.getValue(), config, problems);
        }
        return config;
    }

    private static <T> BulwarkConfig apply(
            BulwarkEndpoints.Declared one,
            ConfigKey<BulwarkConfig, T> key,
            String text,
            BulwarkConfig config,
            List<String> problems) {
        String where = one.key(key.path());
        T value;
        try {
            value = key.type().parse(text.strip());
        } catch (IllegalArgumentException e) {
            problems.add(where + ": '" + printable(text) + "' " + e.getMessage());
            return config;
        }
        try {
            return key.applyTo(config, value);
        } catch (IllegalArgumentException e) {
            String reason = e instanceof ConfigProblemException refusal
                    ? refusal.problem().detail()
                    : String.valueOf(e.getMessage());
            problems.add(where + ": " + reason);
            return config;
        }
    }

    private static String printable(String text) {
        String printable = text.strip().replaceAll("\\p{Cntrl}", "?");
        return printable.length() > 60 ? printable.substring(0, 57) + "..." : printable;
    }
}
