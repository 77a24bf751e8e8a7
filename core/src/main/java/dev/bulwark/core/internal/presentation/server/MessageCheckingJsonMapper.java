package dev.bulwark.core.internal.presentation.server;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.bulwark.core.internal.business.caching.JsonText;
import dev.bulwark.ports.json.JsonBytes;
import dev.bulwark.ports.json.JsonBytesWriter;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCMessage;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The MCP SDK's JSON mapper that checks every client message as it is read, refusing one that does not fit before
 * any handler runs, over every transport; it writes a message straight into chunks too ({@link JsonBytesWriter}), for
 * a transport that writes them out as they are. Thread-safe.
 */
public final class MessageCheckingJsonMapper implements McpJsonMapper, JsonBytesWriter {

    private final McpJsonMapper delegate;
    /** Writes UTF-8 straight from the delegate's mapper, or {@code null}: then bytes are the written text's. */
    private final ObjectWriter utf8Writer;
    /** Whether a {@code tools/call} may name a tool, or {@code null}: any (the SDK answers for the rest). */
    private final Predicate<String> tools;

    /** @param delegate the mapper that does the reading and writing */
    public MessageCheckingJsonMapper(McpJsonMapper delegate) {
        this(delegate, null, null);
    }

    private MessageCheckingJsonMapper(McpJsonMapper delegate, ObjectWriter utf8Writer, Predicate<String> tools) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.utf8Writer = utf8Writer;
        this.tools = tools;
    }

    /**
     * This mapper, also refusing a {@code tools/call} of a tool not among {@code names} with an {@code Invalid params}
     * error that names it and points to {@code tools/list}. The SDK's own answer reads "Unknown tool:
     * invalid_tool_name" (the specification's example, word for word) whatever the name, which misleads a model
     * into thinking it called a tool of that name.
     */
    public MessageCheckingJsonMapper knowingTools(Set<String> names) {
        return knowingTools(Set.copyOf(names)::contains);
    }

    /** As {@link #knowingTools(Set)}, asking {@code known} at each call, for a catalogue that changes. */
    public MessageCheckingJsonMapper knowingTools(Predicate<String> known) {
        return new MessageCheckingJsonMapper(delegate, utf8Writer, Objects.requireNonNull(known, "known"));
    }

    /**
     * The checking mapper over a copy of {@code mapper} that reads one JSON value per message, each key once. Jackson
     * alone reads the first value of {@code {...} {...}} and drops the rest unanswered, and keeps the last of two
     * equal keys, where a filter reading the first (the scope challenge reads the tool name itself) could be told
     * another story.
     */
    public static MessageCheckingJsonMapper strictOver(ObjectMapper mapper) {
        ObjectMapper strict = mapper.copy()
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        // UTF-8 in one pass, with the bytes the text path gives: a surrogate pair as its 4 bytes, a lone
        // surrogate as its JSON escape
        ObjectWriter utf8 = strict.writer().with(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8);
        return new MessageCheckingJsonMapper(new JacksonMcpJsonMapper(strict), utf8, null);
    }

    /** The mapper that does the reading and writing, without the checks. */
    McpJsonMapper unchecked() {
        return delegate;
    }

    /**
     * {@code request} with its params checked and typed ({@link RequestParams}), and, for a {@code tools/call}, its
     * tool known when this mapper knows the tools.
     *
     * @throws McpError an {@code Invalid params} error naming what is wrong
     */
    JSONRPCRequest typed(JSONRPCRequest request) {
        JSONRPCRequest typed = RequestParams.typed(request, delegate);
        if (tools != null && typed.params() instanceof CallToolRequest call && !tools.test(call.name())) {
            throw RequestParams.unknownTool(call.name());
        }
        return typed;
    }

    @Override
    public <T> T convertValue(Object fromValue, Class<T> type) {
        if (JSONRPCMessage.class.isAssignableFrom(type) && fromValue instanceof Map<?, ?> message) {
            try {
                JsonRpcEnvelope.check(message, type);
                if (type == JSONRPCRequest.class) {
                    return type.cast(typed(request(message)));
                }
            } catch (McpError refusal) {
                throw new IllegalArgumentException(refusal.getMessage(), refusal);
            }
        }
        if (isCheckedParams(fromValue, type)) {
            return type.cast(fromValue);
        }
        try {
            return delegate.convertValue(fromValue, type);
        } catch (IllegalArgumentException e) {
            throw refusedIfParams(type, e);
        }
    }

    /**
     * The request {@code message} holds, built from it as it is: the envelope check made its {@code method} a string
     * and its {@code id} a string or an integer, which is all the SDK's request reads (it ignores other keys), so a
     * second trip through Jackson would only copy the params.
     */
    private static JSONRPCRequest request(Map<?, ?> message) {
        return new JSONRPCRequest(
                McpSchema.JSONRPC_VERSION, (String) message.get("method"), message.get("id"), message.get("params"));
    }

    @Override
    @SuppressWarnings("unchecked") // the value is an instance of the raw class the reference names
    public <T> T convertValue(Object fromValue, TypeRef<T> type) {
        Class<?> raw = type.getType() instanceof Class<?> plain ? plain : null;
        if (raw != null && isCheckedParams(fromValue, raw)) {
            return (T) fromValue;
        }
        try {
            return delegate.convertValue(fromValue, type);
        } catch (IllegalArgumentException e) {
            throw refusedIfParams(raw, e);
        }
    }

    /**
     * Params that a handler could not read, because they were not checked when their request was read (a transport
     * given another mapper), are refused alike, as an {@link McpError}; any other failure is passed on.
     */
    private static RuntimeException refusedIfParams(Class<?> type, IllegalArgumentException failure) {
        return RequestParams.isParamsType(type) ? RequestParams.unreadable(null, failure) : failure;
    }

    private static boolean isCheckedParams(Object value, Class<?> type) {
        return value != null && value.getClass() == type && RequestParams.isParamsType(type);
    }

    @Override
    public <T> T readValue(String content, Class<T> type) throws IOException {
        return delegate.readValue(content, type);
    }

    @Override
    public <T> T readValue(byte[] content, Class<T> type) throws IOException {
        return delegate.readValue(content, type);
    }

    @Override
    public <T> T readValue(String content, TypeRef<T> type) throws IOException {
        return delegate.readValue(content, type);
    }

    @Override
    public <T> T readValue(byte[] content, TypeRef<T> type) throws IOException {
        return delegate.readValue(content, type);
    }

    /**
     * The value as JSON text in which every lone UTF-16 surrogate (a high surrogate not followed by a low one, or a
     * low one not preceded by a high one) is written as its <code>&#92;u</code> escape (four hex digits), as
     * ECMAScript's {@code JSON.stringify} does. Such a character is valid in a JSON string only escaped: the transports encode
     * the text as UTF-8, which cannot carry it and wrote {@code ?} instead, so a tool's answer holding text the
     * client sent (a string in {@code process_data}'s data, say) came back changed. Escaped, it comes back as it
     * was sent. Surrogate pairs are written as they are.
     */
    @Override
    public String writeValueAsString(Object value) throws IOException {
        return JsonText.escapeLoneSurrogates(delegate.writeValueAsString(value));
    }

    /** {@code value} in UTF-8, as {@link #writeValueAsBytes} writes it, in chunks: no whole-message array. */
    @Override
    public JsonBytes writeJsonBytes(Object value) throws IOException {
        if (utf8Writer == null) {
            return JsonBytes.of(writeValueAsBytes(value));
        }
        JsonBytes.Builder out = JsonBytes.builder();
        utf8Writer.writeValue(out, value);
        return out.build();
    }

    @Override
    public byte[] writeValueAsBytes(Object value) throws IOException {
        if (utf8Writer != null) {
            return utf8Writer.writeValueAsBytes(value);
        }
        return writeValueAsString(value).getBytes(StandardCharsets.UTF_8);
    }
}
