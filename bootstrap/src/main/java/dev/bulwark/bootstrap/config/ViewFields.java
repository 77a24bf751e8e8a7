package dev.bulwark.bootstrap.config;

import dev.bulwark.config.ConfigType;
import java.util.List;
import java.util.Optional;

/**
 * The config file's {@code views} section: one section per MCP Apps view, named by the view, holding the
 * {@link #FIELDS}. Views are configured in the file only. Owner: {@link ViewSettings}, which checks each field.
 */
final class ViewFields {

    /** The fields of a view's section, in the order the docs list them. */
    static final List<SectionField<ViewSettings.Builder, ?>> FIELDS = List.of(
            new SectionField<>(
                    "uri",
                    ConfigType.STRING,
                    "(required)",
                    "The view's ui:// URI, which the linked tools' listings carry in _meta.ui.resourceUri",
                    false,
                    ViewSettings.Builder::uri),
            new SectionField<>(
                    "file",
                    ConfigType.STRING,
                    "(required)",
                    "The view's HTML file, relative to tools.views-folder; read once at start, at most 1 MiB",
                    false,
                    ViewSettings.Builder::file),
            new SectionField<>(
                    "title",
                    ConfigType.STRING,
                    "(the view's name)",
                    "The view's name as resources/list shows it",
                    false,
                    ViewSettings.Builder::title),
            new SectionField<>(
                    "description",
                    ConfigType.STRING,
                    "(none)",
                    "What the view shows, for resources/list",
                    false,
                    ViewSettings.Builder::description),
            new SectionField<>(
                    "connect-domains",
                    ConfigType.LIST,
                    "(none)",
                    "Origins the view may fetch from (its CSP's connectDomains), such as https://api.example.com",
                    false,
                    ViewSettings.Builder::connectDomains),
            new SectionField<>(
                    "resource-domains",
                    ConfigType.LIST,
                    "(none)",
                    "Origins the view may load scripts, styles, images and fonts from (its CSP's resourceDomains)",
                    false,
                    ViewSettings.Builder::resourceDomains),
            new SectionField<>(
                    "scopes",
                    ConfigType.LIST,
                    "(none)",
                    "Scopes a caller must hold to read the view; a caller without them is refused and does not see"
                            + " it listed",
                    false,
                    ViewSettings.Builder::scopes),
            new SectionField<>(
                    "tools",
                    ConfigType.LIST,
                    "(none)",
                    "Tools whose listing links the view, by name: built-in tools and service tools; a tool is linked"
                            + " to one view at most",
                    false,
                    ViewSettings.Builder::tools));

    private ViewFields() {}

    /** The field of this name, if any. */
    static Optional<SectionField<ViewSettings.Builder, ?>> field(String name) {
        return SectionField.named(FIELDS, name);
    }

    /** Every field's name. */
    static List<String> fieldNames() {
        return SectionField.names(FIELDS);
    }
}
