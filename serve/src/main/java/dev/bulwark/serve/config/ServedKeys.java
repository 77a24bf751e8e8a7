package dev.bulwark.serve.config;

import dev.bulwark.config.ConfigKey;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.core.config.CoreKeys;
import dev.bulwark.core.config.TaskKeys;
import dev.bulwark.http.HttpKeys;
import dev.bulwark.http.HttpSettings;
import dev.bulwark.http.auth.AuthKeys;
import dev.bulwark.http.auth.AuthSettings;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The key catalogue of a served Bulwark, the one the server jar's loader and the Spring Boot starter both bind: the
 * sections {@link dev.bulwark.serve.BulwarkHttp} and {@link dev.bulwark.serve.BulwarkStdio} serve with (the core's,
 * HTTP, authentication, tasks), in catalogue order, each section's key table bound once to where its record sits.
 * A reader gives the record that holds the sections ({@link Holder}) and the sections only it reads, each after the
 * section it follows in its catalogue ({@link #catalogue}).
 *
 * <p>It lives in {@code serve} because both readers already depend on it and the architecture rules allow it:
 * {@code serve} knows the core and the transports, whose records these sections are; {@code config} may know only
 * the JDK, and the server jar may not depend on the starter nor the starter on the server jar. Stateless.
 */
public final class ServedKeys {

    /** The sections of a served Bulwark, in catalogue order. */
    public enum Section {
        SERVER,
        LOGGING,
        CACHE,
        RATE_LIMIT,
        LIMITS,
        STDIO,
        REQUEST_STATE,
        HTTP,
        AUTH,
        TOOL_LIST,
        TASKS
    }

    /**
     * Where a reader's record holds the served sections: the core's settings (the tasks' among them), HTTP's and
     * authentication's; each {@code with} returns the record with that section replaced.
     *
     * @param <R> the reader's record
     */
    public interface Holder<R> {
        BulwarkConfig core(R record);

        R withCore(R record, BulwarkConfig core);

        HttpSettings http(R record);

        R withHttp(R record, HttpSettings http);

        AuthSettings auth(R record);

        R withAuth(R record, AuthSettings auth);
    }

    private ServedKeys() {}

    /**
     * Every served key over {@code R}, in catalogue order, with each list of {@code after} (the reader's own keys)
     * right after the keys of the section it is mapped to.
     */
    public static <R> List<ConfigKey<R, ?>> catalogue(Holder<R> holder, Map<Section, List<ConfigKey<R, ?>>> after) {
        Objects.requireNonNull(holder, "holder");
        Map<Section, List<ConfigKey<R, ?>>> extras = after.isEmpty() ? Map.of() : new EnumMap<>(after);
        List<ConfigKey<R, ?>> keys = new ArrayList<>();
        for (Section section : Section.values()) {
            keys.addAll(keys(section, holder));
            keys.addAll(extras.getOrDefault(section, List.of()));
        }
        return List.copyOf(keys);
    }

    /** The keys of {@code section} over {@code R}. */
    public static <R> List<ConfigKey<R, ?>> keys(Section section, Holder<R> holder) {
        return switch (section) {
            case SERVER -> core(holder, BulwarkConfig::server, BulwarkConfig.Builder::server, CoreKeys.server());
            case LOGGING -> core(holder, BulwarkConfig::logging, BulwarkConfig.Builder::logging, CoreKeys.logging());
            case CACHE -> core(holder, BulwarkConfig::cache, BulwarkConfig.Builder::cache, CoreKeys.cache());
            case RATE_LIMIT ->
                core(holder, BulwarkConfig::rateLimit, BulwarkConfig.Builder::rateLimit, CoreKeys.rateLimit());
            case LIMITS -> core(holder, BulwarkConfig::limits, BulwarkConfig.Builder::limits, CoreKeys.limits());
            case STDIO -> core(holder, BulwarkConfig::stdio, BulwarkConfig.Builder::stdio, CoreKeys.stdio());
            case REQUEST_STATE ->
                core(holder, BulwarkConfig::requestState, BulwarkConfig.Builder::requestState, CoreKeys.requestState());
            case HTTP -> within(holder::http, holder::withHttp, HttpKeys.all());
            case AUTH -> within(holder::auth, holder::withAuth, AuthKeys.all());
            case TOOL_LIST ->
                core(holder, BulwarkConfig::toolList, BulwarkConfig.Builder::toolList, CoreKeys.toolList());
            case TASKS -> core(holder, BulwarkConfig::tasks, BulwarkConfig.Builder::tasks, TaskKeys.all());
        };
    }

    /** {@code table}'s keys over {@code R}, whose component {@code section} holds their record. */
    public static <R, S> List<ConfigKey<R, ?>> within(
            Function<R, S> section, BiFunction<R, S, R> withSection, List<ConfigKey<S, ?>> table) {
        return table.stream()
                .<ConfigKey<R, ?>>map(key -> key.within(section, withSection))
                .toList();
    }

    private static <R, S> List<ConfigKey<R, ?>> core(
            Holder<R> holder,
            Function<BulwarkConfig, S> section,
            BiFunction<BulwarkConfig.Builder, S, BulwarkConfig.Builder> set,
            List<ConfigKey<S, ?>> table) {
        return within(
                record -> section.apply(holder.core(record)),
                (record, value) -> holder.withCore(
                        record,
                        set.apply(holder.core(record).toBuilder(), value).build()),
                table);
    }
}
