package dev.bulwark.bootstrap.config;

import static dev.bulwark.bootstrap.config.FileSyntax.at;
import static dev.bulwark.bootstrap.config.FileSyntax.describe;
import static dev.bulwark.bootstrap.config.FileSyntax.isAlias;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.bulwark.config.ConfigKey;
import dev.bulwark.config.Suggestions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads a YAML or JSON config file into raw text values per key, collecting every problem; no problem it reports
 * quotes the file's content (parse errors give a line and column, unknown keys their name).
 */
final class ConfigFileReader {

    /**
     * Larger than any sensible config file; refusing bigger ones keeps a wrong path (a device, a pipe, a log) from
     * filling the heap.
     */
    static final int MAX_FILE_BYTES = 1024 * 1024;

    private static final int MAX_NESTING = 16;
    static final String ALIASES_UNSUPPORTED = "YAML aliases (*name) are not supported; write the value";
    private static final Pattern QUOTED = Pattern.compile("'[^']{2,}'|\"[^\"]{2,}\"");

    /** Bounds the parse itself, so that no file can exhaust the heap or the stack however it is shaped. */
    private static final StreamReadConstraints CONSTRAINTS = StreamReadConstraints.builder()
            .maxNestingDepth(MAX_NESTING)
            .maxStringLength(64 * 1024)
            .maxNumberLength(100)
            .maxNameLength(1024)
            .maxDocumentLength(MAX_FILE_BYTES)
            .build();

    /*
     * Streaming parsers only, no object mapper: nothing in the file can make the reader instantiate a class, YAML tags
     * such as !!java.net.URL are ignored and aliases are refused.
     */
    private static final JsonFactory JSON =
            JsonFactory.builder().streamReadConstraints(CONSTRAINTS).build();

    /*
     * LoaderOptions without duplicate keys turns on Jackson's own duplicate detection, which fails the whole parse
     * with a message quoting the file; the reader finds duplicates itself instead (readObject), so it can name the
     * full key and both lines, and go on to report the file's other problems.
     */
    private static final YAMLFactory YAML = YAMLFactory.builder()
            .loaderOptions(yamlLoaderOptions())
            .disable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(CONSTRAINTS)
            .build();

    private final List<ConfigKey<ServerConfig, ?>> keys;
    private final Map<String, ConfigKey<ServerConfig, ?>> keysByPath;
    private final Set<String> sections;
    private final List<String> knownNames;

    ConfigFileReader(List<ConfigKey<ServerConfig, ?>> keys) {
        this.keys = keys;
        this.keysByPath = keys.stream().collect(Collectors.toMap(ConfigKey::path, Function.identity()));
        this.sections = ConfigKeys.sections(keys);
        this.knownNames = new ArrayList<>(sections);
        NamedSections.ALL.forEach(named -> knownNames.add(named.path()));
        keys.forEach(key -> knownNames.add(key.path()));
    }

    /** A raw value and where it came from. */
    record RawValue(String text, String source) {

        /** Never prints the text: it may be a secret. */
        @Override
        public String toString() {
            return "RawValue[" + source + "]";
        }
    }

    /**
     * What a file holds: the values of known keys, and the records of each named section (by its path) in file
     * order.
     */
    record FileValues(Map<ConfigKey<ServerConfig, ?>, RawValue> values, Map<String, List<NamedSections.Entry>> named) {

        static final FileValues NONE = new FileValues(Map.of(), Map.of());

        /** The services of the {@code services} section. */
        List<NamedSections.Entry> services() {
            return named.getOrDefault(ServiceFields.SECTION, List.of());
        }

        /** The upstreams of the {@code upstreams} section. */
        List<NamedSections.Entry> upstreams() {
            return named.getOrDefault(dev.bulwark.mcpclient.UpstreamSettings.SECTION, List.of());
        }

        /** The views of the {@code views} section. */
        List<NamedSections.Entry> views() {
            return named.getOrDefault(ViewSettings.SECTION, List.of());
        }

        /** The targets of the {@code monitor.targets} section. */
        List<NamedSections.Entry> targets() {
            return named.getOrDefault(MonitorTargetFields.TARGETS_SECTION, List.of());
        }
    }

