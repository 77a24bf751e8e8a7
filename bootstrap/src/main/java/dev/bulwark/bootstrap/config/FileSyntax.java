package dev.bulwark.bootstrap.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;

/** How the config file reader names what it found and where: token shapes, positions, YAML aliases. Stateless. */
final class FileSyntax {

    private FileSyntax() {}

    /**
     * Whether the current token is a YAML alias ({@code *name}). Jackson does not expand aliases (which keeps
     * "billion laughs" out) but reports one as the anchor's name in place of a value; that would silently
     * configure the wrong thing, so aliases are refused.
     */
    static boolean isAlias(JsonParser parser) {
        return parser instanceof YAMLParser yaml && yaml.isCurrentAlias();
    }

    static String describe(JsonToken token) {
        return switch (token) {
            case START_OBJECT -> "a section";
            case START_ARRAY -> "a list";
            case VALUE_EMBEDDED_OBJECT -> "binary data";
            default -> "a single value";
        };
    }

    static String at(String fileSource, JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return fileSource;
        }
        return fileSource + ", line " + location.getLineNr() + ", column " + location.getColumnNr();
    }
}
