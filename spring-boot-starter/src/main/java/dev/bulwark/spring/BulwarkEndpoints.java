package dev.bulwark.spring;

import dev.bulwark.config.ConfigProblemException;
import dev.bulwark.config.Suggestions;
import dev.bulwark.core.Bulwark;
import dev.bulwark.core.Tool;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.http.auth.ApiKeys;
import dev.bulwark.http.auth.AuthSettings;
import dev.bulwark.http.auth.BearerTokenVerifier;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.context.ApplicationContext;

/**
 * The named endpoints served beside the one at {@code bulwark.http.path}: each a separate server over its share of
 * the application's tools as they are now, behind a door of its own. Immutable once built; its servers are
 * thread-safe.
 */
final class BulwarkEndpoints implements AutoCloseable {

    /** The {@code endpoint} tag of the default endpoint's meters, once there are named endpoints. */
    static final String DEFAULT = "default";

    /** The tag that tells the endpoints' meters apart in the one registry. */
    static final String TAG = "endpoint";

    /**
     * One named endpoint being served.
     *
     * @param endpoint what was declared
     * @param bulwark its server
     * @param door its servlet
     * @param auth its door's authentication parts
     */
    record Served(BulwarkEndpoint endpoint, Bulwark bulwark, McpServlet door, WebDoorAuth auth) {}

    /** A declared endpoint and how its keys are named in a problem line. */
    record Declared(BulwarkEndpoint endpoint, String where) {

        static Declared property(BulwarkEndpoint endpoint) {
            return new Declared(endpoint, EndpointProperties.PREFIX + "." + endpoint.name());
        }

        static Declared bean(BulwarkEndpoint endpoint) {
            return new Declared(endpoint, "BulwarkEndpoint bean '" + endpoint.name() + "'");
        }

        String key(String key) {
            return where + "." + key;
        }
    }

    private final List<Served> served;
    /** Each endpoint's following of the application's tool catalogue. */
    private final List<EndpointCatalogue> following;

    private BulwarkEndpoints(List<Served> served, List<EndpointCatalogue> following) {
        this.served = List.copyOf(served);
        this.following = List.copyOf(following);
    }

    /** The endpoints being served, in declaration order: the properties', then the beans'. */
    List<Served> served() {
        return served;
    }

    /** Stops following the application's tools, then closes each endpoint's server, with the application. */
    @Override
    public void close() {
        following.forEach(EndpointCatalogue::close);
        served.forEach(one -> one.bulwark().close());
    }

    /** {@code base} seen through a registry that tags every meter {@code endpoint=<name>}. */
    static MeterRegistry tagged(MeterRegistry base, String name) {
        CompositeMeterRegistry tagged = new CompositeMeterRegistry();
        tagged.config().commonTags(TAG, name);
        tagged.add(base);
        return tagged;
    }

    /**
     * Checks {@code declared} against each other, {@code bulwark.http.path} and the tools of {@code all}, then builds
     * a server and a door for each.
     *
     * @param all the default endpoint's server: every tool of the application
     * @param registry the application's single meter registry, or null
     * @param stores the customizers that give each server the shared stores
     * @throws BulwarkPropertiesException with one line for each problem
     */
    static BulwarkEndpoints of(
            List<Declared> declared,
            Bulwark all,
            BulwarkSettingsBinding settings,
            ApplicationContext context,
            MeterRegistry registry,
            List<BulwarkCustomizer> stores,
            ApiKeys apiKeys,
            BearerTokenVerifier bearerTokens) {
        List<BulwarkConfig> configs =
                check(declared, settings.httpPath(), all.tools(), settings.upstreams(), settings.auth(), all.config());
        boolean springSecurity = BulwarkAutoConfiguration.WebTransportConfiguration.springSecurityChain(context);
        List<Served> served = new ArrayList<>();
        List<EndpointCatalogue> following = new ArrayList<>();
        for (int i = 0; i < declared.size(); i++) {
            BulwarkEndpoint endpoint = declared.get(i).endpoint();
            Bulwark.Builder builder = Bulwark.builder(configs.get(i));
            if (registry != null) {
                builder.meterRegistry(tagged(registry, endpoint.name()));
            }
            stores.forEach(store -> store.customize(builder));
            EndpointCatalogue.Serves serves = EndpointCatalogue.Serves.of(endpoint);
            builder.tools(EndpointCatalogue.named(all.catalogue(), serves));
            if (!endpoint.upstreams().isEmpty() && all.catalogue().takesTasks()) {
                // its upstreams' tools join once the application runs, taking tasks as the application's server does
                builder.pack(pack -> pack.offerTasks());
            }
            Bulwark bulwark = builder.build();
            following.add(EndpointCatalogue.follow(endpoint.name(), all.catalogue(), bulwark.catalogue(), serves));
            AuthSettings auth = settings.auth().toBuilder()
                    .resourceUrl(resourceUrl(endpoint, settings.auth().resourceUrl()))
                    .build();
            WebDoorAuth doorAuth = WebDoorAuth.of(
                    bulwark, endpoint.path(), auth, endpoint.requiredScopes(), springSecurity, apiKeys, bearerTokens);
            McpServlet door = BulwarkAutoConfiguration.WebTransportConfiguration.door(
                    bulwark, settings, context, doorAuth, auth.resourceUrl(), endpoint.stateful());
            served.add(new Served(endpoint, bulwark, door, doorAuth));
        }
        return new BulwarkEndpoints(served, following);
    }

    /**
     * The endpoint's own resource URL, else {@code bulwark.auth.resource-url} with the endpoint's path: the audience
     * its tokens must name.
     */
    static Optional<String> resourceUrl(BulwarkEndpoint endpoint, Optional<String> defaultUrl) {
        return endpoint.resourceUrl()
                .or(() -> defaultUrl.map(
                        url -> URI.create(url).resolve(endpoint.path()).toString()));
    }

