package dev.bulwark.spring;

import dev.bulwark.core.Bulwark;
import dev.bulwark.core.Extension;
import dev.bulwark.core.Prompt;
import dev.bulwark.core.Resource;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolPack;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.http.HttpSettings;
import dev.bulwark.http.auth.ApiKeys;
import dev.bulwark.http.auth.AuthSettings;
import dev.bulwark.http.auth.BearerTokenVerifier;
import dev.bulwark.http.auth.ResourceIdentity;
import dev.bulwark.http.metrics.HttpMetrics;
import dev.bulwark.http.session.SessionEvictor;
import dev.bulwark.http.session.SessionRegistry;
import dev.bulwark.http.transport.EventLogLimits;
import dev.bulwark.http.transport.SessionStreams;
import dev.bulwark.ports.security.Principal;
import dev.bulwark.ports.time.Ticker;
import dev.bulwark.redis.RedisConnection;
import dev.bulwark.redis.RedisSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.modelcontextprotocol.common.McpTransportContext;
import jakarta.servlet.Filter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.util.ClassUtils;

/**
 * Builds one {@link Bulwark} from the application's {@link Tool}, {@link ToolPack}, {@link Resource},
 * {@link Prompt} and {@link Extension} beans and every bean with {@code @McpTool} methods, and serves it as {@code bulwark.transport} says.
 * Each bean backs off when the application defines its own.
 */
@AutoConfiguration(
        afterName = {
            "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
            "org.springframework.boot.health.autoconfigure.actuate.endpoint.AvailabilityProbesAutoConfiguration",
            // the application's DataSource, for DatabaseConfiguration
            "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
            // the JwtDecoder bean of spring.security.oauth2.resourceserver.jwt.*, for SpringSecurityConfiguration
            "org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerAutoConfiguration",
            "org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet"
                    + ".OAuth2ResourceServerAutoConfiguration"
        })
public final class BulwarkAutoConfiguration {

    /**
     * Every setting of {@code bulwark.*}, read once: see {@link BulwarkSettingsBinding}. An unknown or unusable
     * property stops the start here, with one line each.
     */
    @Bean
    @ConditionalOnMissingBean
    public BulwarkSettingsBinding bulwarkSettings(Environment environment) {
        return BulwarkSettingsBinding.of(environment);
    }

    /** The core's settings from {@code bulwark.*}. */
    @Bean
    @ConditionalOnMissingBean
    public BulwarkConfig bulwarkConfig(BulwarkSettingsBinding settings) {
        return settings.core();
    }

    /**
     * Holds the loggers that would print credentials at DEBUG ({@link WireLoggers}) at INFO, whatever
     * {@code logging.level.*} says, before Bulwark serves.
     */
    @Bean
    @ConditionalOnMissingBean(name = "bulwarkWireLoggers")
    WireLoggers bulwarkWireLoggers(ObjectProvider<LoggingSystem> loggingSystem) {
        return WireLoggers.hold(
                loggingSystem.getIfAvailable(() -> LoggingSystem.get(BulwarkAutoConfiguration.class.getClassLoader())));
    }

