package dev.bulwark.monitor;

import dev.bulwark.config.ConfigProblem;
import dev.bulwark.config.ConfigProblemException;
import dev.bulwark.config.ToolName;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One MCP server the monitor watches over Streamable HTTP. Immutable.
 *
 * @param name 1-63 lower-case letters, digits and dashes, starting with a letter
 * @param url the MCP endpoint, {@code http://} or {@code https://}, without user info, query or fragment
 * @param timeout the whole check's deadline: connecting, initializing, listing tools and the probe call (1 ms-300 s)
 * @param probeTool a tool called with no arguments after listing tools; it must answer without {@code isError}
 * @param credentialHeader the header carrying the credential: {@code Authorization} sends {@code Bearer <credential>},
 *     any other header (such as {@code X-API-Key}) the credential as it is; not one the HTTP client or the MCP
 *     transport sets itself ({@code Host}, {@code Content-Type}, {@code Mcp-Session-Id}, ...)
 * @param credential the bearer token or API key; never logged, never in the status or the metrics
 */
public record MonitorTarget(
        String name,
        URI url,
        Duration timeout,
        Optional<String> probeTool,
        String credentialHeader,
        Optional<String> credential) {

    /** The default of {@link #timeout()}. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    /** The default of {@link #credentialHeader()}. */
    public static final String DEFAULT_CREDENTIAL_HEADER = "Authorization";
    /** The longest timeout accepted. */
    public static final Duration MAX_TIMEOUT = Duration.ofSeconds(300);

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,62}");
    private static final Pattern HEADER = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}");
    /**
     * Headers the credential may not go in, lower-case: those the JDK's HTTP client refuses to be set (every request
     * would fail), those that frame the request, and those the MCP transport sets itself (a second value would break
     * the session). A list of the monitor's own, not the outbound adapter's: the monitor does not depend on it, and
     * its transport's headers differ.
     */
    private static final Set<String> FORBIDDEN_HEADERS = Set.of(
            "host",
            "connection",
            "content-length",
            "expect",
            "upgrade",
            "transfer-encoding",
            "te",
            "content-type",
            "accept",
            "cache-control",
            "mcp-session-id",
            "mcp-protocol-version",
            "last-event-id");

    public MonitorTarget {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(probeTool, "probeTool");
        Objects.requireNonNull(credentialHeader, "credentialHeader");
        Objects.requireNonNull(credential, "credential");
        String path = "monitor.targets." + name;
        if (!isValidName(name)) {
            throw refused(path, "a target name is 1-63 lower-case letters, digits and dashes, starting with a letter");
        }
        checkUrl(url, path + ".url");
        if (timeout.compareTo(Duration.ofMillis(1)) < 0 || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw refused(path + ".timeout", "must be between 1ms and 300s");
        }
        probeTool.ifPresent(tool -> {
            if (!ToolName.isValid(tool)) {
                throw refused(path + ".probe-tool", "must be a tool name: " + ToolName.rule());
            }
        });
        if (!HEADER.matcher(credentialHeader).matches()) {
            throw refused(path + ".credential-header", "must be an HTTP header name");
        }
        if (FORBIDDEN_HEADERS.contains(credentialHeader.toLowerCase(Locale.ROOT))) {
            throw refused(
                    path + ".credential-header",
                    "must not be " + credentialHeader
                            + ": the HTTP client or the MCP transport sets that header itself");
        }
        credential.ifPresent(value -> {
            if (value.isBlank() || value.chars().anyMatch(c -> c < 0x20 || c > 0x7e)) {
                // never quote it: it is a secret
                throw refused(path + ".credential", "must be printable ASCII and not blank");
            }
        });
    }

    /** The refusal of the field {@code key}: its message is the key and the reason, as the config file names it. */
    private static ConfigProblemException refused(String key, String reason) {
        return new ConfigProblemException(ConfigProblem.of(key, reason));
    }

    /** Whether {@code name} is a valid target name. */
    public static boolean isValidName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /**
     * The environment variable that holds the credential of the target {@code name}, winning over the config file:
     * {@code MONITOR_CREDENTIAL_<NAME>}, the name upper-case with {@code -} as {@code _}.
     */
    public static String credentialVariable(String name) {
        return "MONITOR_CREDENTIAL_" + name.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** A builder for the target {@code name}, with the defaults. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** The value of {@link #credentialHeader()} for the credential: with {@code Bearer } for Authorization. */
    String credentialHeaderValue(String value) {
        return credentialHeader.equalsIgnoreCase("Authorization") ? "Bearer " + value : value;
    }

    /** Names the target and its URL only; never the credential. */
    @Override
    public String toString() {
        return "MonitorTarget[" + name + " " + url + ", timeout " + timeout + ", probe " + probeTool.orElse("none")
                + ", credential " + (credential.isPresent() ? "set" : "none") + "]";
    }

    private static void checkUrl(URI url, String key) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!url.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
            throw refused(key, "must be an http:// or https:// URL with a host");
        }
        if (url.getRawUserInfo() != null || url.getRawQuery() != null || url.getRawFragment() != null) {
            throw refused(
                    key,
                    "must not hold user info, a query or a fragment: give the" + " credential in credential or "
                            + "MONITOR_CREDENTIAL_<NAME>");
        }
    }

    /** Parses a target URL; the message never quotes it (it may hold a password). */
    public static URI parseUrl(String text, String key) {
        try {
            return new URI(text.strip());
        } catch (URISyntaxException e) {
            throw refused(key, "is not a valid URL");
        }
    }

    /** Builds a {@link MonitorTarget}. Not thread-safe. */
    public static final class Builder {
        private final String name;
        private URI url;
        private Duration timeout = DEFAULT_TIMEOUT;
        private Optional<String> probeTool = Optional.empty();
        private String credentialHeader = DEFAULT_CREDENTIAL_HEADER;
        private Optional<String> credential = Optional.empty();

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        public Builder url(URI value) {
            this.url = value;
            return this;
        }

        /** The URL as text; refused with a message that never quotes it. */
        public Builder url(String value) {
            return url(parseUrl(value, "monitor.targets." + name + ".url"));
        }

        public Builder timeout(Duration value) {
            this.timeout = value;
            return this;
        }

        public Builder probeTool(String value) {
            this.probeTool = Optional.of(value);
            return this;
        }

        public Builder credentialHeader(String value) {
            this.credentialHeader = value;
            return this;
        }

        public Builder credential(String value) {
            this.credential = Optional.of(value);
            return this;
        }

        /** The target; throws {@link ConfigProblemException} naming the field that is wrong. */
        public MonitorTarget build() {
            if (url == null) {
                throw refused("monitor.targets." + name + ".url", "is required: the URL of the server's MCP endpoint");
            }
            return new MonitorTarget(name, url, timeout, probeTool, credentialHeader, credential);
        }
    }
}
