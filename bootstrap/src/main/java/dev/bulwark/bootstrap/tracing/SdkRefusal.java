package dev.bulwark.bootstrap.tracing;

import dev.bulwark.bootstrap.config.ConfigError;
import dev.bulwark.bootstrap.config.StartupConfigException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Why the OpenTelemetry SDK refused its configuration, in fixed words that name the setting at fault.
 */
final class SdkRefusal {

    /** The SDK's property the tracing endpoint ({@code tracing.endpoint}) is handed to it as. */
    static final String ENDPOINT = "otel.exporter.otlp.endpoint";

    private static final String TRACES_ENDPOINT = "otel.exporter.otlp.traces.endpoint";
    private static final String HEADERS = "otel.exporter.otlp.headers";
    private static final String TRACES_HEADERS = "otel.exporter.otlp.traces.headers";
    private static final String NOT_SHOWN = " (its value is not shown)";

    private SdkRefusal() {}

    /**
     * The configuration error for {@code refusal}. None of the SDK's text is passed on: it quotes values, and those
     * of {@code OTEL_EXPORTER_OTLP_HEADERS} are credentials; it is only searched for the names of settings given.
     *
     * @param given the {@code otel.*} properties set by the server itself (the SDK reads the variables and system
     *     properties on top)
     */
    static StartupConfigException of(RuntimeException refusal, Set<String> given) {
        return of(refusal, given, System.getenv(), System.getProperties().stringPropertyNames());
    }

    /**
     * The configuration error for {@code refusal}, with the environment's variable names and the system properties'
     * names given.
     */
    static StartupConfigException of(
            RuntimeException refusal, Set<String> given, Map<String, String> env, Set<String> systemProperties) {
        Set<String> names = new TreeSet<>(given);
        env.keySet().stream()
                .filter(name -> name.startsWith("OTEL_"))
                .map(SdkRefusal::property)
                .forEach(names::add);
        systemProperties.stream().filter(name -> name.startsWith("otel.")).forEach(names::add);
        Optional<String> culprit = culprit(refusal, names);
        if (culprit.isEmpty()) {
            return new StartupConfigException(new ConfigError(
                    "tracing",
                    "OTEL_* variables or otel.* system properties",
                    "the OpenTelemetry SDK refused its configuration ("
                            + refusal.getClass().getSimpleName()
                            + "; its message is not shown, as it may quote a value): check those that are set"));
        }
        String property = culprit.get();
        if (property.equals(ENDPOINT)) {
            return StartupConfigException.refused(
                    "tracing.endpoint", "the OpenTelemetry SDK refused it as an OTLP endpoint" + NOT_SHOWN);
        }
        String variable = variable(property);
        String source = systemProperties.contains(property)
                ? "system property " + property
                : env.containsKey(variable) ? "environment variable " + variable : "OpenTelemetry SDK settings";
        return new StartupConfigException(new ConfigError(property, source, problem(property)));
    }

    /** What is wrong with {@code property}, in fixed words. */
    private static String problem(String property) {
        if (property.equals(HEADERS) || property.equals(TRACES_HEADERS)) {
            return "the OpenTelemetry SDK cannot read it: it takes a comma-separated list of name=value pairs, each"
                    + " value URL-encoded (a % starts a %XX escape)" + NOT_SHOWN;
        }
        return "the OpenTelemetry SDK refused it: malformed, or not a value it supports" + NOT_SHOWN;
    }

    /**
     * The given property the refusal is about: the one its message (or a cause's) names first, or, for the messages
     * that name none, the property they are known to come from.
     */
    private static Optional<String> culprit(Throwable refusal, Set<String> names) {
        for (Throwable cause = refusal; cause != null; cause = cause.getCause()) {
            String message = cause.getMessage() == null ? "" : cause.getMessage();
            if (message.startsWith("Cannot decode header value")) {
                return Optional.of(names.contains(TRACES_HEADERS) ? TRACES_HEADERS : HEADERS);
            }
            if (message.startsWith("OTLP endpoint")) {
                return Optional.of(names.contains(TRACES_ENDPOINT) ? TRACES_ENDPOINT : ENDPOINT);
            }
            Optional<String> named = firstNamed(message, names);
            if (named.isPresent()) {
                return named;
            }
        }
        return Optional.empty();
    }

    /** The name of {@code names} that {@code message} holds first as a whole word; the longest at one place. */
    private static Optional<String> firstNamed(String message, Set<String> names) {
        String found = null;
        int foundAt = Integer.MAX_VALUE;
        for (String name : names) {
            for (int at = message.indexOf(name); at >= 0 && at <= foundAt; at = message.indexOf(name, at + 1)) {
                if (wholeWord(message, at, name.length()) && (at < foundAt || name.length() > found.length())) {
                    found = name;
                    foundAt = at;
                }
            }
        }
        return Optional.ofNullable(found);
    }

    private static boolean wholeWord(String message, int at, int length) {
        return (at == 0 || !namePart(message.charAt(at - 1)))
                && (at + length == message.length() || !namePart(message.charAt(at + length)));
    }

    private static boolean namePart(char c) {
        return Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '-';
    }

    /** The SDK's property for an {@code OTEL_*} variable, as the SDK itself maps it. */
    private static String property(String variable) {
        return variable.toLowerCase(Locale.ROOT).replace('_', '.');
    }

    /** The {@code OTEL_*} variable of an {@code otel.*} property. */
    private static String variable(String property) {
        return property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