    /**
     * Reads the file {@code reference} names; problems go to {@code errors} under the key {@code config}.
     *
     * @param reference the path as given, and where it was given (flag or environment variable)
     * @return the values found for known keys, and the services; unknown keys are reported, never returned
     */
    FileValues read(RawValue reference, List<ConfigError> errors) {
        String configKey = LauncherOption.CONFIG.key();
        Path path;
        try {
            path = Path.of(reference.text());
        } catch (InvalidPathException e) {
            errors.add(new ConfigError(configKey, reference.source(), "is not a valid file path"));
            return FileValues.NONE;
        }
        String fileName =
                path.getFileName() == null ? "" : path.getFileName().toString().toLowerCase(Locale.ROOT);
        JsonFactory factory;
        if (fileName.endsWith(".yaml") || fileName.endsWith(".yml")) {
            factory = YAML;
        } else if (fileName.endsWith(".json")) {
            factory = JSON;
        } else {
            errors.add(new ConfigError(
                    configKey,
                    reference.source(),
                    "file " + path + " must end in .yaml, .yml or .json, which chooses its format"));
            return FileValues.NONE;
        }
        byte[] content;
        try {
            if (Files.isDirectory(path)) {
                errors.add(new ConfigError(configKey, reference.source(), path + " is a directory, not a file"));
                return FileValues.NONE;
            }
            content = readAtMost(path, MAX_FILE_BYTES + 1);
            if (content.length > MAX_FILE_BYTES) {
                errors.add(new ConfigError(
                        configKey,
                        reference.source(),
                        "file " + path + " is larger than " + MAX_FILE_BYTES / 1024 + " KiB; give a config file"));
                return FileValues.NONE;
            }
        } catch (NoSuchFileException e) {
            errors.add(new ConfigError(configKey, reference.source(), "file " + path + " does not exist"));
            return FileValues.NONE;
        } catch (AccessDeniedException e) {
            errors.add(new ConfigError(
                    configKey, reference.source(), "file " + path + " cannot be read: permission denied"));
            return FileValues.NONE;
        } catch (IOException | SecurityException e) {
            errors.add(new ConfigError(
                    configKey,
                    reference.source(),
                    "file " + path + " cannot be read (" + e.getClass().getSimpleName() + ")"));
            return FileValues.NONE;
        }
        return parse(content, factory, "file " + path, errors);
    }