    /**
     * Refuses the start with one line for each unusable endpoint; else the core settings of each: the application's
     * with the endpoint's own values set.
     */
    private static List<BulwarkConfig> check(
            List<Declared> declared,
            String httpPath,
            List<Tool<?, ?>> tools,
            List<String> upstreams,
            AuthSettings auth,
            BulwarkConfig application) {
        List<BulwarkConfig> configs = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Set<String> known = new TreeSet<>();
        tools.forEach(tool -> known.add(tool.name()));
        Map<String, String> names = new HashMap<>();
        Map<String, String> paths = new HashMap<>();
        Map<String, String> resources = new HashMap<>();
        auth.resourceUrl().ifPresent(url -> resources.put(url, BulwarkSettingsBinding.PREFIX + "auth.resource-url"));
        for (Declared one : declared) {
            BulwarkEndpoint endpoint = one.endpoint();
            if (endpoint.name().equals(DEFAULT)) {
                problems.add(one.where() + ": 'default' names the endpoint at " + BulwarkSettingsBinding.HTTP_PATH
                        + " in the metrics: give this endpoint another name");
            } else if (names.putIfAbsent(endpoint.name(), one.where()) != null) {
                problems.add(one.where() + ": a second endpoint named '" + endpoint.name() + "' (also "
                        + names.get(endpoint.name()) + "): give each endpoint its own name");
            }
            checkPath(one, httpPath, paths, problems);
            if (endpoint.tools().isEmpty() && endpoint.upstreams().isEmpty()) {
                problems.add(one.key("tools") + ": names no tool: list the names of the tools it serves, as "
                        + one.key("tools") + "="
                        + String.join(",", known.stream().limit(2).toList()));
            }
            configs.add(EndpointSettings.of(one, application, problems));
            checkScopes(one, problems);
            checkResourceUrl(one, auth, resources, problems);
            for (String tool : new TreeSet<>(endpoint.tools())) {
                if (!known.contains(tool)) {
                    problems.add(one.key("tools") + ": '" + tool + "' is not a tool of this application"
                            + Suggestions.didYouMean(tool, known) + "; its tools are " + String.join(", ", known));
                }
            }
            for (String upstream : new TreeSet<>(endpoint.upstreams())) {
                if (!upstreams.contains(upstream)) {
                    problems.add(one.key("upstreams") + ": '" + upstream + "' is not an upstream of this application"
                            + Suggestions.didYouMean(upstream, upstreams) + "; "
                            + (upstreams.isEmpty()
                                    ? "it names none in " + UpstreamNames.PREFIX + ".<name>"
                                    : "its upstreams are " + String.join(", ", upstreams)));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new BulwarkPropertiesException(problems);
        }
        return configs;
    }

    /** A scope is one token of RFC 6749's {@code scope} (no space, quote or backslash), and not {@code *}. */
    private static void checkScopes(Declared one, List<String> problems) {
        for (String scope : new TreeSet<>(one.endpoint().requiredScopes())) {
            boolean token = !scope.isEmpty()
                    && !scope.equals("*")
                    && scope.chars().allMatch(c -> c > ' ' && c < 127 && c != '"' && c != '\\');
            if (!token) {
                problems.add(one.key("auth.required-scopes") + ": '" + scope.replaceAll("\\p{Cntrl}", "?")
                        + "' is not a scope: name scopes without spaces or quotes, as "
                        + one.key("auth.required-scopes")
                        + "=external");
            }
        }
    }

    /**
     * The endpoint's own resource URL must be one {@code bulwark.auth.resource-url} could be, and no two endpoints may
     * share one: a token for one would pass at the other.
     */
    private static void checkResourceUrl(
            Declared one, AuthSettings auth, Map<String, String> resources, List<String> problems) {
        String key = one.key("auth.resource-url");
        Optional<String> own = one.endpoint().resourceUrl();
        if (own.isPresent()) {
            try {
                auth.toBuilder().resourceUrl(own).build();
            } catch (IllegalArgumentException e) {
                String reason = e instanceof ConfigProblemException refusal
                        ? refusal.problem().detail()
                        : "is not a URL: set the endpoint's public URL, as https://<host>"
                                + one.endpoint().path();
                problems.add(key + ": " + reason);
                return;
            }
        }
        Optional<String> url = resourceUrl(one.endpoint(), auth.resourceUrl());
        if (url.isPresent() && resources.putIfAbsent(url.get(), one.where()) != null) {
            problems.add(key + ": '" + url.get() + "' is also the resource URL of " + resources.get(url.get())
                    + ": a token for one would pass at the other; give each endpoint its own URL");
        }
    }

    private static void checkPath(Declared one, String httpPath, Map<String, String> paths, List<String> problems) {
        String path = one.endpoint().path();
        if (path.isBlank()) {
            problems.add(one.key("path") + ": must be set: where the endpoint serves, as /internal/mcp");
            return;
        }
        try {
            BulwarkPropertyKeys.HTTP_PATH.type().parse(path);
        } catch (IllegalArgumentException e) {
            problems.add(one.key("path") + ": '" + path + "' " + e.getMessage());
            return;
        }
        if (path.equals(httpPath)) {
            problems.add(one.key("path") + ": '" + path + "' is " + BulwarkSettingsBinding.HTTP_PATH + ", where the"
                    + " default endpoint serves: give this endpoint a path of its own");
        } else if (paths.putIfAbsent(path, one.where()) != null) {
            problems.add(one.key("path") + ": '" + path + "' is also the path of " + paths.get(path)
                    + ": give each endpoint its own path");
        }
    }
}
