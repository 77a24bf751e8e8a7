package dev.bulwark.bootstrap.config;

import static dev.bulwark.bootstrap.config.ConfigFileReader.ALIASES_UNSUPPORTED;
import static dev.bulwark.bootstrap.config.FileSyntax.at;
import static dev.bulwark.bootstrap.config.FileSyntax.describe;
import static dev.bulwark.bootstrap.config.FileSyntax.isAlias;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.bulwark.bootstrap.config.ConfigFileReader.RawValue;
import dev.bulwark.config.Suggestions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The config file's sections of named records, read apart from the keys by {@link ConfigFileReader}: the registered
 * services ({@code services}, {@link ServiceFields}), the monitor's targets ({@code monitor.targets},
 * {@link MonitorTargetFields}), the upstream MCP servers ({@code upstreams}, {@link UpstreamFields}) and the MCP Apps
 * views ({@code views}, {@link ViewFields}). Stateless.
 */
final class NamedSections {

    /** Every section of named records: one section per record, named by the record, holding its table's fields. */
    static final List<Section> ALL = List.of(
            new Section(
                    ServiceFields.SECTION,
                    "service",
                    ServiceFields.fieldNames(),
                    name -> ServiceFields.field(name)
                            .map(field -> field.type().isList())
                            .orElse(false),
                    Map.of(ServiceFields.SECURITY, ServiceFields.SCHEME_FIELDS)),
            new Section(
                    MonitorTargetFields.TARGETS_SECTION,
                    "target",
                    MonitorTargetFields.fieldNames(),
                    name -> MonitorTargetFields.field(name)
                            .map(field -> field.type().isList())
                            .orElse(false),
                    Map.of()),
            new Section(
                    dev.bulwark.mcpclient.UpstreamSettings.SECTION,
                    "upstream",
                    UpstreamFields.fieldNames(),
                    name -> UpstreamFields.field(name)
                            .map(field -> field.type().isList())
                            .orElse(false),
                    Map.of()),
            new Section(
                    ViewSettings.SECTION,
                    "view",
                    ViewFields.fieldNames(),
                    name -> ViewFields.field(name)
                            .map(field -> field.type().isList())
                            .orElse(false),
                    Map.of()));

    private NamedSections() {}

    /**
     * A section of named records.
     *
     * @param path where it is in the file ({@code services}, {@code monitor.targets})
     * @param what what one record is, for messages ({@code service})
     * @param fieldNames the fields a record may hold
     * @param isList whether a field takes a list
     * @param nested the fields that hold named sub-sections ({@code security}: one per scheme), each with the fields
     *     a sub-section may hold; a value of one is given as {@code <field>.<name>.<sub-field>}, and a sub-section
     *     with no field as {@code <field>.<name>} with an empty value
     */
    record Section(
            String path,
            String what,
            List<String> fieldNames,
            Predicate<String> isList,
            Map<String, List<String>> nested) {}

    /**
     * One record of a named section, as given: its name, where its section starts, and the raw value of each field
     * it sets, by field name.
     */
    record Entry(String name, String source, Map<String, RawValue> fields) {}

