package dev.bulwark.tools.presentation.gateway;

import dev.bulwark.core.CallContext;
import dev.bulwark.core.Completion;
import dev.bulwark.core.Resource;
import dev.bulwark.core.ResourceNotFoundException;
import dev.bulwark.core.ResourceTemplate;
import dev.bulwark.ports.upstream.UpstreamCompletion;
import dev.bulwark.ports.upstream.UpstreamResource;
import dev.bulwark.ports.upstream.UpstreamResourceContents;
import dev.bulwark.tools.business.gateway.UpstreamCalls;
import dev.bulwark.tools.business.services.ServiceCallFailedException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Builds one resource or resource template per one an upstream lists, under a URI that names the upstream
 * ({@code scheme://<upstream>/rest} for {@code scheme://rest}), read through {@link UpstreamCalls} with the
 * upstream's own URI. They carry the upstream's scope: a caller without it neither sees them listed nor reads them.
 * Stateless; the resources are thread-safe.
 */
public final class GatewayResources {

    /** A URI with an authority part: its scheme, and what follows {@code ://}. */
    private static final Pattern HIERARCHICAL = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*)://(.*)", Pattern.DOTALL);

    private GatewayResources() {}

    /**
     * The URI Bulwark lists {@code uri} of {@code exposure}'s upstream under: the upstream's name as the first part
     * after {@code ://}, or {@code uri} itself when the upstream's names are not prefixed ({@code prefix: none}).
     * Empty for a URI without {@code ://}, which cannot be named so.
     */
    public static Optional<String> exposedUri(GatewayTools.Exposure exposure, String uri) {
        if (exposure.prefix().isEmpty()) {
            return Optional.of(uri);
        }
        Matcher parts = HIERARCHICAL.matcher(uri);
        return parts.matches()
                ? Optional.of(parts.group(1) + "://" + exposure.upstream() + "/" + parts.group(2))
                : Optional.empty();
    }

    /** The upstream's own URI of {@code exposed}, a URI {@link #exposedUri} made. */
    static String upstreamUri(GatewayTools.Exposure exposure, String exposed) {
        if (exposure.prefix().isEmpty()) {
            return exposed;
        }
        Matcher parts = HIERARCHICAL.matcher(exposed);
        String namespace = exposure.upstream() + "/";
        if (!parts.matches() || !parts.group(2).startsWith(namespace)) {
            throw new ResourceNotFoundException(exposed);
        }
        return parts.group(1) + "://" + parts.group(2).substring(namespace.length());
    }

    /** The resource that serves {@code listed} (not a template); empty when its URI cannot be named. */
    public static Optional<Resource> resource(
            GatewayTools.Exposure exposure, UpstreamResource listed, UpstreamCalls calls) {
        return exposedUri(exposure, listed.uri()).map(exposed -> {
            String mimeType = listed.mimeType().isEmpty() ? "text/plain" : listed.mimeType();
            String description = description(exposure, listed);
            Resource resource = textual(mimeType)
                    ? new Resource(
                            exposed,
                            listed.name(),
                            description,
                            mimeType,
                            context -> text(read(exposure, listed.uri(), exposed, calls, context), exposure, exposed))
                    : Resource.binary(
                            exposed,
                            listed.name(),
                            description,
                            mimeType,
                            context -> bytes(read(exposure, listed.uri(), exposed, calls, context)));
            return exposure.scope().map(resource::withRequiredScopes).orElse(resource);
        });
    }

    /** The template that serves {@code listed} (a template); empty when its URI template cannot be named. */
    public static Optional<ResourceTemplate> template(
            GatewayTools.Exposure exposure, UpstreamResource listed, UpstreamCalls calls) {
        return exposedUri(exposure, listed.uri()).map(exposed -> {
            ResourceTemplate template = new ResourceTemplate(
                    exposed,
                    listed.name(),
                    description(exposure, listed),
                    listed.mimeType().isEmpty() ? "text/plain" : listed.mimeType(),
                    new RelayedTemplate(exposure, listed.uri(), exposed, calls));
            return exposure.scope().map(template::withRequiredScopes).orElse(template);
        });
    }

    /**
     * Reads a resource of an upstream's template, and completes its variables by asking the upstream for its own
     * URI template.
     *
     * @param exposure how the upstream is shown
     * @param own the URI template at the upstream
     * @param exposed the URI template here
     * @param calls the upstream calls
     */
    private record RelayedTemplate(GatewayTools.Exposure exposure, String own, String exposed, UpstreamCalls calls)
            implements ResourceTemplate.Reader, Completion.Completer {

        @Override
        public String read(String uri, Map<String, String> variables, CallContext context) {
            return text(
                    GatewayResources.read(exposure, upstreamUri(exposure, uri), uri, calls, context), exposure, uri);
        }

        @Override
        public List<String> complete(Completion.Request request, CallContext context) {
            return calls.complete(
                    exposure.upstream(),
                    new UpstreamCompletion(
                            UpstreamCompletion.Target.RESOURCE_TEMPLATE,
                            own,
                            request.argument(),
                            request.value(),
                            request.arguments()),
                    exposed,
                    context);
        }
    }

    private static String description(GatewayTools.Exposure exposure, UpstreamResource listed) {
        return listed.description().isBlank()
                ? (listed.template() ? "Resource template " : "Resource ") + listed.uri() + " of upstream '"
                        + exposure.upstream() + "'."
                : listed.description();
    }

    /** The contents of {@code uri}, for a caller holding the upstream's scope; as an unknown URI to any other. */
    private static List<UpstreamResourceContents.Item> read(
            GatewayTools.Exposure exposure, String uri, String exposed, UpstreamCalls calls, CallContext context) {
        return calls.read(exposure.upstream(), uri, exposed, exposure.scope(), context);
    }

    /** Media types read as text; any other is read as bytes. */
    private static boolean textual(String mimeType) {
        String type = mimeType.toLowerCase(Locale.ROOT);
        return type.startsWith("text/")
                || type.endsWith("json")
                || type.endsWith("xml")
                || type.endsWith("yaml")
                || type.equals("application/javascript");
    }

    private static String text(List<UpstreamResourceContents.Item> items, GatewayTools.Exposure exposure, String uri) {
        if (items.stream().anyMatch(UpstreamResourceContents.Item::binary)) {
            throw new ServiceCallFailedException(
                    "service_refused",
                    "Upstream '" + exposure.upstream() + "' answered " + uri + " with bytes where text was listed.");
        }
        return items.stream().map(UpstreamResourceContents.Item::data).collect(Collectors.joining("\n"));
    }

    private static byte[] bytes(List<UpstreamResourceContents.Item> items) {
        UpstreamResourceContents.Item first = items.get(0);
        return first.binary()
                ? Base64.getDecoder().decode(first.data())
                : first.data().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
