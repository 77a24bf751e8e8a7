package dev.bulwark.spring;

import dev.bulwark.config.Suggestions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** Reads the named endpoints of {@code bulwark.endpoints.<name>.*} from the environment. Stateless. */
final class EndpointProperties {

    /** The prefix of every named endpoint's keys. */
    static final String PREFIX = "bulwark.endpoints";

    /**
     * A key of an endpoint that is not a {@code bulwark.*} key as well.
     *
     * @param path its path after {@code bulwark.endpoints.<name>.}
     * @param list whether it takes a list
     * @param description what it sets, for the IDE metadata
     */
    record Key(String path, boolean list, String description) {}

    /** The endpoint's keys of its own; {@link EndpointSettings#KEYS} are the others. */
    static final List<Key> OWN = List.of(
            new Key(
                    "path",
                    false,
                    "Where the named endpoint serves on the application's web server, as /internal/mcp;" + " required"),
            new Key(
                    "tools",
                    true,
                    "The tools the named endpoint serves, by their MCP names; required unless it names upstreams"),
            new Key(
                    "upstreams",
                    true,
                    "Upstream MCP servers (bulwark.upstreams.<name>) whose tools the named endpoint serves as they"
                            + " come and go, by the upstream's name"),
            new Key(
                    "http.mode",
                    false,
                    "Whether the named endpoint's session era keeps sessions: stateless (the"
                            + " default) or stateful"),
            new Key(
                    "auth.required-scopes",
                    true,
                    "Scopes every caller must hold to reach the named endpoint at all," + " on top of each tool's"),
            new Key(
                    "auth.resource-url",
                    false,
                    "The named endpoint's canonical URL, the audience (aud) its tokens must"
                            + " name; unset = bulwark.auth.resource-url with the endpoint's path"));

    /** The keys of one endpoint, after {@code bulwark.endpoints.<name>.}. */
    static final List<String> KEYS = keys();

    private static List<String> keys() {
        List<String> keys = new ArrayList<>(OWN.stream().map(Key::path).toList());
        keys.addAll(EndpointSettings.paths());
        return List.copyOf(keys);
    }

    private static final ConfigurationPropertyName ROOT = ConfigurationPropertyName.of(PREFIX);

    private EndpointProperties() {}

    /** Whether {@code name} is under {@code bulwark.endpoints}, which this class reads rather than the key tables. */
    static boolean covers(ConfigurationPropertyName name) {
        return ROOT.isAncestorOf(name) || ROOT.equals(name);
    }

    /**
     * The endpoints {@code environment} names, in the order first seen; each unusable property is a line in
     * {@code problems}. Unknown keys under an endpoint are refused, except in environment variables, as elsewhere.
     */
    static List<BulwarkEndpoint> read(Environment environment, List<String> problems) {
        Set<String> names = new LinkedHashSet<>();
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            if (!(source instanceof IterableConfigurationPropertySource iterable)) {
                continue;
            }
            boolean variables = source.getUnderlyingSource() instanceof SystemEnvironmentPropertySource;
            iterable.stream().filter(ROOT::isAncestorOf).forEach(property -> {
                if (property.getNumberOfElements() < 4) {
                    if (!variables) {
                        problems.add(property + ": is not a Bulwark property: name an endpoint's key, as " + PREFIX
                                + ".<name>.path");
                    }
                    return;
                }
                String name = property.getElement(2, ConfigurationPropertyName.Form.DASHED);
                names.add(name);
                String key = withoutIndex(property).subName(3).toString();
                if (!variables && !KEYS.contains(key)) {
                    problems.add(property + ": is not a key of an endpoint" + Suggestions.didYouMean(key, KEYS)
                            + "; an endpoint has " + String.join(", ", KEYS));
                }
            });
        }
        Binder binder = Binder.get(environment);
        List<BulwarkEndpoint> endpoints = new ArrayList<>();
        for (String name : names) {
            String prefix = PREFIX + "." + name + ".";
            String path = binder.bind(prefix + "path", String.class).orElse("");
            List<String> tools =
                    binder.bind(prefix + "tools", Bindable.listOf(String.class)).orElse(List.of());
            List<String> upstreams = binder.bind(prefix + "upstreams", Bindable.listOf(String.class))
                    .orElse(List.of());
            Optional<String> mode = binder.bind(prefix + "http.mode", String.class)
                    .map(text -> text.strip().toLowerCase(Locale.ROOT))
                    .map(Optional::of)
                    .orElse(Optional.empty());
            if (mode.isPresent()
                    && !mode.get().equals("stateless")
                    && !mode.get().equals("stateful")) {
                problems.add(prefix + "http.mode: '" + mode.get() + "' is not a mode: set stateless or stateful");
            }
            List<String> scopes = binder.bind(prefix + "auth.required-scopes", Bindable.listOf(String.class))
                    .orElse(List.of());
            Optional<String> resourceUrl = binder.bind(prefix + "auth.resource-url", String.class)
                    .map(String::strip)
                    .map(Optional::of)
                    .orElse(Optional.empty());
            Map<String, String> settings = new LinkedHashMap<>();
            for (String key : EndpointSettings.paths()) {
                binder.bind(prefix + key, String.class).ifBound(text -> settings.put(key, text));
            }
            endpoints.add(new BulwarkEndpoint(
                    name,
                    path.strip(),
                    new LinkedHashSet<>(tools.stream().map(String::strip).toList()),
                    mode.filter("stateful"::equals).isPresent(),
                    new LinkedHashSet<>(scopes.stream().map(String::strip).toList()),
                    resourceUrl,
                    settings,
                    new LinkedHashSet<>(upstreams.stream().map(String::strip).toList())));
        }
        return List.copyOf(endpoints);
    }

    private static ConfigurationPropertyName withoutIndex(ConfigurationPropertyName name) {
        ConfigurationPropertyName plain = name;
        while (plain.isLastElementIndexed()) {
            plain = plain.getParent();
        }
        return plain;
    }
}