    /**
     * The server of the default endpoint: the application's packs first, then its {@code @McpTool} beans, tools, resources, prompts and
     * extensions (a {@code SkillsPack} bean serves a folder of skills as any pack); its
     * metrics in the application's {@link MeterRegistry} when there is exactly one, tagged {@code endpoint=default}
     * when there are named endpoints ({@link BulwarkEndpoint}).
     */
    @Bean
    @ConditionalOnMissingBean
    public Bulwark bulwark(
            BulwarkConfig config,
            ConfigurableListableBeanFactory beans,
            ObjectProvider<ToolPack> packs,
            ObjectProvider<Tool<?, ?>> tools,
            ObjectProvider<Resource> resources,
            ObjectProvider<Prompt> prompts,
            ObjectProvider<Extension> extensions,
            ObjectProvider<MeterRegistry> meterRegistry,
            ObjectProvider<BulwarkCustomizer> customizers,
            BulwarkSettingsBinding settings,
            Environment environment,
            ObjectProvider<BulwarkEndpoint> endpointBeans) {
        if (BulwarkSettingsBinding.sqlTools(environment) && !beans.containsBean(DatabaseConfiguration.BEAN)) {
            throw new BulwarkPropertiesException(List.of(BulwarkSettingsBinding.SQL_TOOLS + ": the SQL tools run on"
                    + " the application's DataSource: define one (spring.datasource.url), add"
                    + " dev.bulwark:bulwark-adapter-postgres, or set it to false"));
        }
        if (!RedisClientPresence.present() && SpringRedisServiceConnection.defined(beans)) {
            throw new BulwarkPropertiesException(
                    List.of(SpringRedisServiceConnection.WHAT + " " + RedisClientPresence.MISSING));
        }
        Bulwark.Builder builder = Bulwark.builder(config);
        boolean severalEndpoints = !settings.endpoints().isEmpty()
                || endpointBeans.stream().findAny().isPresent();
        meterRegistry.ifUnique(registry -> builder.meterRegistry(
                severalEndpoints ? BulwarkEndpoints.tagged(registry, BulwarkEndpoints.DEFAULT) : registry));
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        packs.orderedStream().forEach(builder::pack);
        McpToolBeans.packsOf(beans).forEach(builder::pack);
        tools.orderedStream().forEach(builder::tool);
        resources.orderedStream().forEach(builder::resource);
        prompts.orderedStream().forEach(builder::prompt);
        extensions.orderedStream().forEach(builder::extension);
        Bulwark bulwark = builder.build();
        customizers.orderedStream().forEach(customizer -> customizer.built(bulwark));
        return bulwark;
    }

    /**
     * Bulwark's cache, rate limit and tasks on Redis, when the application has the Redis client (Jedis 8) the starter
     * leaves to it; without one, a Redis named in the properties stops the start ({@link BulwarkSettingsBinding}).
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = RedisClientPresence.CLIENT_CLASS)
    static class RedisConfiguration {

        /**
         * Bulwark's Redis: {@code bulwark.redis.url}, else a Spring service connection to Redis, else the
         * application's {@code spring.data.redis.*}. Closed with the context.
         */
        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean
        @Conditional(RedisConfigured.class)
        RedisConnection bulwarkRedisConnection(BulwarkSettingsBinding settings, ListableBeanFactory beans) {
            RedisSettings redis = settings.redis();
            if (!settings.redisUrlGiven()) {
                Optional<String> service = SpringRedisServiceConnection.url(beans);
                if (service.isPresent()) {
                    redis = redis.toBuilder().url(service).build();
                }
            }
            return RedisConnection.builder(redis).build();
        }

