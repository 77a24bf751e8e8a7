package dev.bulwark.bootstrap.config;

import dev.bulwark.bootstrap.config.ConfigFileReader.RawValue;
import dev.bulwark.config.ConfigKey;
import dev.bulwark.http.auth.AuthKeys;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The environment variables of the original Python servers that set a key in other words than the key's own
 * variable: {@code MCP_AUTH_ENABLED=true|false} is {@code auth.mode=required|off} ({@code MCP_AUTH}). Such a variable
 * has the precedence of the key's own; when both are set they must agree, or the configuration is refused, since
 * either could be the one the operator meant. Stateless, so thread-safe.
 */
final class SeedVariables {

    /** A seed's variable for {@code key}, and how its value reads as the key's. */
    record Alias(String envVar, ConfigKey<?, ?> key, UnaryOperator<String> translate) {}

    /** Every alias, in catalogue order. */
    static final List<Alias> ALIASES =
            List.of(new Alias("MCP_AUTH_ENABLED", AuthKeys.AUTH_MODE, SeedVariables::authEnabled));

    private SeedVariables() {}

    /** The names of the aliases' variables, which are known names, not misspelt settings. */
    static List<String> envVars() {
        return ALIASES.stream().map(Alias::envVar).toList();
    }

    /**
     * The value {@code env} gives {@code key}: its own variable's, else its alias's, translated; empty when neither
     * is set. A problem (an alias value that does not translate, or one that contradicts the key's own variable) is
     * added to {@code errors}, and then the key's own value, if any, is returned.
     */
    static Optional<RawValue> fromEnv(
            ConfigKey<ServerConfig, ?> key, Map<String, String> env, List<ConfigError> errors) {
        Optional<RawValue> own = ConfigLoader.fromEnv(env, key.envVar());
        for (Alias alias : ALIASES) {
            if (!alias.key().equals(key)) {
                continue;
            }
            Optional<RawValue> given = ConfigLoader.fromEnv(env, alias.envVar());
            if (given.isEmpty()) {
                continue;
            }
            String translated;
            try {
                translated = alias.translate().apply(given.get().text().trim());
            } catch (IllegalArgumentException e) {
                errors.add(new ConfigError(key.path(), given.get().source(), e.getMessage()));
                continue;
            }
            if (own.isEmpty()) {
                return Optional.of(new RawValue(translated, given.get().source()));
            }
            if (!own.get().text().trim().equalsIgnoreCase(translated)) {
                errors.add(new ConfigError(
                        key.path(),
                        given.get().source(),
                        alias.envVar() + " means "
                                + key.envVar() + "=" + translated + ", but " + key.envVar() + " is set"
                                + (key.secret()
                                        ? ""
                                        : " to '" + own.get().text().trim() + "'") + "; set one of them"));
            }
        }
        return own;
    }

    /** {@code MCP_AUTH_ENABLED}: true is {@code required}, false is {@code off}. */
    static String authEnabled(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> "required";
            case "false", "no", "off", "0" -> "off";
            default -> throw new IllegalArgumentException("'" + text + "' is not true or false");
        };
    }
}
