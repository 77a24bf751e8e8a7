package dev.bulwark.tools.business.openapi;

import dev.bulwark.config.Suggestions;
import dev.bulwark.ports.outbound.CredentialUse;
import dev.bulwark.ports.outbound.ServiceDescriptor;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.security.OAuthFlow;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Chooses the credentials each operation of a document sends, when its service holds credentials per security
 * scheme: its own {@code security} requirement, else the document's; none for no requirement or an empty one; else
 * the first alternative whose every scheme the service holds a credential for. An operation no alternative of which
 * can be sent, a scheme the service holds that the document does not declare, and a held scheme the service cannot
 * send (a field its type needs is missing, its token URL is not under the base URL) are problems. Stateless.
 */
final class OperationSecurity {

    private static final String REF_PREFIX = "#/components/securitySchemes/";

    private final ServiceDescriptor service;
    private final OpenAPI document;
    private final Map<String, SecurityScheme> schemes;
    private final Function<CredentialUse, Optional<String>> refusal;

    OperationSecurity(ServiceDescriptor service, OpenAPI document, Function<CredentialUse, Optional<String>> refusal) {
        this.service = service;
        this.document = document;
        this.schemes =
                document.getComponents() == null || document.getComponents().getSecuritySchemes() == null
                        ? Map.of()
                        : document.getComponents().getSecuritySchemes();
        this.refusal = refusal;
    }

    /**
     * A problem for each scheme the service holds a credential for that the document does not declare, or declares
     * with a type that is never sent.
     */
    List<OpenApiProblem> undeclaredSchemes() {
        List<OpenApiProblem> problems = new ArrayList<>();
        for (String held : new TreeSet<>(service.securitySchemes())) {
            if (!schemes.containsKey(held)) {
                String suggestion = Suggestions.didYouMean(held, List.copyOf(schemes.keySet()));
                problems.add(OpenApiProblem.of(
                        service.name(),
                        OpenApiSetting.SECURITY,
                        "names the security scheme '" + held + "', which the document does not declare"
                                + (schemes.isEmpty()
                                        ? " (it declares none); remove it"
                                        : !suggestion.isEmpty()
                                                ? suggestion
                                                : "; it declares "
                                                        + String.join(", ", new TreeSet<>(schemes.keySet())))));
            } else if (schemes.get(held).getType() != null) {
                Use use = use(held, List.of(), "the document");
                if (use.unsupported != null) {
                    problems.add(OpenApiProblem.of(
                            service.name(),
                            OpenApiSetting.SECURITY,
                            "names the security scheme '" + held + "', but it " + use.unsupported));
                }
            }
        }
        return problems;
    }

    /**
     * The places of every API key the operation's requirement names, in any alternative, as {@link CredentialUse}s:
     * a parameter in one of them carries a credential, so it is never an argument; empty for a service that holds no
     * credential per scheme.
     */
    List<CredentialUse> keyPlaces(Operation operation, String where) {
        if (service.securitySchemes().isEmpty()) {
            return List.of();
        }
        List<SecurityRequirement> requirement =
                operation.getSecurity() != null ? operation.getSecurity() : document.getSecurity();
        List<CredentialUse> places = new ArrayList<>();
        for (SecurityRequirement alternative : requirement == null ? List.<SecurityRequirement>of() : requirement) {
            for (String name : alternative.keySet()) {
                Use use = use(name, List.of(), where);
                if (use.use != null) {
                    places.add(use.use);
                }
            }
        }
        return places;
    }

    /**
     * What {@code operation} sends: empty for the service's own credential (it holds none per scheme), else the
     * schemes of the requirement's first alternative the service can send.
     *
     * @throws OpenApiDocumentException when it can send none, or a scheme it holds cannot be sent
     */
    Optional<List<CredentialUse>> credentials(Operation operation, String where) {
        if (service.securitySchemes().isEmpty()) {
            return Optional.empty();
        }
        List<SecurityRequirement> requirement =
                operation.getSecurity() != null ? operation.getSecurity() : document.getSecurity();
        if (requirement == null || requirement.isEmpty()) {
            return Optional.of(List.of());
        }
        List<String> gaps = new ArrayList<>();
        for (SecurityRequirement alternative : requirement) {
            List<CredentialUse> uses = new ArrayList<>();
            String gap = null;
            for (Map.Entry<String, List<String>> entry : alternative.entrySet()) {
                String name = entry.getKey();
                Use use = use(name, entry.getValue() == null ? List.of() : entry.getValue(), where);
                if (use.unsupported != null) {
                    gap = "'" + name + "' " + use.unsupported;
                    break;
                }
                Optional<String> refused = refusal.apply(use.use);
                if (refused.isPresent() && service.securitySchemes().contains(name)) {
                    String reason = refused.get();
                    throw OpenApiDocumentException.of(
                            service.name(), OpenApiSetting.SECURITY, where + " cannot be sent: " + reason);
                }
                if (refused.isPresent()) {
                    gap = refused.get();
                    break;
                }
                uses.add(use.use);
            }
            if (gap == null) {
                requireDistinctPlaces(uses, where);
                return Optional.of(List.copyOf(uses));
            }
            gaps.add(gap);
        }
        String why = String.join("; or ", gaps);
        throw OpenApiDocumentException.of(
                service.name(),
                OpenApiSetting.SECURITY,
                names -> where + " requires a credential the service does not hold: " + why
                        + "; or leave the operation out of " + names.apply(OpenApiSetting.OPERATIONS));
    }

