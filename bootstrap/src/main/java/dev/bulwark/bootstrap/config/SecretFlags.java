package dev.bulwark.bootstrap.config;

import dev.bulwark.config.ConfigKey;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The warnings for secret keys given as command-line flags. They still work, but a process's arguments are readable
 * by every user of the machine ({@code ps}, {@code /proc/<pid>/cmdline}) and stay in shell history, so each is named
 * with the environment variable to use instead, never with its value. Stateless; thread-safe.
 */
final class SecretFlags {

    private SecretFlags() {}

    /** One warning per secret key among {@code givenAsFlags}, in catalogue path order. */
    static List<String> warnings(Collection<ConfigKey<ServerConfig, ?>> givenAsFlags) {
        return givenAsFlags.stream()
                .filter(ConfigKey::secret)
                .sorted(Comparator.comparing(ConfigKey::path))
                .map(key -> key.path() + " is secret and was given as the flag " + key.flag() + ": other users of"
                        + " this machine can read a process's command line (ps, /proc/<pid>/cmdline), and shell"
                        + " history keeps it; set the environment variable " + key.envVar() + " instead")
                .toList();
    }
}
