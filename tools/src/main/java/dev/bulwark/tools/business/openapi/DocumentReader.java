package dev.bulwark.tools.business.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.core.util.Yaml;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
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
 * Reads an OpenAPI 3.0 or 3.1 document (JSON or YAML) from its bytes, never from a location: larger than the cap it
 * is refused unread, a {@code $ref} that is not inside the document ({@code #/...}) refuses it before the parser
 * sees it, and the parser (swagger-parser) runs with reference resolution off, on a thread of its own, for at most
 * the parse timeout. Immutable and thread-safe.
 */
public final class DocumentReader {

    /** The largest document read by default. */
    public static final long DEFAULT_MAX_BYTES = 1024 * 1024;
    /** How long parsing may take by default. */
    public static final Duration DEFAULT_PARSE_TIMEOUT = Duration.ofSeconds(10);

    private final long maxBytes;
    private final Duration parseTimeout;

    public DocumentReader(long maxBytes, Duration parseTimeout) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("the OpenAPI document's size cap must be at least 1 byte");
        }
        Objects.requireNonNull(parseTimeout, "parseTimeout");
        if (parseTimeout.isZero() || parseTimeout.isNegative()) {
            throw new IllegalArgumentException("the OpenAPI document's parse timeout must be positive");
        }
        this.maxBytes = maxBytes;
        this.parseTimeout = parseTimeout;
    }

    public long maxBytes() {
        return maxBytes;
    }

    /**
     * The document of {@code service}, parsed.
     *
     * @throws OpenApiDocumentException when it is too large, not UTF-8, not OpenAPI 3.0 or 3.1, refers outside
     *     itself, does not parse, or takes longer than the parse timeout
     */
    public OpenAPI read(String service, byte[] bytes) {
        String key = "services." + service + ".openapi";
        if (bytes.length > maxBytes) {
            throw new OpenApiDocumentException(key + ": the document is larger than " + maxBytes + " bytes; raise"
                    + " services." + service + ".openapi-max-size or serve a smaller document");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new OpenApiDocumentException(key + ": the document is not UTF-8 text");
        }
        FutureTask<OpenAPI> parse = new FutureTask<>(() -> parse(key, text));
        Thread thread = new Thread(parse, "bulwark-openapi-parse-" + service);
        thread.setDaemon(true);
        thread.start();
        try {
            return parse.get(parseTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            parse.cancel(true);
            throw new OpenApiDocumentException(key + ": parsing the document took longer than "
                    + parseTimeout.toMillis() + " ms; serve a smaller or simpler document");
        } catch (InterruptedException e) {
            parse.cancel(true);
            Thread.currentThread().interrupt();
            throw new OpenApiDocumentException(key + ": interrupted while parsing the document");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof OpenApiDocumentException refused) {
                throw refused;
            }
            throw new OpenApiDocumentException(key + ": the document does not parse ("
                    + e.getCause().getClass().getSimpleName() + ")");
        }
    }

    private static OpenAPI parse(String key, String text) {
        JsonNode tree;
        try {
            tree = Yaml.mapper().readTree(text);
        } catch (Exception e) {
            throw new OpenApiDocumentException(key + ": the document is neither JSON nor YAML");
        }
        if (tree == null || !tree.isObject()) {
            throw new OpenApiDocumentException(key + ": the document is not a JSON or YAML object");
        }
        String version = tree.path("openapi").asText("");
        if (!version.startsWith("3.0.") && !version.startsWith("3.1.")) {
            throw new OpenApiDocumentException(key + ": the document is not OpenAPI 3.0 or 3.1 (its 'openapi' field"
                    + " is " + (version.isEmpty() ? "missing" : "'" + shortened(version) + "'") + ")");
        }
        checkReferences(key, tree, tree, "");
        ParseOptions options = new ParseOptions();
        options.setResolve(false);
        options.setResolveFully(false);
        options.setResolveCombinators(false);
        options.setValidateExternalRefs(false);
        options.setSafelyResolveURL(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(text, null, options, null);
        if (result == null || result.getOpenAPI() == null) {
            List<String> messages = result == null || result.getMessages() == null ? List.of() : result.getMessages();
            throw new OpenApiDocumentException(key + ": the document does not parse"
                    + (messages.isEmpty() ? "" : ": " + shortened(String.join("; ", messages))));
        }
        return result.getOpenAPI();
    }

    /**
     * Refuses a {@code $ref} anywhere in the document that is not a JSON pointer into the document itself, or that
     * points at nothing.
     */
    private static void checkReferences(String key, JsonNode root, JsonNode node, String at) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (field.getKey().equals("$ref")
                        && field.getValue().isTextual()
                        && !field.getValue().asText().startsWith("#/")) {
                    throw new OpenApiDocumentException(key + ": the document refers outside itself at "
                            + shortened(at.isEmpty() ? "/" : at) + " ($ref '"
                            + shortened(field.getValue().asText())
                            + "'): only references inside the document (#/...) are followed; bundle the document"
                            + " into one file");
                }
                if (field.getKey().equals("$ref")
                        && field.getValue().isTextual()
                        && root.at(field.getValue().asText().substring(1)).isMissingNode()) {
                    throw new OpenApiDocumentException(key + ": at " + shortened(at) + " the document refers to '"
                            + shortened(field.getValue().asText()) + "', which it does not hold");
                }
                checkReferences(key, root, field.getValue(), at + "/" + field.getKey());
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                checkReferences(key, root, node.get(i), at + "/" + i);
            }
        }
    }

    static String shortened(String text) {
        String printable = text.replaceAll("\\p{Cntrl}", "?");
        return printable.length() > 120 ? printable.substring(0, 117) + "..." : printable;
    }
}