    /** A scheme's use, or why it is never sent. */
    private record Use(CredentialUse use, String unsupported) {
        static Use of(CredentialUse use) {
            return new Use(use, null);
        }

        static Use unsupported(String why) {
            return new Use(null, why);
        }
    }

    private Use use(String name, List<String> scopes, String where) {
        SecurityScheme scheme = schemes.get(name);
        if (scheme != null && scheme.get$ref() != null) {
            String ref = scheme.get$ref();
            scheme = ref.startsWith(REF_PREFIX) ? schemes.get(ref.substring(REF_PREFIX.length())) : null;
            if (scheme != null && scheme.get$ref() != null) {
                scheme = null;
            }
        }
        if (scheme == null || scheme.getType() == null) {
            throw OpenApiDocumentException.of(
                    service.name(),
                    OpenApiSetting.DOCUMENT,
                    where + " requires the security scheme '" + DocumentReader.shortened(name)
                            + "', which the document does not declare");
        }
        if (!CredentialUse.isSchemeName(name)) {
            return Use.unsupported(
                    "has a name of more than 64 characters or other than letters, digits, '.', '_'" + " and '-'");
        }
        try {
            return switch (scheme.getType()) {
                case APIKEY -> apiKey(name, scheme);
                case HTTP -> {
                    String kind = scheme.getScheme() == null
                            ? ""
                            : scheme.getScheme().strip().toLowerCase(Locale.ROOT);
                    yield switch (kind) {
                        case "bearer" -> Use.of(CredentialUse.bearer(name));
                        case "basic" -> Use.of(CredentialUse.basic(name));
                        default ->
                            Use.unsupported("is HTTP '" + DocumentReader.shortened(kind)
                                    + "' authentication, which is never sent (bearer and basic are)");
                    };
                }
                case OAUTH2 -> {
                    OAuthFlow flow =
                            scheme.getFlows() == null ? null : scheme.getFlows().getClientCredentials();
                    if (flow == null
                            || flow.getTokenUrl() == null
                            || flow.getTokenUrl().isBlank()) {
                        yield Use.unsupported("is OAuth 2.0 without a client credentials flow; only that flow is"
                                + " sent, since the others need a user");
                    }
                    yield Use.of(CredentialUse.clientCredentials(name, flow.getTokenUrl(), scopes));
                }
                case OPENIDCONNECT -> Use.unsupported("is OpenID Connect, which is never sent");
                case MUTUALTLS -> Use.unsupported("is mutual TLS, which is never sent");
            };
        } catch (IllegalArgumentException e) {
            return Use.unsupported("cannot be sent: " + e.getMessage());
        }
    }

    private static Use apiKey(String name, SecurityScheme scheme) {
        String parameter = scheme.getName();
        if (parameter == null || parameter.isBlank() || scheme.getIn() == null) {
            return Use.unsupported("is an API key scheme that names no parameter or place for its key");
        }
        return switch (scheme.getIn()) {
            case HEADER -> Use.of(CredentialUse.apiKeyHeader(name, parameter));
            case QUERY -> Use.of(CredentialUse.apiKeyQuery(name, parameter));
            case COOKIE -> Use.of(CredentialUse.apiKeyCookie(name, parameter));
        };
    }

    /** Refuses an alternative two of whose schemes would send the same header (both {@code Authorization}). */
    private void requireDistinctPlaces(List<CredentialUse> uses, String where) {
        Set<String> headers = new HashSet<>();
        for (CredentialUse use : uses) {
            String header = use.kind().usesAuthorization()
                    ? "authorization"
                    : use.kind() == CredentialUse.Kind.API_KEY_HEADER
                            ? use.name().toLowerCase(Locale.ROOT)
                            : null;
            if (header != null && !headers.add(header)) {
                throw OpenApiDocumentException.of(
                        service.name(),
                        OpenApiSetting.DOCUMENT,
                        where + " requires schemes together that send the same header ('" + header
                                + "'); one request cannot carry both");
            }
        }
    }
}
