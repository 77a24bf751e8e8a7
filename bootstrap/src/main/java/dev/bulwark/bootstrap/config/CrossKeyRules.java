package dev.bulwark.bootstrap.config;

import dev.bulwark.config.ConfigKey;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Tells which problems of a rule across keys (such as {@code http.management-port} the same as {@code http.port}) are
 * worth reporting in the same pass as the keys' own problems: those judged on values the operator meant. A rule
 * naming a key whose given value could not be used judges that key's default instead, and would report a problem
 * that is not there; so would a rule naming a key left at its default when the config file could not be read (the
 * file may have set it). Not thread-safe: one per load.
 */
final class CrossKeyRules {

    private final List<ConfigKey<ServerConfig, ?>> keys;
    private final Set<ConfigKey<ServerConfig, ?>> given;
    private final Set<String> refusedPaths = new HashSet<>();
    private final boolean fileUnread;

    /**
     * @param keys the catalogue
     * @param given the keys whose values were read, from any source
     * @param errors the problems found so far: a key named by one of them was given a value that cannot be used
     */
    CrossKeyRules(
            List<ConfigKey<ServerConfig, ?>> keys,
            Collection<ConfigKey<ServerConfig, ?>> given,
            List<ConfigError> errors) {
        this.keys = keys;
        this.given = Set.copyOf(given);
        errors.forEach(error -> refusedPaths.add(error.key()));
        this.fileUnread = refusedPaths.contains(LauncherOption.CONFIG.key());
    }

    /** Notes that the value given for {@code key} was refused: it keeps its default. */
    void refused(ConfigKey<ServerConfig, ?> key) {
        refusedPaths.add(key.path());
    }

    /** Whether the rule that gave {@code problem} (a message naming keys by their paths) judged meant values only. */
    boolean judgedOnMeantValues(String problem) {
        for (ConfigKey<ServerConfig, ?> key : keys) {
            if (names(problem, key.path())
                    && (refusedPaths.contains(key.path()) || fileUnread && !given.contains(key))) {
                return false;
            }
        }
        return true;
    }

    private static boolean names(String problem, String path) {
        return Pattern.compile("(?<![\\w.-])" + Pattern.quote(path) + "(?![\\w-]|\\.\\w)")
                .matcher(problem)
                .find();
    }
}
