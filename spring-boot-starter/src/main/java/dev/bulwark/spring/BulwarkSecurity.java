package dev.bulwark.spring;

import dev.bulwark.http.auth.TokenRejectedException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.springframework.context.ApplicationContext;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.CsrfConfigurer;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.resource.OAuth2ResourceServerConfigurer;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.AuthenticationEntryPointFailureHandler;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.logout.LogoutFilter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Secures every MCP path of {@code bulwark.transport=web} ({@code bulwark.http.path} and each named endpoint's) in one line of the application's filter chain:
 * {@code http.with(BulwarkSecurity.mcp(), Customizer.withDefaults())}. See docs/spring-boot.md for what it does.
 */
public final class BulwarkSecurity extends AbstractHttpConfigurer<BulwarkSecurity, HttpSecurity> {

    private BulwarkSecurity() {}

    /** The customizer of the MCP path, for {@code HttpSecurity.with}. */
    public static BulwarkSecurity mcp() {
        return new BulwarkSecurity();
    }

    @Override
    public void init(HttpSecurity http) {
        Doors doors = doors(http);
        @SuppressWarnings("unchecked") // the chain's own CSRF configurer, when it has one
        CsrfConfigurer<HttpSecurity> csrf = http.getConfigurer(CsrfConfigurer.class);
        if (csrf != null) {
            csrf.ignoringRequestMatchers(request -> doors.of(request).isPresent()); // an API's path: no cookie
        }
        if (SpringSecurityCallers.OAUTH2) {
            ResourceServer.answerRefusedTokens(http, doors);
        }
    }

    @Override
    public void configure(HttpSecurity http) {
        Doors doors = doors(http);
        http.addFilterBefore(new BlockedClients(doors), LogoutFilter.class);
        http.addFilterAfter(new McpCallers(doors), AnonymousAuthenticationFilter.class);
    }

    /**
     * The authentication parts of every MCP path: the default endpoint's first, then each named endpoint's.
     *
     * @param all the parts of each path
     */
    private record Doors(List<WebDoorAuth> all) {

        /** The parts of the MCP path {@code request} is to, if it is to one. */
        Optional<WebDoorAuth> of(HttpServletRequest request) {
            return all.stream().filter(auth -> auth.isMcp(request)).findFirst();
        }

        WebDoorAuth first() {
            return all.get(0);
        }
    }

    private static Doors doors(HttpSecurity http) {
        ApplicationContext context = http.getSharedObject(ApplicationContext.class);
        Optional<WebDoorAuth> auth = context == null
                ? Optional.empty()
                : Optional.ofNullable(context.getBeanProvider(WebDoorAuth.class).getIfAvailable());
        List<WebDoorAuth> all = new ArrayList<>();
        all.add(auth.orElseThrow(() -> new BulwarkPropertiesException(List.of(BulwarkSettingsBinding.TRANSPORT
                + ": BulwarkSecurity.mcp() secures MCP on the application's port, which needs "
                + BulwarkSettingsBinding.TRANSPORT + "=web; set it, or remove BulwarkSecurity.mcp()"))));
        context.getBeanProvider(BulwarkEndpoints.class)
                .ifAvailable(endpoints -> endpoints.served().forEach(served -> all.add(served.auth())));
        return new Doors(List.copyOf(all));
    }

    /** The refusal of a request to the MCP path whose credential Spring Security refused or did not find. */
    static void refuse(WebDoorAuth auth, HttpServletRequest request, HttpServletResponse response) throws IOException {
        String client = auth.client(request);
        String metadata = auth.metadataUrl(request);
        if (request.getHeader("Authorization") != null) {
            auth.answer(
                    response,
                    auth.gate()
                            .rejected(
                                    client,
                                    new TokenRejectedException(
                                            "spring_security_rejected", "the credential is not valid"),
                                    metadata));
        } else {
            auth.answer(response, auth.gate().missing(client, metadata));
        }
    }

    /** Answers 429 to a client past its failure limit on the MCP path, before any credential is checked. */
    private static final class BlockedClients extends OncePerRequestFilter {

        private final Doors doors;

        BlockedClients(Doors doors) {
            this.doors = Objects.requireNonNull(doors, "doors");
        }

        @Override
        protected boolean shouldNotFilter(HttpServletRequest request) {
            return doors.of(request).isEmpty();
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            WebDoorAuth auth = doors.of(request).orElseThrow();
            var blocked = auth.gate().blocked(auth.client(request));
            if (blocked.isPresent()) {
                auth.answer(response, blocked.get());
                return;
            }
            chain.doFilter(request, response);
        }
    }

    /**
     * Lets a request through to the MCP path only with an authenticated caller, and an OAuth 2.0 token only when it
     * names the endpoint in its audience; refusals keep MCP's shape, counted, audited and limited.
     */
    private static final class McpCallers extends OncePerRequestFilter {

        private final Doors doors;

        McpCallers(Doors doors) {
            this.doors = Objects.requireNonNull(doors, "doors");
        }

        @Override
        protected boolean shouldNotFilter(HttpServletRequest request) {
            return doors.of(request).isEmpty() || "OPTIONS".equals(request.getMethod());
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            WebDoorAuth auth = doors.of(request).orElseThrow();
            Authentication caller = SecurityContextHolder.getContextHolderStrategy()
                    .getContext()
                    .getAuthentication();
            if (caller == null || !caller.isAuthenticated() || caller instanceof AnonymousAuthenticationToken) {
                refuse(auth, request, response);
                return;
            }
            if (SpringSecurityCallers.OAUTH2 && SpringSecurityBearerTokens.isToken(caller)) {
                try {
                    SpringSecurityBearerTokens.requireAudience(caller, auth.resourceUrl(request));
                } catch (TokenRejectedException wrongAudience) {
                    auth.answer(
                            response,
                            auth.gate().rejected(auth.client(request), wrongAudience, auth.metadataUrl(request)));
                    return;
                }
            }
            chain.doFilter(request, response);
        }
    }

    /** The resource server's refusals of bearer tokens on the MCP path, in MCP's shape: loaded only with it. */
    private static final class ResourceServer {

        private ResourceServer() {}

        static void answerRefusedTokens(HttpSecurity http, Doors doors) {
            WebDoorAuth auth = doors.first();
            @SuppressWarnings("unchecked") // the chain's own resource server, when it has one
            OAuth2ResourceServerConfigurer<HttpSecurity> server =
                    http.getConfigurer(OAuth2ResourceServerConfigurer.class);
            if (server == null) {
                return;
            }
            if (!auth.resourceUrlSet()) {
                // the URL a request reached is the client's to name (its Host): a token for another service could match
                throw new BulwarkPropertiesException(List.of("bulwark.auth.resource-url: BulwarkSecurity.mcp()"
                        + " holds every OAuth 2.0 token to the MCP endpoint it names in aud, so it must be set: set it"
                        + " to the endpoint's public URL (https://<host>" + auth.path() + ")"));
            }
            AuthenticationEntryPoint elsewhere = new BearerTokenAuthenticationEntryPoint();
            AuthenticationEntryPoint entryPoint =
                    (HttpServletRequest request, HttpServletResponse response, AuthenticationException refused) -> {
                        Optional<WebDoorAuth> door = doors.of(request);
                        if (door.isPresent()) {
                            refuse(door.get(), request, response);
                        } else {
                            elsewhere.commence(request, response, refused);
                        }
                    };
            server.authenticationEntryPoint(entryPoint);
            AuthenticationFailureHandler usual = new AuthenticationEntryPointFailureHandler(entryPoint);
            server.addObjectPostProcessor(new ObjectPostProcessor<BearerTokenAuthenticationFilter>() {
                @Override
                public <O extends BearerTokenAuthenticationFilter> O postProcess(O filter) {
                    filter.setAuthenticationFailureHandler((request, response, refused) -> {
                        Optional<WebDoorAuth> door = doors.of(request);
                        if (door.isPresent() && refused instanceof AuthenticationServiceException) {
                            answerKeysUnavailable(door.get(), request, response);
                        } else {
                            usual.onAuthenticationFailure(request, response, refused);
                        }
                    });
                    return filter;
                }
            });
        }

        /**
         * Spring Security could not check a token (its decoder failed: the JWK set could not be fetched); Spring would
         * answer 500, and the client is not at fault, so MCP gets the edge's 503 with Retry-After, not counted as a
         * failure of the client's.
         */
        private static void answerKeysUnavailable(
                WebDoorAuth auth, HttpServletRequest request, HttpServletResponse response) throws IOException {
            auth.answer(
                    response,
                    auth.gate()
                            .rejected(
                                    auth.client(request),
                                    new TokenRejectedException(
                                            TokenRejectedException.KEYS_UNAVAILABLE,
                                            "the server could not load the keys to verify the bearer token; try again shortly"),
                                    auth.metadataUrl(request)));
        }
    }
}