    /**
     * Reads the named section whose START_OBJECT is the current token: one section per record, each holding fields
     * of the section's table. Names and fields given twice, unknown fields and values of the wrong shape are
     * reported; the record's name and values are judged later, by the loader.
     */
    static List<Entry> read(JsonParser parser, Section section, String fileSource, List<ConfigError> errors)
            throws IOException {
        List<Entry> entries = new ArrayList<>();
        Map<String, Integer> firstLines = new HashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            String path = section.path() + "." + name;
            JsonLocation nameLocation = parser.currentTokenLocation();
            Integer firstLine = firstLines.putIfAbsent(name, nameLocation.getLineNr());
            JsonToken token = parser.nextToken();
            String source = at(fileSource, nameLocation);
            if (firstLine != null) {
                errors.add(new ConfigError(
                        path,
                        source,
                        "duplicate " + section.what() + ", first given on line " + firstLine + "; keep one"));
                parser.skipChildren();
                continue;
            }
            if (isAlias(parser)) {
                errors.add(new ConfigError(path, source, ALIASES_UNSUPPORTED));
                continue;
            }
            if (token != JsonToken.START_OBJECT) {
                errors.add(new ConfigError(
                        path,
                        source,
                        "must be a section holding the " + section.what() + "'s fields ("
                                + String.join(", ", section.fieldNames()) + "), found " + describe(token)));
                parser.skipChildren();
                continue;
            }
            Map<String, RawValue> fields = new LinkedHashMap<>();
            Map<String, Integer> fieldLines = new HashMap<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String fieldName = parser.currentName();
                String fieldPath = path + "." + fieldName;
                JsonLocation fieldLocation = parser.currentTokenLocation();
                Integer firstFieldLine = fieldLines.putIfAbsent(fieldName, fieldLocation.getLineNr());
                JsonToken fieldToken = parser.nextToken();
                String valueSource = at(fileSource, parser.currentTokenLocation());
                boolean known = section.fieldNames().contains(fieldName);
                if (firstFieldLine != null) {
                    errors.add(new ConfigError(
                            fieldPath,
                            at(fileSource, fieldLocation),
                            "duplicate key, first given on line " + firstFieldLine + "; keep one"));
                    parser.skipChildren();
                } else if (!known) {
                    errors.add(new ConfigError(
                            fieldPath,
                            at(fileSource, fieldLocation),
                            "unknown key" + Suggestions.didYouMean(fieldName, section.fieldNames())));
                    parser.skipChildren();
                } else if (isAlias(parser)) {
                    errors.add(new ConfigError(fieldPath, valueSource, ALIASES_UNSUPPORTED));
                } else if (section.nested().containsKey(fieldName)) {
                    readNested(
                            parser,
                            fieldName,
                            fieldPath,
                            section.nested().get(fieldName),
                            fieldToken,
                            fileSource,
                            fields,
                            errors);
                } else {
                    String text = ConfigFileReader.readText(
                            parser, fieldPath, section.isList().test(fieldName), fieldToken, valueSource, errors);
                    if (text != null) {
                        fields.put(fieldName, new RawValue(text, valueSource));
                    }
                }
            }
            entries.add(new Entry(name, source, fields));
        }
        return entries;
    }

    /**
     * Reads a field of named sub-sections ({@code security: { api_key: { credential: ... } } }) into {@code fields},
     * each value at {@code <field>.<name>.<sub-field>}, a sub-section with no field at {@code <field>.<name>}.
     */
    private static void readNested(
            JsonParser parser,
            String field,
            String fieldPath,
            List<String> subFields,
            JsonToken token,
            String fileSource,
            Map<String, RawValue> fields,
            List<ConfigError> errors)
            throws IOException {
        if (token != JsonToken.START_OBJECT) {
            errors.add(new ConfigError(
                    fieldPath,
                    at(fileSource, parser.currentTokenLocation()),
                    "must be a section holding one section per name, each with " + String.join(", ", subFields)
                            + "; found " + describe(token)));
            parser.skipChildren();
            return;
        }
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            String namePath = fieldPath + "." + name;
            JsonLocation nameLocation = parser.currentTokenLocation();
            JsonToken value = parser.nextToken();
            String source = at(fileSource, nameLocation);
            if (fields.keySet().stream()
                    .anyMatch(key -> key.equals(field + "." + name) || key.startsWith(field + "." + name + "."))) {
                errors.add(new ConfigError(namePath, source, "duplicate key; keep one"));
                parser.skipChildren();
                continue;
            }
            if (isAlias(parser)) {
                errors.add(new ConfigError(namePath, source, ALIASES_UNSUPPORTED));
                continue;
            }
            if (value != JsonToken.START_OBJECT) {
                errors.add(new ConfigError(
                        namePath,
                        source,
                        "must be a section holding " + String.join(", ", subFields) + "; found " + describe(value)));
                parser.skipChildren();
                continue;
            }
            boolean any = false;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String subField = parser.currentName();
                String subPath = namePath + "." + subField;
                JsonLocation subLocation = parser.currentTokenLocation();
                JsonToken subToken = parser.nextToken();
                String valueSource = at(fileSource, parser.currentTokenLocation());
                String key = field + "." + name + "." + subField;
                if (fields.containsKey(key)) {
                    errors.add(new ConfigError(subPath, at(fileSource, subLocation), "duplicate key; keep one"));
                    parser.skipChildren();
                } else if (!subFields.contains(subField)) {
                    errors.add(new ConfigError(
                            subPath,
                            at(fileSource, subLocation),
                            "unknown key" + Suggestions.didYouMean(subField, subFields)));
                    parser.skipChildren();
                } else if (isAlias(parser)) {
                    errors.add(new ConfigError(subPath, valueSource, ALIASES_UNSUPPORTED));
                } else {
                    String text = ConfigFileReader.readText(parser, subPath, false, subToken, valueSource, errors);
                    if (text != null) {
                        fields.put(key, new RawValue(text, valueSource));
                        any = true;
                    }
                }
            }
            if (!any) {
                fields.put(field + "." + name, new RawValue("", source));
            }
        }
    }
}
