package dev.bulwark.spring;

import dev.bulwark.core.Bulwark;
import dev.bulwark.core.Tool;
import dev.bulwark.http.auth.ApiKeys;
import dev.bulwark.http.auth.AuthFailureLimiter;
import dev.bulwark.http.auth.AuthSettings;
import dev.bulwark.http.auth.Authenticator;
import dev.bulwark.http.auth.BearerTokenVerifier;
import dev.bulwark.http.auth.ClientAddresses;
import dev.bulwark.http.auth.CredentialGate;
import dev.bulwark.http.auth.HttpAuthSettings;
import dev.bulwark.http.auth.ResourceIdentity;
import dev.bulwark.http.auth.ScopeChallenge;
import dev.bulwark.http.edge.JsonRpcErrors;
import dev.bulwark.http.metrics.HttpMetrics;
import dev.bulwark.serve.HttpConfiguration;
import dev.bulwark.serve.config.ApiKeysFile;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The web door's authentication parts, shared by its servlet filters and the Spring Security customizer: the endpoint
 * as a protected resource, client addresses, the failure limit, the scope challenge, and how a refusal is answered and
 * counted. Thread-safe.
 */
final class WebDoorAuth {

    private final String path;
    private final boolean resourceUrlSet;
    private final ResourceIdentity resource;
    private final ClientAddresses clients;
    private final CredentialGate gate;
    private final boolean bulwarkAuthenticates;
    private final ScopeChallenge scopes;
    private final MeterRegistry meters;
    private final List<String> authorizationServers;
    private final List<String> scopesSupported;
    private final Set<String> requiredScopes;

    /**
     * @param path the MCP endpoint's path in the application
     * @param resourceUrlSet whether {@code resource} has its URL from {@code bulwark.auth.resource-url}
     * @param authenticator Bulwark's own API keys and JWTs; empty when something else authenticates
     * @param meters where refusals are counted
     * @param requiredScopes the scopes every caller must hold to reach the endpoint; empty = none
     */
    WebDoorAuth(
            String path,
            boolean resourceUrlSet,
            ResourceIdentity resource,
            ClientAddresses clients,
            AuthFailureLimiter failures,
            Optional<Authenticator> authenticator,
            ScopeChallenge scopes,
            MeterRegistry meters,
            List<String> authorizationServers,
            List<String> scopesSupported,
            Set<String> requiredScopes) {
        this.path = Objects.requireNonNull(path, "path");
        this.resourceUrlSet = resourceUrlSet;
        this.resource = Objects.requireNonNull(resource, "resource");
        this.clients = Objects.requireNonNull(clients, "clients");
        this.bulwarkAuthenticates = authenticator.isPresent();
        this.gate = new CredentialGate(
                authenticator.orElseGet(() -> new Authenticator(ApiKeys.none(), Optional.empty())), failures);
        this.scopes = Objects.requireNonNull(scopes, "scopes");
        this.meters = Objects.requireNonNull(meters, "meters");
        this.authorizationServers = List.copyOf(authorizationServers);
        this.scopesSupported = List.copyOf(scopesSupported);
        this.requiredScopes = Set.copyOf(requiredScopes);
    }

    /** A host that is not loopback: the application's port is open to whoever reaches the application. */
    private static final String ANY_HOST = "0.0.0.0";

    /**
     * The parts for {@code bulwark}'s door: with Bulwark's own API keys ({@code apiKeys}, else
     * {@code bulwark.auth.api-keys-file}) and JWTs ({@code bearerTokens}, else {@code bulwark.auth.jwt-secret} or
     * {@code jwks-url}) unless {@code springSecurity} authenticates or {@code bulwark.auth.mode} is {@code off}.
     *
     * @throws BulwarkPropertiesException when Bulwark must authenticate and no caller could pass
     */
    static WebDoorAuth of(
            Bulwark bulwark,
            BulwarkSettingsBinding settings,
            boolean springSecurity,
            ApiKeys apiKeys,
            BearerTokenVerifier bearerTokens) {
        return of(bulwark, settings.httpPath(), settings.auth(), Set.of(), springSecurity, apiKeys, bearerTokens);
    }

    /**
     * The parts for the door of {@code bulwark} at {@code path}, with {@code auth} as its authentication settings:
     * a named endpoint's door, whose resource URL is its own and whose every caller must hold {@code requiredScopes}.
     *
     * @throws BulwarkPropertiesException when Bulwark must authenticate and no caller could pass
     */
    static WebDoorAuth of(
            Bulwark bulwark,
            String path,
            AuthSettings auth,
            Set<String> requiredScopes,
            boolean springSecurity,
            ApiKeys apiKeys,
            BearerTokenVerifier bearerTokens) {
        Map<String, Set<String>> required = new HashMap<>();
        Set<String> supported = new TreeSet<>(requiredScopes);
        for (Tool<?, ?> tool : bulwark.tools()) {
            required.put(tool.name(), tool.requiredScopes());
            supported.addAll(tool.requiredScopes());
        }
        Optional<Authenticator> authenticator = Optional.empty();
        if (!springSecurity && auth.mode() != AuthSettings.Mode.OFF) {
            authenticator = Optional.of(authenticator(bulwark, auth, path, apiKeys, bearerTokens));
        }
        return new WebDoorAuth(
                path,
                auth.resourceUrl().isPresent(),
                new ResourceIdentity(auth.resourceUrl(), path),
                new ClientAddresses(auth.trustedProxies()),
                new AuthFailureLimiter(auth.failureLimit()),
                authenticator,
                new ScopeChallenge(name -> Optional.ofNullable(required.get(name))),
                bulwark.meterRegistry(),
                auth.authorizationServers().isEmpty()
                        ? auth.issuer().map(List::of).orElse(List.of())
                        : auth.authorizationServers(),
                List.copyOf(supported),
                requiredScopes);
    }

