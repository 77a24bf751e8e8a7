package dev.bulwark.promises;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The log of a server process, read from the file its output goes to: one JSON object per line, as the server jar
 * writes them. A line that is not JSON is kept too, at ERROR, so that every check sees it.
 */
final class JsonLinesLog {

    /** How long the output must stay unchanged to count as written as far as it goes. */
    private static final long SETTLED_MILLIS = 300;

    private final Path output;

    JsonLinesLog(Path output) {
        this.output = output;
    }

    /** A watch of the lines written from now on. */
    LogWatch watch() throws IOException {
        long from = Files.size(output);
        return new LogWatch() {
            @Override
            public List<LogLine> lines() throws Exception {
                return linesFrom(from);
            }

            @Override
            public void close() {
                // nothing is held: the file is read afresh each time
            }
        };
    }

    /** Every line written so far. */
    List<LogLine> lines() throws Exception {
        return linesFrom(0);
    }

    /** The whole output so far, as text. */
    String text() throws IOException {
        return Files.readString(output, StandardCharsets.UTF_8);
    }

    /**
     * The complete lines from byte {@code from} on, once the output has stopped growing for a moment (the server's
     * log writers flush within milliseconds) or 10 s passed.
     */
    private List<LogLine> linesFrom(long from) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        long size = Files.size(output);
        while (System.nanoTime() < deadline) {
            Thread.sleep(SETTLED_MILLIS); // the check is the size: unchanged after this, the writers are done
            long now = Files.size(output);
            if (now == size) {
                break;
            }
            size = now;
        }
        byte[] bytes;
        try (RandomAccessFile file = new RandomAccessFile(output.toFile(), "r")) {
            bytes = new byte[(int) (size - from)];
            file.seek(from);
            file.readFully(bytes);
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        int end = text.lastIndexOf('\n');
        List<LogLine> lines = new ArrayList<>();
        if (end < 0) {
            return lines;
        }
        for (String line : text.substring(0, end).split("\n")) {
            if (!line.isBlank()) {
                lines.add(parse(line));
            }
        }
        return lines;
    }

    /** One line: a JSON object's keys in order (a key given twice, twice), its values as text. */
    static LogLine parse(String line) {
        if (!line.startsWith("{")) {
            return new LogLine("(not JSON)", Level.ERROR, List.of(), Map.of(), line);
        }
        List<String> fields = new ArrayList<>();
        Map<String, String> values = new LinkedHashMap<>();
        StringBuilder text = new StringBuilder();
        try (JsonParser parser = Wire.JSON.getFactory().createParser(line)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return new LogLine("(not JSON)", Level.ERROR, List.of(), Map.of(), line);
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                JsonNode value = Wire.JSON.readTree(parser);
                String asText = value.isValueNode() ? value.asText() : value.toString();
                fields.add(name);
                values.putIfAbsent(name, asText);
                text.append(name).append('=').append(asText).append('\n');
            }
        } catch (IOException e) {
            return new LogLine("(not JSON)", Level.ERROR, List.of(), Map.of(), line);
        }
        String logger = values.getOrDefault("logger", "(no logger)");
        Level level = Level.toLevel(values.get("level"), Level.ERROR);
        return new LogLine(logger, level, List.copyOf(fields), values, text.toString());
    }
}
