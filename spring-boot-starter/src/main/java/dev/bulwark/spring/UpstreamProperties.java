package dev.bulwark.spring;

import dev.bulwark.config.ConfigProblem;
import dev.bulwark.config.ConfigProblemException;
import dev.bulwark.config.ConfigType;
import dev.bulwark.mcpclient.UpstreamSettings;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * Builds the upstream MCP servers of {@code bulwark.upstreams.<name>.*} with {@link UpstreamSettings}, the server
 * jar's parser, so both report the same problems. Loaded only when {@code bulwark-adapter-mcp-client} is present.
 * Stateless.
 */
final class UpstreamProperties {

    /** One field of an upstream: its name, as in docs/gateway.md, and how it sets the builder. */
    private record Field(String name, boolean list, boolean secret, BiConsumer<UpstreamSettings.Builder, Value> set) {}

    /** A field's value as Spring binds it: the text, or the items of a list. */
    private record Value(String text, List<String> items) {}

    private static final List<Field> FIELDS = List.of(
            text("transport", UpstreamSettings.Builder::transport),
            text("command", UpstreamSettings.Builder::command),
            new Field("args", true, false, (builder, value) -> builder.args(value.items())),
            new Field("env", true, true, (builder, value) -> builder.env(new LinkedHashSet<>(value.items()))),
            new Field("pass-env", true, false, (builder, value) -> builder.passEnv(new LinkedHashSet<>(value.items()))),
            text("working-directory", UpstreamSettings.Builder::workingDirectory),
            text("url", UpstreamSettings.Builder::url),
            text("credential-header", UpstreamSettings.Builder::credentialHeader),
            new Field("credential", false, true, (builder, value) -> builder.credential(value.text())),
            text("credential-file", UpstreamSettings.Builder::credentialFile),
            typed("timeout", ConfigType.DURATION, UpstreamSettings.Builder::timeout),
            typed("max-concurrency", ConfigType.INT, UpstreamSettings.Builder::maxConcurrency),
            typed("breaker-failures", ConfigType.INT, UpstreamSettings.Builder::breakerFailures),
            typed("breaker-open", ConfigType.DURATION, UpstreamSettings.Builder::breakerOpen),
            typed("max-result-size", ConfigType.BYTE_SIZE, UpstreamSettings.Builder::maxResultBytes),
            text("prefix", (builder, prefix) -> builder.prefix(prefix.strip().equals("none") ? "" : prefix.strip())),
            new Field("rename", true, false, (builder, value) -> builder.rename(new LinkedHashSet<>(value.items()))),
            text("scope", UpstreamSettings.Builder::scope),
            new Field("allow", true, false, (builder, value) -> builder.allow(stripped(value.items()))),
            new Field("deny", true, false, (builder, value) -> builder.deny(stripped(value.items()))),
            typed("task-support", UpstreamSettings.TASK_SUPPORT, UpstreamSettings.Builder::taskSupport),
            typed("era", UpstreamSettings.ERA, UpstreamSettings.Builder::era));

    /** The names of {@link #FIELDS}, in order: {@link UpstreamNames#KEYS}, which is read without this class. */
    static List<String> fieldNames() {
        return FIELDS.stream().map(Field::name).toList();
    }

    /** The names of the secret {@link #FIELDS}: {@link UpstreamNames#SECRET_KEYS}. */
    static List<String> secretFieldNames() {
        return FIELDS.stream().filter(Field::secret).map(Field::name).toList();
    }

    private UpstreamProperties() {}

    /**
     * The upstreams named in {@code names}, each read from {@code environment}; each problem is a line in
     * {@code problems}, naming the property and never a secret's value.
     */
    static List<UpstreamSettings> read(Environment environment, List<String> names, List<String> problems) {
        Binder binder = Binder.get(environment);
        List<UpstreamSettings> upstreams = new ArrayList<>();
        for (String name : names) {
            if (!UpstreamSettings.isValidName(name)) {
                problems.add(UpstreamNames.PREFIX + "." + name + ": an upstream name is 1-63 lower-case letters,"
                        + " digits and dashes, starting with a letter");
                continue;
            }
            read(environment, binder, name, problems).ifPresent(upstreams::add);
        }
        return List.copyOf(upstreams);
    }

    private static Optional<UpstreamSettings> read(
            Environment environment, Binder binder, String name, List<String> problems) {
        UpstreamSettings.Builder builder = UpstreamSettings.builder(name);
        String prefix = UpstreamNames.PREFIX + "." + name + ".";
        int before = problems.size();
        boolean transportRefused = false;
        for (Field field : FIELDS) {
            Optional<Value> value = field.list()
                    ? binder.bind(prefix + field.name(), Bindable.listOf(String.class))
                            .map(items -> Optional.of(new Value(String.join(",", items), items)))
                            .orElse(Optional.empty())
                    : binder.bind(prefix + field.name(), String.class)
                            .map(text -> Optional.of(new Value(text, List.of(text))))
                            .orElse(Optional.empty());
            if (value.isEmpty()) {
                continue;
            }
            try {
                field.set().accept(builder, value.get());
            } catch (ConfigProblemException e) {
                transportRefused |= field.name().equals("transport");
                problems.add(line(e.problem()));
            } catch (IllegalArgumentException e) {
                transportRefused |= field.name().equals("transport");
                problems.add(prefix + field.name() + ": "
                        + (field.secret()
                                ? "the value is not valid (details withheld: the key is secret)"
                                : quote(value.get().text()) + " " + e.getMessage()));
            }
        }
        // as on the server jar, the variable wins over the property
        String variable = environment.getProperty(UpstreamSettings.credentialVariable(name));
        if (variable != null && !variable.isBlank()) {
            builder.credential(variable);
        }
        if (transportRefused) {
            return Optional.empty(); // the rules across fields all start from the transport
        }
        try {
            UpstreamSettings built = builder.build();
            return problems.size() == before ? Optional.of(built) : Optional.empty();
        } catch (ConfigProblemException e) {
            e.problems().forEach(problem -> problems.add(line(problem)));
            return Optional.empty();
        }
    }

    /** The parser's problem at {@code upstreams.<name>.<field>} as the property {@code bulwark.upstreams...}. */
    private static String line(ConfigProblem problem) {
        return BulwarkPropertyKeys.PREFIX + problem.path() + ": " + problem.detail();
    }

    private static String quote(String text) {
        String printable = text.strip().replaceAll("\\p{Cntrl}", "?");
        return "'" + (printable.length() > 60 ? printable.substring(0, 57) + "..." : printable) + "'";
    }

    private static LinkedHashSet<String> stripped(List<String> items) {
        LinkedHashSet<String> set = new LinkedHashSet<>();
        items.stream().map(String::strip).filter(item -> !item.isEmpty()).forEach(set::add);
        return set;
    }

    private static Field text(String name, BiConsumer<UpstreamSettings.Builder, String> set) {
        return new Field(name, false, false, (builder, value) -> set.accept(builder, value.text()));
    }

    /** A field of {@code type}: a value it cannot parse is refused with the type's reason. */
    private static <T> Field typed(String name, ConfigType<T> type, BiConsumer<UpstreamSettings.Builder, T> set) {
        return new Field(
                name,
                false,
                false,
                (builder, value) -> set.accept(builder, type.parse(value.text().strip())));
    }
}
