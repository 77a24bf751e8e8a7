package dev.bulwark.core.internal.presentation.listing;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import dev.bulwark.ports.json.JsonBytes;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One page of a {@code tools/list} result, written from its tools' cached JSON ({@link ListedTools}) as the text the
 * SDK's {@code ListToolsResult} would have for the same tools. Immutable and thread-safe.
 */
public final class ToolListPage implements JsonSerializable {

    private static final byte[] TOOLS_OPEN = ascii("{\"tools\":[");
    private static final byte[] NEXT_CURSOR = ascii("],\"nextCursor\":\"");

    private final ListedTools listed;
    private final int[] indexes;
    private final String nextCursor;
    /** Whether each task-supporting tool shows its {@code execution.taskSupport} when Jackson writes the page. */
    private final boolean execution;

    ToolListPage(ListedTools listed, int[] indexes, String nextCursor) {
        this(listed, indexes, nextCursor, false);
    }

    private ToolListPage(ListedTools listed, int[] indexes, String nextCursor, boolean execution) {
        this.listed = listed;
        this.indexes = indexes;
        this.nextCursor = nextCursor;
        this.execution = execution;
    }

    /** This page as a session era with tasks lists it: each task-supporting tool with its {@code execution}. */
    public ToolListPage withExecution() {
        return new ToolListPage(listed, indexes, nextCursor, true);
    }

    /** The cursor to the next page, or empty on the last. */
    public Optional<String> nextCursor() {
        return Optional.ofNullable(nextCursor);
    }

    /** The SDK's result for the same page, without any {@code execution}: for a reader that converts it. */
    public McpSchema.ListToolsResult result() {
        List<McpSchema.Tool> tools = new ArrayList<>(indexes.length);
        for (int index : indexes) {
            tools.add(listed.definition(index));
        }
        return McpSchema.ListToolsResult.builder(tools).nextCursor(nextCursor).build();
    }

    /**
     * Writes the result's opening to {@code out}: <code>{"tools":[...]</code>, the object left open after its
     * {@code tools} (and without {@code nextCursor}), each task-supporting tool with its {@code execution} when
     * {@code execution}.
     */
    public void writeTools(JsonBytes.Builder out, boolean execution) {
        out.write(TOOLS_OPEN, 0, TOOLS_OPEN.length);
        for (int i = 0; i < indexes.length; i++) {
            out.append(listed.json(indexes[i], execution, i > 0));
        }
        out.write(']');
    }

    /** The result's JSON, each task-supporting tool with its {@code execution} when {@code execution}. */
    public JsonBytes json(boolean execution) {
        JsonBytes.Builder out = JsonBytes.builder();
        out.write(TOOLS_OPEN, 0, TOOLS_OPEN.length);
        for (int i = 0; i < indexes.length; i++) {
            out.append(listed.json(indexes[i], execution, i > 0));
        }
        if (nextCursor == null) {
            out.write(']');
        } else {
            out.write(NEXT_CURSOR, 0, NEXT_CURSOR.length);
            out.ascii(nextCursor); // base64url: nothing to escape
            out.write('"');
        }
        out.write('}');
        return out.build();
    }

    @Override
    public void serialize(JsonGenerator gen, SerializerProvider serializers) throws IOException {
        Object target = gen.getOutputTarget();
        if (target instanceof OutputStream out) {
            gen.writeRawValue(""); // the separator before a value, and the generator counts one written
            gen.flush();
            JsonBytes json = json(execution);
            if (out instanceof JsonBytes.Builder chunks) {
                chunks.append(json);
            } else {
                json.writeTo(out);
            }
        } else if (target instanceof Writer text) {
            gen.writeRawValue("");
            gen.flush();
            text.write(json(execution).toString());
        } else { // a tree or a conversion, which reads values, not text: the same JSON, read back
            try (JsonParser parser =
                    gen.getCodec().getFactory().createParser(json(execution).toByteArray())) {
                parser.nextToken();
                gen.copyCurrentStructure(parser);
            }
        }
    }

    @Override
    public void serializeWithType(JsonGenerator gen, SerializerProvider serializers, TypeSerializer typeSer)
            throws IOException {
        serialize(gen, serializers);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