        /** The stores on the one {@link RedisConnection}, applied before any other customizer, which may replace them. */
        @Bean
        @Order(Ordered.HIGHEST_PRECEDENCE)
        @ConditionalOnMissingBean(name = "bulwarkRedisStores")
        BulwarkCustomizer bulwarkRedisStores(ObjectProvider<RedisConnection> redis) {
            return new BulwarkRedisStores(redis);
        }
    }

    /**
     * Whether {@code bulwark.redis.url} or Spring's Redis properties name a Redis: judged before any bean exists, so
     * from the environment.
     */
    static final class RedisConfigured implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return BulwarkSettingsBinding.of(context.getEnvironment()).redis().configured()
                    || (context.getBeanFactory() != null
                            && SpringRedisServiceConnection.defined(context.getBeanFactory()));
        }
    }

    /**
     * Bulwark's database on the application's single {@code DataSource}, when the application has
     * {@code bulwark-adapter-postgres}: see {@link BulwarkDatabase}.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "dev.bulwark.postgres.JdbcDatabase")
    @ConditionalOnSingleCandidate(DataSource.class)
    static class DatabaseConfiguration {

        static final String BEAN = "bulwarkDatabase";

        @Bean(name = BEAN, destroyMethod = "close")
        @ConditionalOnMissingBean(name = BEAN)
        BulwarkDatabase bulwarkDatabase(DataSource dataSource, Environment environment) {
            return BulwarkDatabase.of(dataSource, environment);
        }
    }

    /**
     * Streamable HTTP on Bulwark's own standalone port: {@code bulwark.transport=http}, the default of an application
     * without a web server.
     */
    @Configuration(proxyBeanMethods = false)
    @Conditional(ChosenTransport.Http.class)
    static class HttpTransportConfiguration {

        /** Jetty's server, which the starter leaves to an application that chooses this port. */
        static final String JETTY = "org.eclipse.jetty.server.Server";

        @Bean
        @ConditionalOnMissingBean
        BulwarkHttpLifecycle bulwarkHttpLifecycle(
                Bulwark bulwark,
                BulwarkSettingsBinding settings,
                Environment environment,
                ApplicationContext context,
                ObjectProvider<ApiKeys> apiKeys,
                ObjectProvider<BearerTokenVerifier> bearerTokens,
                ObjectProvider<MeterRegistry> meterRegistry) {
            requireJetty(context, environment);
            return new BulwarkHttpLifecycle(
                    bulwark,
                    settings.http(),
                    settings.auth(),
                    apiKeys.getIfUnique(),
                    bearerTokens.getIfUnique(),
                    meterRegistry.getIfUnique(),
                    environment);
        }

        /** Stops the start when Jetty, which serves this port, is not on the application's class path. */
        static void requireJetty(ApplicationContext context, Environment environment) {
            if (ClassUtils.isPresent(JETTY, context.getClassLoader())) {
                return;
            }
            String chosen = environment.containsProperty(BulwarkSettingsBinding.TRANSPORT)
                    ? "http serves MCP on Bulwark's own port"
                    : "not set, so this application without a servlet web server is served on Bulwark's own port";
            throw new BulwarkPropertiesException(List.of(BulwarkSettingsBinding.TRANSPORT + ": " + chosen
                    + ", which runs on Jetty, and Jetty is not on the class path: add the dependency"
                    + " org.eclipse.jetty:jetty-server, or set " + BulwarkSettingsBinding.TRANSPORT
                    + "=web to serve MCP on the application's servlet web server"));
        }
    }

    /**
     * Streamable HTTP on the application's own servlet web server, at {@code bulwark.http.path}, stateless unless
     * {@code bulwark.http.mode=stateful} is set:
     * {@code bulwark.transport=web}, the default of a servlet web application. The application's Spring Security
     * authenticates when it has it, else Bulwark's own API keys and JWTs do.
     */
    @Configuration(proxyBeanMethods = false)
    @Conditional(ChosenTransport.Web.class)
    static class WebTransportConfiguration {

        /** Before Spring Security's filter chain (order -100) and any filter an application puts in front of it. */
        static final int ORIGIN_FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

        /** Spring Security's authentication, present when the application has Spring Security. */
        private static final String SPRING_SECURITY = "org.springframework.security.core.Authentication";

        /** The bean of Spring Security's filter chain (its {@code FilterChainProxy}). */
        private static final String SPRING_SECURITY_CHAIN = "springSecurityFilterChain";

        /** The web server's context class of a servlet application. */
        private static final String SERVLET_CONTEXT = "org.springframework.web.context.WebApplicationContext";

        @Bean
        @ConditionalOnMissingBean(name = "bulwarkMcpServlet")
        ServletRegistrationBean<McpServlet> bulwarkMcpServlet(
                Bulwark bulwark, BulwarkSettingsBinding settings, ApplicationContext context, WebDoorAuth auth) {
            requireServletWebServer(context);
            McpServlet door =
                    door(bulwark, settings, context, auth, settings.auth().resourceUrl(), settings.webDoorStateful());
            ServletRegistrationBean<McpServlet> registration = new ServletRegistrationBean<>(door, settings.httpPath());
            registration.setName("bulwarkMcp");
            registration.setAsyncSupported(true);
            return registration;
        }

        /**
         * A door serving {@code bulwark} with {@code auth}'s scope challenge; its session era with sessions when
         * {@code stateful}. The callers Spring Security authenticates are held to {@code resourceUrl}'s audience.
         */
        static McpServlet door(
                Bulwark bulwark,
                BulwarkSettingsBinding settings,
                ApplicationContext context,
                WebDoorAuth auth,
                Optional<String> resourceUrl,
                boolean stateful) {
            McpServlet door = new McpServlet(
                    bulwark.jsonMapper(),
                    new WebCallers(applicationCallers(settings, resourceUrl, context)),
                    Math.min(Integer.MAX_VALUE - 8, bulwark.config().limits().maxRequestBytes()),
                    settings.http().idleTimeout().dividedBy(2));
            door.admitWith(new WebScopeChallenge(auth));
            if (stateful) {
                serveSessions(bulwark, settings.http(), door);
            } else {
                bulwark.serveStateless(door);
            }
            return door;
        }

        /**
         * Serves {@code door}'s session era with sessions ({@code bulwark.http.mode=stateful}), under the session caps
         * and idle timeout of {@code bulwark.http.*}; its 2026 era stays stateless.
         */
        private static void serveSessions(Bulwark bulwark, HttpSettings http, McpServlet door) {
            SessionStreams streams = new SessionStreams(
                    bulwark.jsonMapper(), http.idleTimeout().dividedBy(2), SESSION_RETRY, EventLogLimits.defaults());
            SessionRegistry registry = new SessionRegistry(
                    http.maxSessions(),
                    http.maxSessionsPerCaller(),
                    http.maxSessionsPerAddress(),
                    http.sessionIdleTimeout(),
                    Ticker.system(),
                    count -> {});
            SessionEvictor evictor = new SessionEvictor(
                    registry,
                    id -> streams.endSession(id, McpTransportContext.EMPTY),
                    new HttpMetrics(),
                    http.sessionIdleTimeout());
            door.serveSessionsWith(new McpSessionDoor(streams, registry, door::track, door::untrack, evictor));
            door.serveEra2026With(bulwark.era2026(), null);
            bulwark.serve(streams);
            evictor.start();
        }

        /** How long a client waits before it reconnects a lost event stream, as on the server jar's port. */
        private static final Duration SESSION_RETRY = Duration.ofSeconds(2);

        /**
         * The door's authentication parts: Bulwark's own API keys and JWTs when the application has no Spring Security
         * filter chain and {@code bulwark.auth.mode} is not {@code off}, which then need one of them; else none, and
         * the application's security authenticates.
         */
        @Bean
        @ConditionalOnMissingBean
        WebDoorAuth bulwarkWebDoorAuth(
                Bulwark bulwark,
                BulwarkSettingsBinding settings,
                ApplicationContext context,
                ObjectProvider<ApiKeys> apiKeys,
                ObjectProvider<BearerTokenVerifier> bearerTokens) {
            requireServletWebServer(context);
            return WebDoorAuth.of(
                    bulwark, settings, springSecurityChain(context), apiKeys.getIfUnique(), bearerTokens.getIfUnique());
        }

        /**
         * The protected resource metadata of every endpoint on the application's port, before any security filter
         * chain (Spring Security's resource server serves metadata of its own there).
         */
        @Bean
        @ConditionalOnMissingBean(name = "bulwarkProtectedResourceMetadata")
        FilterRegistrationBean<ProtectedResourceMetadataFilter> bulwarkProtectedResourceMetadata(
                Bulwark bulwark, WebDoorAuth auth, BulwarkSettingsBinding settings, BulwarkEndpoints endpoints) {
            List<WebDoorAuth> doors = new java.util.ArrayList<>(List.of(auth));
            endpoints.served().forEach(served -> doors.add(served.auth()));
            FilterRegistrationBean<ProtectedResourceMetadataFilter> registration =
                    new FilterRegistrationBean<>(new ProtectedResourceMetadataFilter(doors, bulwark.jsonMapper()));
            registration.setName("bulwarkProtectedResourceMetadata");
            registration.addUrlPatterns(ResourceIdentity.WELL_KNOWN, ResourceIdentity.WELL_KNOWN + settings.httpPath());
            endpoints
                    .served()
                    .forEach(served -> registration.addUrlPatterns(
                            ResourceIdentity.WELL_KNOWN + served.endpoint().path()));
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
            return registration;
        }

        /** Bulwark's API keys and JWTs in front of the MCP path, when Bulwark checks them itself. */
        @Bean
        @ConditionalOnMissingBean(name = "bulwarkCredentialFilter")
        FilterRegistrationBean<BulwarkCredentialFilter> bulwarkCredentialFilter(
                WebDoorAuth auth, BulwarkSettingsBinding settings) {
            FilterRegistrationBean<BulwarkCredentialFilter> registration =
                    new FilterRegistrationBean<>(new BulwarkCredentialFilter(auth));
            registration.setName("bulwarkCredentialFilter");
            registration.addUrlPatterns(settings.httpPath());
            registration.setOrder(ORIGIN_FILTER_ORDER + 1); // a refused origin is refused before its credential is read
            registration.setEnabled(auth.bulwarkAuthenticates());
            return registration;
        }

        /** Stops the start when the application has no servlet web server to serve MCP on. */
        static void requireServletWebServer(ApplicationContext context) {
            ClassLoader loader = context.getClassLoader();
            boolean servlet = ClassUtils.isPresent(SERVLET_CONTEXT, loader)
                    && ClassUtils.resolveClassName(SERVLET_CONTEXT, loader).isInstance(context);
            if (!servlet) {
                throw new BulwarkPropertiesException(List.of(BulwarkSettingsBinding.TRANSPORT + ": web serves MCP on"
                        + " the application's servlet web server, and this application has none (a reactive or a"
                        + " non-web application): add spring-boot-starter-webmvc, or set "
                        + BulwarkSettingsBinding.TRANSPORT
                        + "=http for Bulwark's own port"));
            }
        }

        /** Whether the application has Spring Security's filter chain, which then authenticates every request. */
        static boolean springSecurityChain(ApplicationContext context) {
            return ClassUtils.isPresent(SPRING_SECURITY, context.getClassLoader())
                    && context.containsBean(SPRING_SECURITY_CHAIN);
        }

        /**
         * The caller the application's security authenticated: Spring Security's, when present; else, with
         * {@code bulwark.auth.mode=off}, {@code bulwark.http.principal}; else none (Bulwark's filter checks).
         */
        private static java.util.function.Function<jakarta.servlet.http.HttpServletRequest, Optional<Principal>>
                applicationCallers(
                        BulwarkSettingsBinding settings, Optional<String> resourceUrl, ApplicationContext context) {
            if (springSecurityChain(context)) {
                return SpringSecurityCallers.of(resourceUrl);
            }
            if (settings.auth().mode() == AuthSettings.Mode.OFF) {
                Principal caller = settings.http().caller();
                return request -> Optional.of(caller);
            }
            return request -> Optional.empty();
        }

        /**
         * The door's {@code Origin} and {@code Host} checks, and CORS, at {@code bulwark.http.path}: ahead of every
         * security filter of the application, so a refused origin never reaches its authentication.
         */
        @Bean
        @ConditionalOnMissingBean(name = "bulwarkMcpOriginFilter")
        FilterRegistrationBean<McpOriginFilter> bulwarkMcpOriginFilter(BulwarkSettingsBinding settings) {
            FilterRegistrationBean<McpOriginFilter> registration = new FilterRegistrationBean<>(new McpOriginFilter(
                    settings.http().allowedOrigins(),
                    settings.http().allowedHosts(),
                    settings.webDoorStateful() ? "GET, POST, DELETE" : "POST"));
            registration.addUrlPatterns(settings.httpPath());
            registration.setName("bulwarkMcpOrigin");
            registration.setAsyncSupported(true);
            registration.setOrder(ORIGIN_FILTER_ORDER);
            return registration;
        }

        /**
         * The named endpoints of {@code bulwark.endpoints.<name>.*}, then the application's {@link BulwarkEndpoint}
         * beans: each a server of its own over the listed tools, with the shared stores and the one meter registry.
         */
        @Bean
        @ConditionalOnMissingBean
        BulwarkEndpoints bulwarkEndpoints(
                Bulwark bulwark,
                BulwarkSettingsBinding settings,
                ApplicationContext context,
                ObjectProvider<BulwarkEndpoint> endpointBeans,
                ObjectProvider<MeterRegistry> meterRegistry,
                ObjectProvider<BulwarkCustomizer> customizers,
                ObjectProvider<ApiKeys> apiKeys,
                ObjectProvider<BearerTokenVerifier> bearerTokens) {
            List<BulwarkEndpoints.Declared> declared = new java.util.ArrayList<>();
            settings.endpoints().forEach(endpoint -> declared.add(BulwarkEndpoints.Declared.property(endpoint)));
            endpointBeans.orderedStream().forEach(endpoint -> declared.add(BulwarkEndpoints.Declared.bean(endpoint)));
            if (declared.isEmpty()) {
                return BulwarkEndpoints.of(List.of(), bulwark, settings, context, null, List.of(), null, null);
            }
            requireServletWebServer(context);
            return BulwarkEndpoints.of(
                    declared,
                    bulwark,
                    settings,
                    context,
                    meterRegistry.getIfUnique(),
                    customizers
                            .orderedStream()
                            .filter(BulwarkRedisStores.class::isInstance)
                            .toList(),
                    apiKeys.getIfUnique(),
                    bearerTokens.getIfUnique());
        }

        /** Each named endpoint's door on the application's web server. */
        @Bean
        @ConditionalOnMissingBean(name = "bulwarkEndpointDoors")
        EndpointDoors bulwarkEndpointDoors(BulwarkEndpoints endpoints) {
            return new EndpointDoors(endpoints);
        }

        /**
         * The named endpoints' {@code Origin} and {@code Host} checks, and CORS, in the place of the default
         * endpoint's: ahead of every security filter of the application.
         */
        @Bean
        @ConditionalOnMissingBean(name = "bulwarkEndpointOrigins")
        FilterRegistrationBean<EndpointFilters> bulwarkEndpointOrigins(
                BulwarkEndpoints endpoints, BulwarkSettingsBinding settings) {
            Map<String, Filter> byPath = new LinkedHashMap<>();
            endpoints
                    .served()
                    .forEach(served -> byPath.put(
                            served.endpoint().path(),
                            new McpOriginFilter(
                                    settings.http().allowedOrigins(),
                                    settings.http().allowedHosts(),
                                    served.endpoint().stateful() ? "GET, POST, DELETE" : "POST")));
            return endpointFilters("bulwarkEndpointOrigins", byPath, ORIGIN_FILTER_ORDER);
        }

        /** The named endpoints' API keys and JWTs, in the place of the default endpoint's, where Bulwark checks them. */
        @Bean
        @ConditionalOnMissingBean(name = "bulwarkEndpointCredentials")
        FilterRegistrationBean<EndpointFilters> bulwarkEndpointCredentials(BulwarkEndpoints endpoints) {
            Map<String, Filter> byPath = new LinkedHashMap<>();
            endpoints.served().stream()
                    .filter(served -> served.auth().bulwarkAuthenticates())
                    .forEach(
                            served -> byPath.put(served.endpoint().path(), new BulwarkCredentialFilter(served.auth())));
            return endpointFilters("bulwarkEndpointCredentials", byPath, ORIGIN_FILTER_ORDER + 1);
        }

        /** {@code byPath} registered at its paths with {@code order}; disabled when it has none. */
        private static FilterRegistrationBean<EndpointFilters> endpointFilters(
                String name, Map<String, Filter> byPath, int order) {
            FilterRegistrationBean<EndpointFilters> registration =
                    new FilterRegistrationBean<>(new EndpointFilters(byPath));
            registration.setName(name);
            registration.setUrlPatterns(byPath.keySet());
            registration.setAsyncSupported(true);
            registration.setOrder(order);
            // with no path a registration would filter every request
            registration.setEnabled(!byPath.isEmpty());
            return registration;
        }

        /**
         * The drain of every door when the application stops, the named endpoints' with the default's: see
         * {@link BulwarkWebLifecycle}.
         */
        @Bean
        @ConditionalOnMissingBean
        BulwarkWebLifecycle bulwarkWebLifecycle(
                Bulwark bulwark,
                ServletRegistrationBean<McpServlet> bulwarkMcpServlet,
                BulwarkEndpoints endpoints,
                BulwarkSettingsBinding settings,
                ApplicationContext context) {
            List<BulwarkWebLifecycle.Door> doors = new java.util.ArrayList<>();
            doors.add(new BulwarkWebLifecycle.Door(bulwark, bulwarkMcpServlet.getServlet()));
            endpoints
                    .served()
                    .forEach(served -> doors.add(new BulwarkWebLifecycle.Door(served.bulwark(), served.door())));
            return new BulwarkWebLifecycle(
                    doors,
                    context,
                    settings.http().drainDelay(),
                    settings.http().drainGrace());
        }
    }

    /**
     * Bearer tokens verified by the application's Spring Security: its {@code JwtDecoder}, else its
     * {@code AuthenticationManager}; {@link SpringSecurityBearerTokens} maps the caller and scopes and holds each
     * token to {@code bulwark.auth.resource-url}, which must then be set. Bulwark serves on its own port, out of the
     * reach of Spring Security's filter chain, so it asks at the authentication step. Over HTTP only.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(
            name = "org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken")
    @Conditional(ChosenTransport.Http.class)
    static class SpringSecurityConfiguration {

        @Configuration(proxyBeanMethods = false)
        @ConditionalOnSingleCandidate(JwtDecoder.class)
        static class JwtDecoderTokens {

            @Bean
            @ConditionalOnMissingBean(BearerTokenVerifier.class)
            BearerTokenVerifier bulwarkBearerTokens(
                    JwtDecoder decoder,
                    ObjectProvider<JwtAuthenticationConverter> converter,
                    BulwarkSettingsBinding settings) {
                return SpringSecurityBearerTokens.of(decoder, converter.getIfUnique(), settings.audience());
            }
        }

        @Configuration(proxyBeanMethods = false)
        @ConditionalOnMissingBean(JwtDecoder.class)
        @ConditionalOnSingleCandidate(AuthenticationManager.class)
        static class AuthenticationManagerTokens {

            @Bean
            @ConditionalOnMissingBean(BearerTokenVerifier.class)
            BearerTokenVerifier bulwarkBearerTokens(AuthenticationManager manager, BulwarkSettingsBinding settings) {
                return SpringSecurityBearerTokens.of(manager, settings.audience());
            }
        }
    }

    /** One stdio session on the process's stdin and stdout: {@code bulwark.transport=stdio}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = BulwarkSettingsBinding.TRANSPORT, havingValue = "stdio")
    static class StdioTransportConfiguration {

        @Bean
        @ConditionalOnMissingBean
        BulwarkStdioLifecycle bulwarkStdioLifecycle(Bulwark bulwark, ConfigurableApplicationContext context) {
            return new BulwarkStdioLifecycle(bulwark, context);
        }
    }

    /**
     * The upstream MCP servers of {@code bulwark.upstreams.<name>.*}, when the application has the MCP client and
     * Bulwark's tools: connected with the application, their tools, prompts and resources in the default endpoint's
     * catalogue, each upstream an optional component of its health, their meters in the application's registry.
     * Without those artifacts, naming an upstream stops the start ({@link BulwarkSettingsBinding}).
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"dev.bulwark.mcpclient.McpClientUpstreams", "dev.bulwark.tools.GatewayPack"})
    @Conditional(UpstreamsConfigured.class)
    static class UpstreamConfiguration {

        @Bean
        @ConditionalOnMissingBean
        BulwarkUpstreams bulwarkUpstreams(
                BulwarkSettingsBinding settings, Environment environment, ObjectProvider<MeterRegistry> meterRegistry) {
            return BulwarkUpstreams.of(settings, environment, meterRegistry.getIfUnique());
        }

        /** The upstreams' tools, prompts and resources, among the application's packs. */
        @Bean
        @ConditionalOnMissingBean(name = "bulwarkGatewayPack")
        ToolPack bulwarkGatewayPack(BulwarkUpstreams upstreams) {
            return upstreams.pack();
        }

        /** Each upstream in the default endpoint's health, optional: one that is down makes it degraded. */
        @Bean
        @ConditionalOnMissingBean(name = "bulwarkUpstreamHealth")
        BulwarkCustomizer bulwarkUpstreamHealth(BulwarkUpstreams upstreams) {
            return builder -> builder.healthIndicators(upstreams.healthIndicators());
        }

        /** Each upstream in Actuator, as {@code bulwarkUpstreams} by the upstream's name. */
        @Configuration(proxyBeanMethods = false)
        @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
        static class UpstreamHealthConfiguration {

            @Bean
            @ConditionalOnMissingBean(name = "bulwarkUpstreamsHealthContributor")
            CompositeHealthContributor bulwarkUpstreamsHealthContributor(BulwarkUpstreams upstreams) {
                Map<String, UpstreamHealthIndicator> each = new LinkedHashMap<>();
                upstreams
                        .healthIndicators()
                        .forEach(indicator -> each.put(
                                indicator.name().substring(indicator.name().indexOf(':') + 1),
                                new UpstreamHealthIndicator(indicator)));
                return CompositeHealthContributor.fromMap(each);
            }
        }
    }

    /**
     * Stops the start when {@code bulwark.upstreams} names upstreams and the class path lacks the MCP client or
     * Bulwark's tools, naming what to add.
     */
    @Configuration(proxyBeanMethods = false)
    @Conditional(UpstreamArtifactsMissing.class)
    static class UpstreamArtifactsMissingConfiguration {

        @Bean
        Object bulwarkUpstreamArtifacts(Environment environment, ApplicationContext context) {
            throw new BulwarkPropertiesException(List.of(UpstreamNames.missingLine(
                            UpstreamNames.read(environment, new java.util.ArrayList<>()), context.getClassLoader())
                    .orElseThrow()));
        }
    }

    /** Whether upstreams are named and an artifact they need is missing from the application's class path. */
    static final class UpstreamArtifactsMissing implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return new UpstreamsConfigured().matches(context, metadata)
                    && !UpstreamNames.missingArtifacts(context.getClassLoader()).isEmpty();
        }
    }

    /** Whether {@code bulwark.upstreams.<name>.*} names an upstream: judged before any bean exists. */
    static final class UpstreamsConfigured implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return !UpstreamNames.read(context.getEnvironment(), new java.util.ArrayList<>())
                    .isEmpty();
        }
    }

    /** Masks the upstreams' secrets in Actuator's {@code env} and {@code configprops}: {@link UpstreamSecrets}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.SanitizingFunction")
    static class SecretsConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "bulwarkUpstreamSecrets")
        UpstreamSecrets bulwarkUpstreamSecrets() {
            return new UpstreamSecrets();
        }
    }

    /** Bulwark's health in Actuator, and in the readiness group. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
    static class HealthConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "bulwarkHealthIndicator")
        BulwarkHealthIndicator bulwarkHealthIndicator(Bulwark bulwark) {
            return new BulwarkHealthIndicator(bulwark.health());
        }

        /**
         * Each named endpoint's health in Actuator, as {@code bulwarkEndpoints} by the endpoint's name; nothing when
         * there are none, so an application without them sees {@code bulwark} alone.
         */
        @Bean
        @ConditionalOnMissingBean(name = "bulwarkEndpointsHealth")
        @Conditional(ChosenTransport.Web.class)
        static SmartInitializingSingleton bulwarkEndpointsHealth(
                ObjectProvider<BulwarkEndpoints> endpoints, ObjectProvider<HealthContributorRegistry> registry) {
            return () -> {
                Map<String, BulwarkHealthIndicator> each = new LinkedHashMap<>();
                endpoints.ifAvailable(served -> served.served()
                        .forEach(one -> each.put(
                                one.endpoint().name(),
                                new BulwarkHealthIndicator(one.bulwark().health()))));
                if (!each.isEmpty()) {
                    registry.ifAvailable(health ->
                            health.registerContributor(ENDPOINTS_HEALTH, CompositeHealthContributor.fromMap(each)));
                }
            };
        }

        /** The name of the named endpoints' health in Actuator. */
        static final String ENDPOINTS_HEALTH = "bulwarkEndpoints";
    }

    /** Bulwark's health in the readiness group, unless the application lists that group's members itself. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.actuate.endpoint.HealthEndpointGroupsPostProcessor")
    static class ReadinessConfiguration {

        @Bean
        static BulwarkReadinessGroup bulwarkReadinessGroup(Environment environment) {
            return new BulwarkReadinessGroup(environment);
        }
    }
}
