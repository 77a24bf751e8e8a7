package dev.bulwark.tools.business.openapi;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import io.swagger.v3.parser.util.DeserializationUtils;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads an OpenAPI 3.0 or 3.1 document (JSON or YAML) from its bytes, never from a location: larger than the cap, or
 * than the heap can hold while it is read, it is refused unread; a {@code $ref} that is not inside the document
 * ({@code #/...}) refuses it before the parser sees it; and the reading runs on a thread of its own, for at most the
 * parse timeout, with reference resolution off. A document is read once into the tree that is checked and that the
 * parser (swagger-parser) turns into its model: JSON from its bytes, YAML from its text by the parser's own YAML
 * reading (its limits, aliases expanded). Immutable and thread-safe.
 */
public final class DocumentReader {

    /** The largest document read by default. */
    public static final long DEFAULT_MAX_BYTES = 1024 * 1024;
    /**
     * How deep a document may nest lists and maps, the document itself counted as the first level: the parser's
     * reading of YAML stops beyond it, and so does the reading of JSON here.
     */
    public static final int MAX_DEPTH = StreamReadConstraints.DEFAULT_MAX_DEPTH;
    /** How long parsing may take by default. */
    public static final Duration DEFAULT_PARSE_TIMEOUT = Duration.ofSeconds(10);

    /**
     * The heap a JSON document may need while it is read, per byte of it: its bytes, its tree and the parser's model
     * at once, and the rest of the server beside them. Measured with generated documents of ordinary shape
     * (operations with parameters and bodies, schemas with described properties) on a 128 MiB heap: 6 MB read, 8 MB
     * ran the heap out, and the largest read took most of a minute in garbage collection. At 32, that heap reads
     * documents up to 4 MiB. A document of tiny values packed tightly may still need more: its reading running out
     * of memory is then reported as a configuration problem too.
     */
    public static final int JSON_HEAP_PER_BYTE = 32;

    /**
     * The heap a YAML document may need while it is read, per byte of it: its text, the tree of the reference check,
     * and the parser's own reading (a YAML object graph, a tree and the model).
     */
    public static final int YAML_HEAP_PER_BYTE = 48;

    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private final long maxBytes;
    private final Duration parseTimeout;
    private final long heapBytes;
    private final ObjectMapper json;
    private final Parser parser;

    /**
     * A reader for documents up to {@code maxBytes}, parsed within {@code parseTimeout}, on this JVM's heap
     * ({@link Runtime#maxMemory()}).
     */
    public DocumentReader(long maxBytes, Duration parseTimeout) {
        this(maxBytes, parseTimeout, Runtime.getRuntime().maxMemory());
    }

    /** As {@link #DocumentReader(long, Duration)}, as if the heap were {@code heapBytes}. */
    DocumentReader(long maxBytes, Duration parseTimeout, long heapBytes) {
        this(maxBytes, parseTimeout, heapBytes, null);
    }

    /** As {@link #DocumentReader(long, Duration)}, parsing with {@code parser}, which a test may block. */
    DocumentReader(long maxBytes, Duration parseTimeout, Parser parser) {
        this(maxBytes, parseTimeout, Runtime.getRuntime().maxMemory(), Objects.requireNonNull(parser, "parser"));
    }

    private DocumentReader(long maxBytes, Duration parseTimeout, long heapBytes, Parser parser) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("the OpenAPI document's size cap must be at least 1 byte");
        }
        Objects.requireNonNull(parseTimeout, "parseTimeout");
        if (parseTimeout.isZero() || parseTimeout.isNegative()) {
            throw new IllegalArgumentException("the OpenAPI document's parse timeout must be positive");
        }
        this.maxBytes = maxBytes;
        this.parseTimeout = parseTimeout;
        this.heapBytes = heapBytes;
        // The size cap, not a reader's default, limits what the reference check reads: Jackson's string length
        // (20M by default) and the parser's YAML code points (3 MB by default) go up to it.
        int lengthLimit = (int) Math.min(Integer.MAX_VALUE, Math.max(maxBytes, 1024));
        StreamReadConstraints constraints = StreamReadConstraints.builder()
                .maxStringLength(lengthLimit)
                .maxNestingDepth(MAX_DEPTH)
                .build();
        this.json = JsonMapper.builder(
                        JsonFactory.builder().streamReadConstraints(constraints).build())
                .build();
        this.parser = parser != null
                ? parser
                : (service, bytes, json) -> json ? parseJson(service, bytes) : parseYaml(service, bytes);
    }

    /** Turns a document's bytes into its model, on the reader's parse thread. */
    @FunctionalInterface
    interface Parser {
        OpenAPI parse(String service, byte[] bytes, boolean json);
    }

    public long maxBytes() {
        return maxBytes;
    }

    /**
     * Refuses a document of {@code size} bytes before it is read: larger than the cap, or than this JVM's heap can
     * hold while a JSON document that size is read ({@value #JSON_HEAP_PER_BYTE} bytes of heap per byte).
     *
     * @throws OpenApiDocumentException naming the service's key, the limit and the fix
     */
    public void requireReadable(String service, long size) {
        requireReadable(service, size, JSON_HEAP_PER_BYTE);
    }

    private void requireReadable(String service, long size, int heapPerByte) {
        if (size > maxBytes) {
            throw OpenApiDocumentException.of(
                    service,
                    OpenApiSetting.DOCUMENT,
                    names -> "the document is larger than " + maxBytes + " bytes; raise "
                            + names.apply(OpenApiSetting.MAX_SIZE) + " or serve a smaller document");
        }
        long fits = heapBytes / heapPerByte;
        if (size > fits) {
            throw OpenApiDocumentException.of(
                    service,
                    OpenApiSetting.DOCUMENT,
                    "the document (" + size + " bytes) is too large for this"
                            + " server's heap of " + mib(heapBytes) + " MiB: reading it takes about " + heapPerByte
                            + " times its size, so this heap reads documents up to " + fits
                            + " bytes; give the server a"
                            + " larger heap (JAVA_OPTS=-Xmx"
                            + Math.max(256, nextPowerOfTwo(mib(size * heapPerByte * 2)))
                            + "m) or serve a smaller document");
        }
    }

    /**
     * The document of {@code service}, parsed.
     *
     * @throws OpenApiDocumentException when it is too large (for the cap or the heap), not UTF-8, not OpenAPI 3.0 or
     *     3.1, refers outside itself, does not parse, takes longer than the parse timeout, or runs the heap out
     */
    public OpenAPI read(String service, byte[] bytes) {
        boolean isJson = looksLikeJson(bytes);
        requireReadable(service, bytes.length, isJson ? JSON_HEAP_PER_BYTE : YAML_HEAP_PER_BYTE);
        if (!isUtf8(bytes)) {
            throw OpenApiDocumentException.of(service, OpenApiSetting.DOCUMENT, "the document is not UTF-8 text");
        }
        FutureTask<OpenAPI> parse = new FutureTask<>(() -> parser.parse(service, bytes, isJson));
        Thread thread = new Thread(parse, "bulwark-openapi-parse-" + service);
        thread.setDaemon(true);
        thread.start();
        try {
            return parse.get(parseTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            parse.cancel(true);
            throw OpenApiDocumentException.of(
                    service,
                    OpenApiSetting.DOCUMENT,
                    names -> "parsing the document took longer than " + parseTimeout.toMillis() + " ms; raise "
                            + names.apply(OpenApiSetting.PARSE_TIMEOUT)
                            + " (a busy machine parses slower) or serve a smaller document");
        } catch (InterruptedException e) {
            parse.cancel(true);
            Thread.currentThread().interrupt();
            throw OpenApiDocumentException.of(
                    service, OpenApiSetting.DOCUMENT, "interrupted while parsing the document");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof OpenApiDocumentException refused) {
                throw refused;
            }
            if (e.getCause() instanceof OutOfMemoryError) {
                // The parse thread has ended: its tree and model are garbage, and the start goes on to report.
                throw outOfMemory(service, bytes.length, heapBytes);
            }
            throw OpenApiDocumentException.of(
                    service,
                    OpenApiSetting.DOCUMENT,
                    "the document does not parse (" + e.getCause().getClass().getSimpleName() + ")");
        }
    }

    /** The problem of a document whose reading ran the heap out. */
    static OpenApiDocumentException outOfMemory(String service, long size, long heapBytes) {
        return OpenApiDocumentException.of(
                service,
                OpenApiSetting.DOCUMENT,
                "reading the document"
                        + (size >= 0 ? " (" + size + " bytes)" : "")
                        + " and making its tools ran out of this server's heap"
                        + " of " + mib(heapBytes) + " MiB; give"
                        + " the server a larger heap (JAVA_OPTS=-Xmx...) or serve a smaller document");
    }

    private OpenAPI parseJson(String service, byte[] bytes) {
        JsonNode tree;
        try {
            tree = json.readTree(bytes);
        } catch (IOException e) {
            if (DocumentDepth.ofJson(bytes) > MAX_DEPTH) {
                throw tooDeep(service, "JSON");
            }
            throw OpenApiDocumentException.of(
                    service, OpenApiSetting.DOCUMENT, "the document is neither JSON nor YAML" + where(e));
        }
        check(service, tree);
        SwaggerParseResult result = new OpenAPIV3Parser().parseJsonNode(null, tree, options());
        return model(service, result);
    }

    /**
     * Reads YAML once, as the parser itself would (SnakeYAML with the parser's limits, aliases expanded), and gives
     * that one tree to both the reference check and the parser. Each reading of YAML costs more than the tree it
     * makes (SnakeYAML copies a long scalar's text again for every piece it reads), so a second reading for the
     * check doubled the time of a multi-megabyte document.
     */
    OpenAPI parseYaml(String service, byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        raiseParserYamlLimit(text.length());
        JsonNode tree;
        try {
            tree = DeserializationUtils.readYamlTree(text, options(), new SwaggerParseResult());
        } catch (RuntimeException e) {
            // The parser's reading says why only in its own classes' terms: read the text's structure again to tell
            // a document nested too deep from one that is not YAML, and where.
            DocumentDepth.Yaml structure = DocumentDepth.ofYaml(text);
            if (structure.depth() > MAX_DEPTH) {
                throw tooDeep(service, "YAML");
            }
            throw OpenApiDocumentException.of(
                    service,
                    OpenApiSetting.DOCUMENT,
                    "the document is neither JSON nor YAML"
                            + structure.problem().map(at -> " (at " + at + ")").orElse(""));
        }
        text = null; // not held while the parser makes its model
        check(service, tree);
        return model(service, new OpenAPIV3Parser().parseJsonNode(null, tree, options()));
    }

    /**
     * Lets the parser read YAML of {@code codePoints}: its limit (3 MB by default) is one setting of the whole JVM,
     * so it is only ever raised, up to the size cap of the reader that needs it, never lowered for another user.
     */
    private static synchronized void raiseParserYamlLimit(int codePoints) {
        DeserializationUtils.Options parserOptions = DeserializationUtils.getOptions();
        Integer current = parserOptions.getMaxYamlCodePoints();
        if (current == null || current < codePoints) {
            parserOptions.setMaxYamlCodePoints(codePoints);
        }
    }

    /** Refuses a tree that is not an OpenAPI 3.0 or 3.1 object, or refers outside itself or to nothing. */
    private static void check(String service, JsonNode tree) {
        if (tree == null || !tree.isObject()) {
            throw OpenApiDocumentException.of(
                    service, OpenApiSetting.DOCUMENT, "the document is not a JSON or YAML object");
        }
        String version = tree.path("openapi").asText("");
        if (!version.startsWith("3.0.") && !version.startsWith("3.1.")) {
            throw OpenApiDocumentException.of(
                    service,
                    OpenApiSetting.DOCUMENT,
                    "the document is not OpenAPI 3.0 or 3.1 (its 'openapi' field" + " is "
                            + (version.isEmpty() ? "missing" : "'" + shortened(version) + "'") + ")");
        }
        checkReferences(service, tree, tree, "");
    }

    private static ParseOptions options() {
        ParseOptions options = new ParseOptions();
        options.setResolve(false);
        options.setResolveFully(false);
        options.setResolveCombinators(false);
        options.setValidateExternalRefs(false);
        options.setSafelyResolveURL(true);
        return options;
    }

    private static OpenAPI model(String service, SwaggerParseResult result) {
        if (result == null || result.getOpenAPI() == null) {
            List<String> messages = result == null || result.getMessages() == null ? List.of() : result.getMessages();
            throw OpenApiDocumentException.of(
                    service,
                    OpenApiSetting.DOCUMENT,
                    "the document does not parse"
                            + (messages.isEmpty() ? "" : ": " + shortened(String.join("; ", messages))));
        }
        return result.getOpenAPI();
    }

    /** Whether the document's first character, after a byte order mark and white space, opens a JSON object. */
    private static boolean looksLikeJson(byte[] bytes) {
        int i = bytes.length >= 3 && bytes[0] == UTF8_BOM[0] && bytes[1] == UTF8_BOM[1] && bytes[2] == UTF8_BOM[2]
                ? 3
                : 0;
        while (i < bytes.length && (bytes[i] == ' ' || bytes[i] == '\t' || bytes[i] == '\r' || bytes[i] == '\n')) {
            i++;
        }
        return i < bytes.length && bytes[i] == '{';
    }

    /** Whether {@code bytes} are UTF-8, checked a piece at a time: no copy of the document as characters. */
    private static boolean isUtf8(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(8192);
        while (true) {
            CoderResult result = decoder.decode(in, out, true);
            if (result.isError()) {
                return false;
            }
            if (result.isUnderflow()) {
                out.clear();
                return !decoder.flush(out).isError();
            }
            out.clear();
        }
    }

    /** Where JSON reading failed, as {@code " (at line 3, column 7)"}, or nothing when the reader did not say. */
    private static String where(IOException e) {
        if (e instanceof JsonProcessingException failed
                && failed.getLocation() != null
                && failed.getLocation().getLineNr() > 0) {
            return " (at line " + failed.getLocation().getLineNr() + ", column "
                    + failed.getLocation().getColumnNr() + ")";
        }
        return "";
    }

    /** The problem of a document that nests lists and maps deeper than {@link #MAX_DEPTH}. */
    private static OpenApiDocumentException tooDeep(String service, String format) {
        return OpenApiDocumentException.of(
                service,
                OpenApiSetting.DOCUMENT,
                "the document is " + format + " nested deeper than " + MAX_DEPTH + " levels of lists and maps;"
                        + " flatten it (a schema in components, referred to with $ref, instead of nested in place)");
    }

    private static long mib(long bytes) {
        return bytes / (1024 * 1024);
    }

    private static long nextPowerOfTwo(long value) {
        return Long.highestOneBit(Math.max(1, value - 1)) << 1;
    }

    /**
     * Refuses a {@code $ref} anywhere in the document that is not a JSON pointer into the document itself, or that
     * points at nothing.
     */
    private static void checkReferences(String service, JsonNode root, JsonNode node, String at) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (field.getKey().equals("$ref")
                        && field.getValue().isTextual()
                        && !field.getValue().asText().startsWith("#/")) {
                    throw OpenApiDocumentException.of(
                            service,
                            OpenApiSetting.DOCUMENT,
                            "the document refers outside itself at "
                                    + shortened(at.isEmpty() ? "/" : at) + " ($ref '"
                                    + shortened(field.getValue().asText())
                                    + "'): a reference to another file or a URL would be a fetch no setting names, so"
                                    + " only references inside the document (#/...) are followed; bundle the document"
                                    + " into one file first (redocly bundle, swagger-cli bundle)");
                }
                if (field.getKey().equals("$ref")
                        && field.getValue().isTextual()
                        && root.at(pointer(field.getValue().asText())).isMissingNode()) {
                    throw OpenApiDocumentException.of(
                            service,
                            OpenApiSetting.DOCUMENT,
                            "at " + shortened(at) + " the document refers to '"
                                    + shortened(field.getValue().asText()) + "', which it does not hold");
                }
                checkReferences(service, root, field.getValue(), at + "/" + field.getKey());
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                checkReferences(service, root, node.get(i), at + "/" + i);
            }
        }
    }

    /**
     * The JSON pointer of a reference inside the document ({@code #/...}): a URI fragment, so percent-encoded where
     * a name holds a character a URI may not ({@code #/paths/~1pets~1%7Bid%7D}); one that does not decode is taken as
     * written, and then points at nothing.
     */
    static String pointer(String reference) {
        String fragment = reference.substring(1);
        if (fragment.indexOf('%') < 0) {
            return fragment;
        }
        try {
            return URLDecoder.decode(fragment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return fragment;
        }
    }

    static String shortened(String text) {
        String printable = text.replaceAll("\\p{Cntrl}", "?");
        return printable.length() > 120 ? printable.substring(0, 117) + "..." : printable;
    }
}
