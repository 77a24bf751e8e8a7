package dev.bulwark.tools.business.openapi;

import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;

/**
 * How deep a document that did not read nests its lists and maps, found by a reading that builds nothing and keeps
 * one counter, so that a document too deep is told from one that is not JSON or YAML. Stateless.
 */
final class DocumentDepth {

    private DocumentDepth() {}

    /**
     * The structure of YAML text: the deepest nesting of lists and maps read, and where the reading stopped when the
     * text is not YAML ({@code line 3, column 7}).
     */
    record Yaml(int depth, Optional<String> problem) {}

    /**
     * The deepest nesting of JSON's arrays and objects in {@code bytes}, the outermost counted as 1, up to where
     * the text stops making sense.
     */
    static int ofJson(byte[] bytes) {
        int depth = 0;
        int deepest = 0;
        boolean inString = false;
        for (int i = 0; i < bytes.length; i++) {
            byte b = bytes[i];
            if (inString) {
                if (b == '\\') {
                    i++;
                } else if (b == '"') {
                    inString = false;
                }
            } else if (b == '"') {
                inString = true;
            } else if (b == '{' || b == '[') {
                deepest = Math.max(deepest, ++depth);
            } else if (b == '}' || b == ']') {
                depth--;
            }
        }
        return deepest;
    }

    /** The structure of YAML {@code text}, read as events: no node is made, so no depth is too deep to count. */
    static Yaml ofYaml(String text) {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(Math.max(text.length(), 1));
        Parser events = new ParserImpl(new StreamReader(text), options);
        int depth = 0;
        int deepest = 0;
        try {
            while (true) {
                Event event = events.getEvent();
                if (event.is(Event.ID.MappingStart) || event.is(Event.ID.SequenceStart)) {
                    deepest = Math.max(deepest, ++depth);
                } else if (event.is(Event.ID.MappingEnd) || event.is(Event.ID.SequenceEnd)) {
                    depth--;
                } else if (event.is(Event.ID.StreamEnd)) {
                    return new Yaml(deepest, Optional.empty());
                }
            }
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark();
            return new Yaml(
                    deepest,
                    Optional.ofNullable(mark)
                            .map(at -> "line " + (at.getLine() + 1) + ", column " + (at.getColumn() + 1)));
        } catch (RuntimeException e) {
            return new Yaml(deepest, Optional.empty());
        }
    }
}