    private static Authenticator authenticator(
            Bulwark bulwark, AuthSettings auth, String path, ApiKeys apiKeys, BearerTokenVerifier bearerTokens) {
        String what = "bulwark.auth: an application without Spring Security has Bulwark check API keys and JWTs at "
                + path + ", ";
        String fix = "; set bulwark.auth.api-keys-file (or define an ApiKeys bean), or bulwark.auth.jwt-secret or"
                + " jwks-url with bulwark.auth.issuer and resource-url; or add Spring Security; or set"
                + " bulwark.auth.mode=off";
        try {
            ApiKeys keys = apiKeys != null
                    ? apiKeys
                    : auth.apiKeysFile().map(Path::of).map(ApiKeysFile::read).orElse(ApiKeys.none());
            HttpAuthSettings checked = HttpConfiguration.authOf(
                    auth, ANY_HOST, bulwark.tools(), keys, Optional.ofNullable(bearerTokens), List.of());
            return new Authenticator(checked.apiKeys(), checked.bearerTokens());
        } catch (IllegalArgumentException unusable) {
            throw new BulwarkPropertiesException(List.of(what + "and cannot: " + unusable.getMessage() + fix));
        }
    }

    /** The MCP endpoint's path in the application. */
    String path() {
        return path;
    }

    /** Whether {@code bulwark.auth.resource-url} names the endpoint, rather than the URL each request reached. */
    boolean resourceUrlSet() {
        return resourceUrlSet;
    }

    /** Whether {@code request} is to the MCP endpoint. */
    boolean isMcp(HttpServletRequest request) {
        return path.equals(pathOf(request));
    }

    /** Whether {@code request} asks for the endpoint's protected resource metadata (RFC 9728, section 3). */
    boolean isMetadata(HttpServletRequest request) {
        String asked = pathOf(request);
        return asked.equals(ResourceIdentity.WELL_KNOWN) || asked.equals(ResourceIdentity.WELL_KNOWN + path);
    }

    private static String pathOf(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        return context != null && !context.isEmpty() && uri.startsWith(context) ? uri.substring(context.length()) : uri;
    }

    /** Whether Bulwark checks the credentials at the door itself (its API keys and JWTs). */
    boolean bulwarkAuthenticates() {
        return bulwarkAuthenticates;
    }

    /** The credential check, the failure limit and the audit of refusals, whoever checked the credential. */
    CredentialGate gate() {
        return gate;
    }

    ScopeChallenge scopes() {
        return scopes;
    }

    /** The scopes every caller must hold to reach the endpoint; empty when only each tool's are asked for. */
    Set<String> requiredScopes() {
        return requiredScopes;
    }

    /** The client address of {@code request}, believing {@code X-Forwarded-For} only from trusted proxies. */
    String client(HttpServletRequest request) {
        return clients.of(request.getRemoteAddr(), Collections.list(request.getHeaders(ClientAddresses.FORWARDED_FOR)));
    }

    /** The canonical URL of the endpoint, as a token must name it in {@code aud}. */
    String resourceUrl(HttpServletRequest request) {
        return resource.resourceUrlAt(origin(request));
    }

    /** Where the endpoint's protected resource metadata lives. */
    String metadataUrl(HttpServletRequest request) {
        return resource.metadataUrlAt(origin(request));
    }

    private static String origin(HttpServletRequest request) {
        String host = request.getHeader("Host");
        if (host == null || host.isBlank()) {
            host = request.getServerName() + ":" + request.getServerPort();
        }
        return request.getScheme() + "://" + host;
    }

    List<String> authorizationServers() {
        return authorizationServers;
    }

    List<String> scopesSupported() {
        return scopesSupported;
    }

    /** Answers {@code response} with {@code refused}'s status, headers and JSON-RPC error, and counts it. */
    void answer(HttpServletResponse response, CredentialGate.Refused refused) throws IOException {
        HttpMetrics.refusals(meters, refused.errorType()).increment();
        refused.headers().forEach(response::setHeader);
        byte[] body =
                JsonRpcErrors.body(null, refused.code(), refused.message()).getBytes(StandardCharsets.UTF_8);
        response.setStatus(refused.status());
        response.setContentType("application/json");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