    /**
     * At most {@code limit} bytes of the file: whatever the path is (a named pipe, a link to an endless device), no
     * more is ever read, and the size the file system reports is not trusted.
     */
    private static byte[] readAtMost(Path path, int limit) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            return in.readNBytes(limit);
        }
    }

    /**
     * The values of {@code content}. A file that is not valid YAML or JSON gives exactly one problem, its parse
     * error with line and column, and no values: what was read before the error may be cut short or misread (a
     * list that never closes, two lines folded into one value).
     */
    private FileValues parse(byte[] content, JsonFactory factory, String fileSource, List<ConfigError> errors) {
        Map<ConfigKey<ServerConfig, ?>, RawValue> values = new LinkedHashMap<>();
        Map<String, List<NamedSections.Entry>> named = new LinkedHashMap<>();
        List<ConfigError> found = new ArrayList<>();
        String format = factory == YAML ? "YAML" : "JSON";
        try (JsonParser parser = factory.createParser(content)) {
            JsonToken root = parser.nextToken();
            if (root == null) {
                return FileValues.NONE; // an empty file: nothing configured
            }
            if (root != JsonToken.START_OBJECT) {
                errors.add(new ConfigError(
                        LauncherOption.CONFIG.key(),
                        at(fileSource, parser.currentTokenLocation()),
                        "the file must hold a mapping of sections (such as cache:), found " + describe(root)));
                return FileValues.NONE;
            }
            readObject(parser, "", fileSource, values, named, found);
            if (parser.nextToken() != null) {
                found.add(new ConfigError(
                        LauncherOption.CONFIG.key(),
                        at(fileSource, parser.currentTokenLocation()),
                        "the file holds more than one " + ("YAML".equals(format) ? "document" : "value")));
            }
        } catch (StreamConstraintsException e) {
            errors.add(new ConfigError(
                    LauncherOption.CONFIG.key(),
                    at(fileSource, e.getLocation()),
                    "not a config file: nested too deeply or a value too long"));
            return FileValues.NONE;
        } catch (JsonProcessingException e) {
            errors.add(new ConfigError(
                    LauncherOption.CONFIG.key(), at(fileSource, e.getLocation()), "not valid " + format + problem(e)));
            return FileValues.NONE;
        } catch (IOException e) {
            errors.add(new ConfigError(
                    LauncherOption.CONFIG.key(),
                    fileSource,
                    "cannot be read (" + e.getClass().getSimpleName() + ")"));
            return FileValues.NONE;
        }
        errors.addAll(found);
        return new FileValues(values, named);
    }

    /**
     * Reads the fields of the object whose START_OBJECT is the current token, up to its END_OBJECT. A name given
     * twice in the same object is refused (YAML and JSON parsers would otherwise keep either one silently), naming
     * the key and the line of its first occurrence, never the values.
     */
    private void readObject(
            JsonParser parser,
            String prefix,
            String fileSource,
            Map<ConfigKey<ServerConfig, ?>, RawValue> values,
            Map<String, List<NamedSections.Entry>> named,
            List<ConfigError> errors)
            throws IOException {
        Map<String, Integer> firstLines = new HashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            String path = prefix.isEmpty() ? name : prefix + "." + name;
            JsonLocation nameLocation = parser.currentTokenLocation();
            Integer firstLine = firstLines.putIfAbsent(name, nameLocation.getLineNr());
            JsonToken token = parser.nextToken();
            if (firstLine != null) {
                errors.add(new ConfigError(
                        path,
                        at(fileSource, nameLocation),
                        "duplicate key, first given on line " + firstLine + "; keep one"));
                parser.skipChildren();
                continue;
            }
            JsonLocation location = parser.currentTokenLocation();
            ConfigKey<ServerConfig, ?> key = keysByPath.get(path);
            NamedSections.Section section = NamedSections.ALL.stream()
                    .filter(s -> s.path().equals(path))
                    .findFirst()
                    .orElse(null);
            if (section != null) {
                if (isAlias(parser)) {
                    errors.add(new ConfigError(path, at(fileSource, location), ALIASES_UNSUPPORTED));
                } else if (token == JsonToken.START_OBJECT) {
                    List<NamedSections.Entry> entries = NamedSections.read(parser, section, fileSource, errors);
                    if (named.putIfAbsent(path, entries) != null) {
                        // as a dotted key and inside its parent section: keeping either would drop the other's
                        errors.add(new ConfigError(
                                path, at(fileSource, nameLocation), "is given more than once in the file; keep one"));
                    }
                } else if (token != JsonToken.VALUE_NULL) {
                    errors.add(new ConfigError(
                            path,
                            at(fileSource, location),
                            "must be a section holding one"
                                    + " section per " + section.what() + ", named by the " + section.what() + ", found "
                                    + describe(token)));
                    parser.skipChildren();
                }
            } else if (isAlias(parser) && (key != null || sections.contains(path))) {
                errors.add(new ConfigError(path, at(fileSource, location), ALIASES_UNSUPPORTED));
            } else if (key != null) {
                readValue(parser, key, token, at(fileSource, location), values, errors);
            } else if (sections.contains(path)) {
                if (token == JsonToken.START_OBJECT) {
                    readObject(parser, path, fileSource, values, named, errors);
                } else if (token != JsonToken.VALUE_NULL) {
                    errors.add(new ConfigError(
                            path,
                            at(fileSource, location),
                            "must be a section holding " + keysOf(path) + ", found " + describe(token)));
                    parser.skipChildren();
                }
            } else {
                errors.add(new ConfigError(
                        path,
                        at(fileSource, nameLocation), // the key's line, not its value's
                        "unknown key" + Suggestions.didYouMean(path, knownNames)));
                parser.skipChildren();
            }
        }
    }

    private void readValue(
            JsonParser parser,
            ConfigKey<ServerConfig, ?> key,
            JsonToken token,
            String source,
            Map<ConfigKey<ServerConfig, ?>, RawValue> values,
            List<ConfigError> errors)
            throws IOException {
        String text = readText(parser, key.path(), key.type().isList(), token, source, errors);
        if (text != null && values.put(key, new RawValue(text, source)) != null) {
            errors.add(new ConfigError(key.path(), source, "is set more than once in the file"));
        }
    }

    /**
     * The text of the value whose first token is current: a scalar, or a list's items joined by commas when
     * {@code list}; null, with the problem reported, when it is missing or of the wrong shape.
     */
    static String readText(
            JsonParser parser, String path, boolean list, JsonToken token, String source, List<ConfigError> errors)
            throws IOException {
        boolean scalar = token.isScalarValue() && token != JsonToken.VALUE_EMBEDDED_OBJECT;
        if (token == JsonToken.VALUE_NULL || scalar && parser.getText().isBlank() && !list) {
            // YAML "ttl:" with nothing after it, or an empty string: almost always a value left out.
            errors.add(new ConfigError(path, source, "has no value; remove the key to use the default"));
            return null;
        } else if (scalar) {
            return parser.getText();
        } else if (token == JsonToken.START_ARRAY && list) {
            List<String> items = new ArrayList<>();
            for (JsonToken item = parser.nextToken(); item != JsonToken.END_ARRAY; item = parser.nextToken()) {
                if (isAlias(parser)) {
                    errors.add(new ConfigError(path, source, ALIASES_UNSUPPORTED));
                    continue;
                }
                if (!item.isScalarValue() || item == JsonToken.VALUE_NULL) {
                    errors.add(new ConfigError(path, source, "list items must be plain values"));
                    parser.skipChildren();
                    continue;
                }
                items.add(parser.getText());
            }
            return String.join(",", items);
        }
        errors.add(new ConfigError(path, source, "expected a single value, found " + describe(token)));
        parser.skipChildren();
        return null;
    }

    private String keysOf(String section) {
        return keys.stream()
                .map(ConfigKey::path)
                .filter(path -> path.startsWith(section + "."))
                .map(path -> path.substring(section.length() + 1))
                .collect(Collectors.joining(", "));
    }

    /**
     * What the YAML parser found wrong, without any of the file's text: SnakeYAML's problem statements name the
     * construct, and anything quoted in them (a token from the file) is dropped. JSON messages quote tokens freely,
     * so for JSON the position alone is given.
     */
    private static String problem(JsonProcessingException e) {
        if (e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblem() != null) {
            String problem = QUOTED.matcher(yaml.getProblem()).replaceAll("…").strip();
            return problem.isEmpty() ? "" : ": " + problem;
        }
        return "";
    }

    private static LoaderOptions yamlLoaderOptions() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(10);
        options.setAllowRecursiveKeys(false);
        options.setNestingDepthLimit(MAX_NESTING);
        options.setCodePointLimit(MAX_FILE_BYTES);
        return options;
    }
}
