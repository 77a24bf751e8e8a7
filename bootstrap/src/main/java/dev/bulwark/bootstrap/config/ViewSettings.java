package dev.bulwark.bootstrap.config;

import dev.bulwark.config.ConfigProblem;
import dev.bulwark.config.ConfigProblemException;
import dev.bulwark.config.ToolName;
import dev.bulwark.core.AppView;
import dev.bulwark.core.McpApps;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One MCP Apps view of the config file's {@code views} section, served from an HTML file; {@link ViewFields} describes
 * each field. Immutable.
 *
 * @param name the view's name in the file; its key is {@code views.<name>}
 */
public record ViewSettings(
        String name,
        String uri,
        String file,
        String title,
        String description,
        List<String> connectDomains,
        List<String> resourceDomains,
        Set<String> scopes,
        Set<String> tools) {

    /** The largest HTML file a view may have. */
    public static final long MAX_FILE_BYTES = 1024 * 1024;

    /** The config file's section of views. */
    public static final String SECTION = "views";

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,62}");

    /** An OAuth scope token (RFC 6749, 3.3). */
    private static final Pattern SCOPE = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]+");

    public ViewSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(description, "description");
        connectDomains = List.copyOf(connectDomains);
        resourceDomains = List.copyOf(resourceDomains);
        scopes = Set.copyOf(scopes);
        tools = Set.copyOf(tools);
    }

    /** Whether {@code name} may name a view: 1-63 lower-case letters, digits and dashes, starting with a letter. */
    public static boolean isValidName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /**
     * What is wrong across {@code views}, each accepted alone: a URI two views share, a tool two views link. Each
     * problem blames the later view's field.
     */
    public static List<ConfigProblem> problemsAcross(List<ViewSettings> views) {
        List<ConfigProblem> problems = new ArrayList<>();
        Map<String, String> viewByUri = new HashMap<>();
        Map<String, String> viewByTool = new HashMap<>();
        for (ViewSettings view : views) {
            String first = viewByUri.putIfAbsent(view.uri(), view.name());
            if (first != null) {
                problems.add(ConfigProblem.of(
                        view.key("uri"), "is the URI of view " + first + " too", "give each view its own URI"));
            }
            for (String tool : view.tools().stream().sorted().toList()) {
                String linking = viewByTool.putIfAbsent(tool, view.name());
                if (linking != null) {
                    problems.add(ConfigProblem.of(
                            view.key("tools"),
                            "links " + tool + ", which view " + linking + " links too",
                            "link a tool to one view"));
                }
            }
        }
        return problems;
    }

    /** A builder for the view {@code name}, with nothing set. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** The key of this view's {@code field}: {@code views.<name>.<field>}. */
    public String key(String field) {
        return SECTION + "." + name + "." + field;
    }

    /** The view's content-security origins, as the extension names them. */
    public AppView.Csp csp() {
        return new AppView.Csp(connectDomains, resourceDomains, List.of(), List.of());
    }

    /** Builds a {@link ViewSettings}, checking each value as it is set. Not thread-safe. */
    public static final class Builder {
        private final String name;
        private String uri;
        private String file;
        private String title;
        private String description = "";
        private List<String> connectDomains = List.of();
        private List<String> resourceDomains = List.of();
        private Set<String> scopes = Set.of();
        private Set<String> tools = Set.of();

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        /** Its {@code ui://} URI. */
        public Builder uri(String value) {
            String uri = value.strip();
            if (!uri.startsWith(McpApps.SCHEME)
                    || uri.length() == McpApps.SCHEME.length()
                    || uri.length() > 512
                    || uri.chars().anyMatch(c -> c <= ' ')) {
                throw new IllegalArgumentException(
                        "is no ui:// URI; name one such as ui://orders/board.html (at most 512 characters)");
            }
            this.uri = uri;
            return this;
        }

        /** Its HTML file, relative to the views folder: not absolute, no {@code ..}. */
        public Builder file(String value) {
            String file = value.strip();
            if (file.isEmpty()) {
                throw new IllegalArgumentException("is empty; name the view's HTML file inside tools.views-folder");
            }
            if (file.startsWith("/") || file.startsWith("\\") || file.matches("^[A-Za-z]:.*")) {
                throw new IllegalArgumentException("is an absolute path; name the file relative to tools.views-folder");
            }
            for (String segment : file.split("[/\\\\]")) {
                if (segment.equals("..")) {
                    throw new IllegalArgumentException(
                            "leaves tools.views-folder through '..'; name a file inside the folder");
                }
            }
            this.file = file;
            return this;
        }

        public Builder title(String value) {
            this.title = value.strip();
            return this;
        }

        public Builder description(String value) {
            this.description = value.strip();
            return this;
        }

        /** Origins it may fetch from. */
        public Builder connectDomains(Set<String> values) {
            this.connectDomains = origins(values);
            return this;
        }

        /** Origins it may load scripts, styles, images and fonts from. */
        public Builder resourceDomains(Set<String> values) {
            this.resourceDomains = origins(values);
            return this;
        }

        /** The scopes a caller needs to read it. */
        public Builder scopes(Set<String> values) {
            for (String scope : values) {
                if (!SCOPE.matcher(scope).matches()) {
                    throw new IllegalArgumentException("'" + scope + "' is no OAuth scope; write one such as"
                            + " orders:read (printable, no space, no quote, no backslash)");
                }
            }
            this.scopes = Set.copyOf(values);
            return this;
        }

        /** The tools whose listing links it, by name. */
        public Builder tools(Set<String> values) {
            for (String tool : values) {
                if (!ToolName.isValid(tool)) {
                    throw new IllegalArgumentException("'" + tool + "' is no tool name; use " + ToolName.rule());
                }
            }
            this.tools = Set.copyOf(values);
            return this;
        }

        /** The view; throws {@link ConfigProblemException} naming each required field left unset. */
        public ViewSettings build() {
            List<ConfigProblem> missing = new ArrayList<>();
            String key = SECTION + "." + name + ".";
            if (uri == null) {
                missing.add(ConfigProblem.of(key + "uri", "is required: the ui:// URI tools link the view by"));
            }
            if (file == null) {
                missing.add(ConfigProblem.of(key + "file", "is required: the view's HTML file in tools.views-folder"));
            }
            if (!missing.isEmpty()) {
                throw new ConfigProblemException(missing);
            }
            return new ViewSettings(
                    name,
                    uri,
                    file,
                    title == null || title.isEmpty() ? name : title,
                    description,
                    connectDomains,
                    resourceDomains,
                    scopes,
                    tools);
        }

        private static List<String> origins(Set<String> values) {
            for (String origin : values) {
                try {
                    new AppView.Csp(List.of(origin), List.of(), List.of(), List.of());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("'" + origin + "' is no origin; write one such as"
                            + " https://api.example.com or https://*.example.com");
                }
            }
            return List.copyOf(values);
        }
    }
}
