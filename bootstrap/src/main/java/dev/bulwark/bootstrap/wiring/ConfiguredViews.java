package dev.bulwark.bootstrap.wiring;

import dev.bulwark.bootstrap.config.ConfigError;
import dev.bulwark.bootstrap.config.ServerConfig;
import dev.bulwark.bootstrap.config.StartupConfigException;
import dev.bulwark.bootstrap.config.ToolPackKeys;
import dev.bulwark.bootstrap.config.ViewSettings;
import dev.bulwark.core.AppView;
import dev.bulwark.core.Extension;
import dev.bulwark.core.McpApps;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolPack;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The MCP Apps views of the server jar's configuration, their HTML read once from {@code tools.views-folder}: served
 * through {@link McpApps}, each linked from the listing of the tools it names. Immutable.
 */
final class ConfiguredViews {

    private final List<ViewSettings> settings;
    private final List<AppView> views;
    private final Map<String, String> viewByTool;

    private ConfiguredViews(List<ViewSettings> settings, List<AppView> views) {
        this.settings = List.copyOf(settings);
        this.views = List.copyOf(views);
        Map<String, String> links = new LinkedHashMap<>();
        settings.forEach(view -> view.tools().forEach(tool -> links.put(tool, view.uri())));
        this.viewByTool = Map.copyOf(links);
    }

    /**
     * The views of {@code config}, each file read now.
     *
     * @throws StartupConfigException naming each view whose file cannot be served
     */
    static ConfiguredViews of(ServerConfig config) {
        List<ConfigError> problems = new ArrayList<>();
        List<AppView> views = read(config, problems);
        if (!problems.isEmpty()) {
            throw new StartupConfigException(problems);
        }
        return new ConfiguredViews(config.views(), views);
    }

    /** One line for each view whose file cannot be served, or for a views folder that is unset or unreadable. */
    static List<ConfigError> problems(ServerConfig config) {
        List<ConfigError> problems = new ArrayList<>();
        read(config, problems);
        return List.copyOf(problems);
    }

    /** {@code pack}, each of its tools a view names linked to that view. */
    ToolPack linking(ToolPack pack) {
        return viewByTool.isEmpty() ? pack : McpApps.linking(pack, viewByTool);
    }

    /** Each of {@code packs} {@linkplain #linking linking}. */
    List<ToolPack> linking(List<ToolPack> packs) {
        return packs.stream().map(this::linking).toList();
    }

    /** The extension serving the views; empty when there are none. */
    List<Extension> extension() {
        return views.isEmpty() ? List.of() : List.of(McpApps.extension(views));
    }

    /** One line for each view that links a tool not among {@code served}. */
    List<ConfigError> unknownTools(List<Tool<?, ?>> served) {
        Set<String> names = served.stream().map(Tool::name).collect(Collectors.toSet());
        List<ConfigError> problems = new ArrayList<>();
        for (ViewSettings view : settings) {
            for (String tool : view.tools().stream().sorted().toList()) {
                if (!names.contains(tool)) {
                    problems.add(new ConfigError(
                            view.key("tools"),
                            StartupConfigException.WIRING_SOURCE,
                            "links " + tool + ", which the server does not serve; name a built-in tool or a service"
                                    + " tool as tools/list shows it"));
                }
            }
        }
        return problems;
    }

    private static List<AppView> read(ServerConfig config, List<ConfigError> problems) {
        List<ViewSettings> settings = config.views();
        if (settings.isEmpty()) {
            return List.of();
        }
        String key = ToolPackKeys.TOOLS_VIEWS_FOLDER.path();
        if (config.toolPacks().viewsFolder().isEmpty()) {
            problems.add(new ConfigError(
                    key,
                    StartupConfigException.WIRING_SOURCE,
                    "is unset, but the views section names " + settings.size()
                            + " view(s); set it to the folder of their HTML files"));
            return List.of();
        }
        String named = config.toolPacks().viewsFolder().get();
        Path folder;
        try {
            folder = Path.of(named).toRealPath();
        } catch (IOException | InvalidPathException e) {
            folder = null;
        }
        if (folder == null || !Files.isDirectory(folder)) {
            problems.add(new ConfigError(
                    key,
                    StartupConfigException.WIRING_SOURCE,
                    named + " is no readable directory; create it or name the folder of the views' HTML files"));
            return List.of();
        }
        List<AppView> views = new ArrayList<>();
        for (ViewSettings view : settings) {
            try {
                String html = html(folder, view.file());
                AppView served = AppView.of(view.uri(), view.title(), view.description(), context -> html)
                        .withCsp(view.csp());
                views.add(
                        view.scopes().isEmpty()
                                ? served
                                : served.withRequiredScopes(
                                        view.scopes().stream().sorted().toArray(String[]::new)));
            } catch (Refusal refusal) {
                problems.add(
                        new ConfigError(view.key("file"), StartupConfigException.WIRING_SOURCE, refusal.getMessage()));
            }
        }
        return views;
    }

    /** The HTML of {@code file} inside {@code folder} (a real path), or a refusal saying why not. */
    private static String html(Path folder, String file) throws Refusal {
        Path real;
        try {
            real = folder.resolve(file).toRealPath();
        } catch (NoSuchFileException e) {
            throw new Refusal(file + " is not in " + folder + "; create it or fix the path");
        } catch (IOException | InvalidPathException e) {
            throw new Refusal(file + " cannot be read in " + folder + "; grant the server's user read access");
        }
        if (!real.startsWith(folder)) {
            throw new Refusal(file + " leaves " + folder + " through a link; move the file into the folder");
        }
        if (!Files.isRegularFile(real)) {
            throw new Refusal(file + " is no regular file; name the view's HTML file");
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(real)) {
            bytes = in.readNBytes((int) ViewSettings.MAX_FILE_BYTES + 1);
        } catch (IOException e) {
            throw new Refusal(file + " cannot be read in " + folder + "; grant the server's user read access");
        }
        if (bytes.length > ViewSettings.MAX_FILE_BYTES) {
            throw new Refusal(file + " is over the " + ViewSettings.MAX_FILE_BYTES / 1024
                    + " KiB a view may have; make it smaller");
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new Refusal(file + " is not UTF-8 text; save the view's HTML as UTF-8");
        }
    }

    /** Why a view's file cannot be served, worded to follow its key. */
    private static final class Refusal extends Exception {
        private static final long serialVersionUID = 1L;

        Refusal(String message) {
            super(message, null, false, false);
        }
    }
}
