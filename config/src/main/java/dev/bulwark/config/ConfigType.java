package dev.bulwark.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The type of a configuration value: how its text (from a file, an environment variable or a flag) is parsed, and
 * how a value is written back as text for {@code --help}, the docs and the effective-configuration log.
 *
 * <p>{@link #parse(String)} throws an {@link IllegalArgumentException} whose message is a reason that never
 * contains the text it was given (so the value of a secret key cannot leak through it), phrased to follow the
 * value, for example {@code "is not a whole number"}. Range checks are not done here: the settings records own
 * them. The types every module shares are constants here; a module makes its own (an enum of its settings) with
 * {@link #of}. Immutable and thread-safe.
 *
 * @param <T> the Java type of the parsed value
 */
public final class ConfigType<T> {

    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
    private static final Pattern DURATION_WITH_UNIT =
            Pattern.compile("([+-]?\\d+)\\s*(ms|s|m|h|d)", Pattern.CASE_INSENSITIVE);
    private static final Pattern BYTE_SIZE_WITH_UNIT =
            Pattern.compile("([+-]?\\d+(?:\\.\\d+)?)\\s*([a-z]*)", Pattern.CASE_INSENSITIVE);
    private static final long KIB = 1024;
    private static final long MIB = KIB * 1024;
    private static final long GIB = MIB * 1024;

    /** Free text, taken as given (after trimming). */
    public static final ConfigType<String> STRING = new ConfigType<>("text", text -> text, text -> text);

    /** {@code true} or {@code false}; {@code yes/no}, {@code on/off} and {@code 1/0} are accepted too. */
    public static final ConfigType<Boolean> BOOLEAN =
            new ConfigType<>("true|false", ConfigType::parseBoolean, String::valueOf);

    /** A whole number that fits an {@code int}. */
    public static final ConfigType<Integer> INT = new ConfigType<>("integer", ConfigType::parseInt, String::valueOf);

    /** A whole number that fits a {@code long}. */
    public static final ConfigType<Long> LONG = new ConfigType<>("integer", ConfigType::parseLong, String::valueOf);

    /** The longest duration any setting takes: longer ones would overflow nanosecond arithmetic (at ~292 years). */
    public static final Duration MAX_DURATION = Duration.ofDays(365);

    /**
     * A duration: a plain integer is seconds ({@code 300}); a number with a unit {@code ms}, {@code s}, {@code m},
     * {@code h} or {@code d} ({@code 5m}); or ISO-8601 ({@code PT5M}); at most {@link #MAX_DURATION}. Written back as
     * seconds ({@code 300s}).
     */
    public static final ConfigType<Duration> DURATION =
            new ConfigType<>("duration", ConfigType::parseDuration, ConfigType::formatDuration);

    /**
     * A size in bytes: a plain integer is bytes ({@code 1048576}); units are binary {@code KiB}, {@code MiB},
     * {@code GiB} (powers of 1024) or decimal {@code KB}, {@code MB}, {@code GB} (powers of 1000), case-insensitive.
     * Written back in the largest binary unit that divides it exactly ({@code 1MiB}).
     */
    public static final ConfigType<Long> BYTE_SIZE =
            new ConfigType<>("size", ConfigType::parseByteSize, ConfigType::formatByteSize);

    /** A comma-separated list of names, blanks dropped ({@code tools:read, tools:write}); in a file, also a list. */
    public static final ConfigType<Set<String>> LIST = new ConfigType<>(
            "list",
            ConfigType::parseList,
            values -> String.join(",", values.stream().sorted().toList()),
            true);

    /** A log level, upper-cased; {@code WARNING} (as Python's logging spells it) is read as {@code WARN}. */
    public static final ConfigType<String> LOG_LEVEL =
            new ConfigType<>("level", ConfigType::parseLogLevel, text -> text);

    /**
     * A secret text (a password or a URL with credentials); optional. Never printed: it is written back as
     * {@code (secret)}, and a key of this type is always secret ({@link ConfigKey#secret()}).
     */
    public static final ConfigType<Optional<String>> SECRET =
            new ConfigType<>("secret", text -> Optional.of(text), value -> "(secret)", false);

    /** Optional free text; written back as {@code (unset)} when absent. */
    public static final ConfigType<Optional<String>> OPTIONAL_TEXT = new ConfigType<>(
            "text", text -> text.isBlank() ? Optional.empty() : Optional.of(text), value -> value.orElse("(unset)"));

    private final String name;
    private final Function<String, T> parser;
    private final Function<? super T, String> formatter;
    private final boolean list;

    private ConfigType(String name, Function<String, T> parser, Function<? super T, String> formatter) {
        this(name, parser, formatter, false);
    }

    private ConfigType(String name, Function<String, T> parser, Function<? super T, String> formatter, boolean list) {
        this.name = Objects.requireNonNull(name, "name");
        this.parser = Objects.requireNonNull(parser, "parser");
        this.formatter = Objects.requireNonNull(formatter, "formatter");
        this.list = list;
    }

    /**
     * A module's own type.
     *
     * @param name the short name {@code --help} shows after a flag ({@code stateful|stateless})
     * @param parser parses the trimmed text; throws {@link IllegalArgumentException} with a reason that does not
     *     contain the text
     * @param formatter writes a value back as text the parser reads
     */
    public static <T> ConfigType<T> of(String name, Function<String, T> parser, Function<? super T, String> formatter) {
        return new ConfigType<>(name, parser, formatter, false);
    }

    /** A module's own type whose value a config file may also give as a list; else as {@link #of}. */
    public static <T> ConfigType<T> ofList(
            String name, Function<String, T> parser, Function<? super T, String> formatter) {
        return new ConfigType<>(name, parser, formatter, true);
    }

    /** The short name shown in {@code --help} after a flag, for example {@code duration}. */
    public String name() {
        return name;
    }

    /** Whether this is {@link #BOOLEAN}, whose flags may be given bare ({@code --debug}). */
    public boolean isBoolean() {
        return this == BOOLEAN;
    }

    /** Whether a config file may give this value as a list. */
    public boolean isList() {
        return list;
    }

    /** Whether this is {@link #SECRET}, whose keys are always secret. */
    public boolean isSecret() {
        return this == SECRET;
    }

    /**
     * Parses {@code text}, trimmed.
     *
     * @throws IllegalArgumentException with a reason that does not contain {@code text}
     */
    public T parse(String text) {
        return parser.apply(Objects.requireNonNull(text, "text").trim());
    }

    /** {@code value} as text, in a form {@link #parse(String)} reads back. Never call this for a secret key. */
    public String format(T value) {
        return formatter.apply(Objects.requireNonNull(value, "value"));
    }

    @Override
    public String toString() {
        return name;
    }

    private static Boolean parseBoolean(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> Boolean.TRUE;
            case "false", "no", "off", "0" -> Boolean.FALSE;
            default -> throw new IllegalArgumentException("is not a boolean; use true or false");
        };
    }

    private static Integer parseInt(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw notAWholeNumber(text, "an int");
        }
    }

    private static Long parseLong(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw notAWholeNumber(text, "a long");
        }
    }

    private static IllegalArgumentException notAWholeNumber(String text, String what) {
        return new IllegalArgumentException(
                INTEGER.matcher(text).matches() ? "is too large for " + what : "is not a whole number");
    }

    private static Duration parseDuration(String text) {
        Duration duration = parseAnyDuration(text);
        if (duration.compareTo(MAX_DURATION) > 0) {
            throw new IllegalArgumentException("is longer than the longest duration accepted, 365 days");
        }
        return duration;
    }

    private static Duration parseAnyDuration(String text) {
        String reason = "is not a duration; use seconds (300), a number with a unit ms, s, m, h or d (5m), "
                + "or ISO-8601 (PT5M)";
        try {
            if (INTEGER.matcher(text).matches()) {
                return Duration.ofSeconds(Long.parseLong(text));
            }
            Matcher withUnit = DURATION_WITH_UNIT.matcher(text);
            if (withUnit.matches()) {
                long amount = Long.parseLong(withUnit.group(1));
                return switch (withUnit.group(2).toLowerCase(Locale.ROOT)) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    case "h" -> Duration.ofHours(amount);
                    default -> Duration.ofDays(amount);
                };
            }
            return Duration.parse(text);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("is too large for a duration");
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(reason);
        }
    }

    private static String formatDuration(Duration duration) {
        if (duration.getNano() == 0) {
            return duration.getSeconds() + "s";
        }
        return duration.getNano() % 1_000_000 == 0 ? duration.toMillis() + "ms" : duration.toString();
    }

    private static Long parseByteSize(String text) {
        Matcher matcher = BYTE_SIZE_WITH_UNIT.matcher(text);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("is not a size; use bytes (1048576) or a number with a unit "
                    + "KiB, MiB, GiB (1024-based) or KB, MB, GB (1000-based), for example 1MiB");
        }
        long unit = switch (matcher.group(2).toLowerCase(Locale.ROOT)) {
            case "", "b" -> 1;
            case "kib" -> KIB;
            case "mib" -> MIB;
            case "gib" -> GIB;
            case "kb" -> 1_000;
            case "mb" -> 1_000_000;
            case "gb" -> 1_000_000_000;
            default ->
                throw new IllegalArgumentException(
                        "has an unknown size unit; use B, KiB, MiB, GiB " + "(1024-based) or KB, MB, GB (1000-based)");
        };
        BigDecimal bytes = new BigDecimal(matcher.group(1)).multiply(BigDecimal.valueOf(unit));
        if (bytes.stripTrailingZeros().scale() > 0) {
            throw new IllegalArgumentException("is not a whole number of bytes");
        }
        try {
            return bytes.longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("is too large for a size");
        }
    }

    private static String formatByteSize(Long bytes) {
        for (long unit : new long[] {GIB, MIB, KIB}) {
            if (bytes != 0 && bytes % unit == 0) {
                return bytes / unit + (unit == GIB ? "GiB" : unit == MIB ? "MiB" : "KiB");
            }
        }
        return String.valueOf(bytes);
    }

    private static Set<String> parseList(String text) {
        Set<String> values = new LinkedHashSet<>();
        Arrays.stream(text.split(","))
                .map(String::trim)
                .filter(value -> !value.isEmpty())
                .forEach(values::add);
        return Set.copyOf(values);
    }

    private static String parseLogLevel(String text) {
        String level = text.toUpperCase(Locale.ROOT);
        return "WARNING".equals(level) ? "WARN" : level;
    }
}
