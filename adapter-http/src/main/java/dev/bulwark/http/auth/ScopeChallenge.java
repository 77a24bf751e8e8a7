package dev.bulwark.http.auth;

import dev.bulwark.http.edge.JsonRpcErrors;
import dev.bulwark.ports.origin.ProtocolEra;
import dev.bulwark.ports.security.Principal;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Refuses a {@code tools/call} whose tool needs scopes the caller lacks with {@code insufficient_scope}, and writes its
 * audit line, whatever web server carries the call. Thread-safe.
 */
public final class ScopeChallenge {

    private final ToolScopes toolScopes;

    public ScopeChallenge(ToolScopes toolScopes) {
        this.toolScopes = Objects.requireNonNull(toolScopes, "toolScopes");
    }

    /**
     * The 403 of a call of {@code tool} by {@code principal}, audited; empty when the caller holds every scope the
     * tool requires, or no such tool exists (the core answers that call).
     *
     * @param requestId the call's request id, asked for only when the call is refused
     * @param metadataUrl where the protected resource metadata of the endpoint lives
     */
    public Optional<CredentialGate.Refused> refusal(
            Principal principal,
            String tool,
            Supplier<String> requestId,
            ProtocolEra era,
            Supplier<String> metadataUrl) {
        Set<String> missing = toolScopes
                .requiredBy(tool)
                .<Set<String>>map(principal::missingScopes)
                .orElse(Set.of());
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        HttpAudit.toolCallRefused(principal.subject(), tool, "insufficient_scope", requestId.get(), era.version());
        return Optional.of(forbidden(
                missing, "the tool " + tool + " needs the scope(s) " + String.join(" ", missing), metadataUrl));
    }

    /**
     * The 403 of a request to the endpoint at {@code endpoint}, which requires {@code required} of every caller, by
     * {@code principal}; a {@code tools/call} ({@code tool} not null) is audited as a refused call. Empty when the
     * caller holds every one.
     */
    public static Optional<CredentialGate.Refused> endpointRefusal(
            Principal principal,
            Set<String> required,
            String endpoint,
            String tool,
            Supplier<String> requestId,
            ProtocolEra era,
            Supplier<String> metadataUrl) {
        Set<String> missing = principal.missingScopes(required);
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        if (tool != null) {
            HttpAudit.toolCallRefused(principal.subject(), tool, "insufficient_scope", requestId.get(), era.version());
        }
        return Optional.of(forbidden(
                missing, "the endpoint " + endpoint + " needs the scope(s) " + String.join(" ", missing), metadataUrl));
    }

    private static CredentialGate.Refused forbidden(
            Set<String> missing, String description, Supplier<String> metadataUrl) {
        return new CredentialGate.Refused(
                403,
                "insufficient_scope",
                JsonRpcErrors.FORBIDDEN,
                "Forbidden: " + description + ", which your credential does not grant",
                Map.of("WWW-Authenticate", BearerChallenge.insufficientScope(missing, description, metadataUrl.get())));
    }

    /** The tool a {@code tools/call} request names, or {@code null} for anything else (or not a JSON object). */
    public static String calledTool(Object message) {
        if (message instanceof Map<?, ?> object
                && "tools/call".equals(object.get("method"))
                && object.get("params") instanceof Map<?, ?> params
                && params.get("name") instanceof String name) {
            return name;
        }
        return null;
    }

    /** The era a protocol version {@code header} or the message's {@code _meta} names; the session era else. */
    public static ProtocolEra eraOf(String header, Object message) {
        Object meta = message instanceof Map<?, ?> object
                        && object.get("params") instanceof Map<?, ?> params
                        && params.get("_meta") instanceof Map<?, ?> metaMap
                ? metaMap.get(ProtocolEra.VERSION_META_KEY)
                : null;
        return ProtocolEra.ofVersion(meta instanceof String version ? version : header)
                .orElse(ProtocolEra.SESSIONS_2025_11_25);
    }
}
