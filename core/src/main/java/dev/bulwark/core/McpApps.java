package dev.bulwark.core;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Serves MCP Apps views ({@code io.modelcontextprotocol/ui}) as an {@link Extension}: each view a {@code ui://}
 * resource with the extension's MIME type and content-security metadata, read through the pipeline like a tool call.
 */
public final class McpApps {

    /** The extension's identifier. */
    public static final String ID = "io.modelcontextprotocol/ui";

    /** The MIME type of a view's HTML. */
    public static final String MIME_TYPE = "text/html;profile=mcp-app";

    /** The URI scheme of views. */
    public static final String SCHEME = "ui://";

    /** The older key some hosts still read a tool's view from, beside {@code ui.resourceUri}. */
    static final String LEGACY_URI_KEY = "ui/resourceUri";

    private McpApps() {}

    /**
     * The extension serving {@code views}; register it with {@code Bulwark.Builder.extension} or a pack's
     * {@code extension}. A tool links a view with {@link Tool.Builder#view}.
     *
     * @throws IllegalArgumentException if two views share a URI
     */
    public static Extension extension(AppView... views) {
        return extension(List.of(views));
    }

    /** As {@link #extension(AppView...)}. */
    public static Extension extension(List<AppView> views) {
        Map<String, AppView> byUri = new LinkedHashMap<>();
        for (AppView view : views) {
            if (byUri.put(Objects.requireNonNull(view, "view").uri(), view) != null) {
                throw new IllegalArgumentException("two views share the URI '" + view.uri() + "'");
            }
        }
        Map<String, AppView> served = Map.copyOf(byUri);
        List<AppView> listed = List.copyOf(byUri.values());
        Extension.Builder extension = Extension.builder(ID).setting("mimeTypes", List.of(MIME_TYPE));
        listed.forEach(view -> view.timeout().ifPresent(timeout -> extension.resourceTimeout(view.uri(), timeout)));
        return extension
                .resources(
                        SCHEME,
                        (params, context) -> read(served, params, context),
                        (params, context) -> Map.of(
                                "resources",
                                listed.stream()
                                        .filter(view -> context.principal().hasAllScopes(view.requiredScopes()))
                                        .map(McpApps::entry)
                                        .toList()))
                .build();
    }

    /**
     * {@code pack}, each of its tools named in {@code viewByTool} linked to that view ({@link Tool#withView}): for
     * tools built by code that does not name views, such as the server jar's.
     *
     * @param viewByTool the {@code ui://} URI of the view, by tool name
     */
    public static ToolPack linking(ToolPack pack, Map<String, String> viewByTool) {
        Objects.requireNonNull(pack, "pack");
        Map<String, String> links = Map.copyOf(viewByTool);
        return context -> context.registerLinking(pack, tool -> {
            String view = links.get(tool.name());
            return view == null ? tool : tool.withView(view);
        });
    }

    /** What a tool's listing carries under {@code _meta} for its view: both keys hosts read it from. */
    public static Map<String, Object> toolMeta(String viewUri) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("ui", Map.of("resourceUri", viewUri));
        meta.put(LEGACY_URI_KEY, viewUri);
        return meta;
    }

    private static Map<String, Object> read(
            Map<String, AppView> served, Map<String, Object> params, CallContext context) throws Exception {
        Object uri = params.get("uri");
        AppView view = uri instanceof String text ? served.get(text) : null;
        if (view == null) {
            throw new InvalidArgumentsException(
                    "resources/read",
                    List.of(new InvalidArgumentsException.Violation("uri", "no view is served at " + uri)));
        }
        if (!context.principal().hasAllScopes(view.requiredScopes())) {
            throw new AccessDeniedException(
                    "view", view.uri(), context.principal().missingScopes(view.requiredScopes()));
        }
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("uri", view.uri());
        content.put("mimeType", MIME_TYPE);
        content.put("text", view.html().read(context));
        content.put("_meta", Map.of("ui", uiMeta(view)));
        return Map.of("contents", List.of(content));
    }

    private static Map<String, Object> entry(AppView view) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("uri", view.uri());
        entry.put("name", view.name());
        entry.put("description", view.description());
        entry.put("mimeType", MIME_TYPE);
        entry.put("_meta", Map.of("ui", uiMeta(view)));
        return entry;
    }

    /** The view's {@code _meta.ui}: its content-security origins and its border preference. */
    private static Map<String, Object> uiMeta(AppView view) {
        Map<String, Object> csp = new LinkedHashMap<>();
        AppView.Csp origins = view.csp();
        putIfAny(csp, "connectDomains", origins.connectDomains());
        putIfAny(csp, "resourceDomains", origins.resourceDomains());
        putIfAny(csp, "frameDomains", origins.frameDomains());
        putIfAny(csp, "baseUriDomains", origins.baseUriDomains());
        Map<String, Object> ui = new LinkedHashMap<>();
        ui.put("csp", csp);
        if (view.prefersBorder() != null) {
            ui.put("prefersBorder", view.prefersBorder());
        }
        return ui;
    }

    private static void putIfAny(Map<String, Object> csp, String key, List<String> origins) {
        if (!origins.isEmpty()) {
            csp.put(key, origins);
        }
    }
}
