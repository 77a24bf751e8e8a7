package dev.bulwark.core.internal.presentation.era2026;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * Checks the envelope of a 2026-era request before it is served: the protocol version, the client capabilities, and
 * over HTTP the headers that must agree with the body. Thread-safe.
 */
final class RequestCheck {

    private final ObjectMapper mapper;
    private final ParamHeaderCheck paramHeaders;

    RequestCheck(ObjectMapper mapper, ParamHeaderCheck paramHeaders) {
        this.mapper = mapper;
        this.paramHeaders = paramHeaders;
    }

    /**
     * The rejection of the request, or empty when it may be served. The checks go in the order the specification's
     * reference server makes them: over HTTP the protocol version header is present ({@code -32020}); {@code _meta}
     * names the protocol version and the client capabilities ({@code -32602}); over HTTP the header agrees with
     * {@code _meta} ({@code -32020}); the version is one Bulwark speaks ({@code -32022}, listing those it does); and
     * over HTTP the {@code Mcp-Method} and {@code Mcp-Name} headers are there and agree with the body, and so do the
     * {@code Mcp-Param-{name}} headers of a tool call ({@link ParamHeaderCheck}) ({@code -32020}). Messages quote
     * nothing the client sent but a version.
     */
    Optional<Rejection> check(String method, ObjectNode params, boolean overHttp, Map<String, String> headers) {
        String headerVersion = headers.get(Era2026Protocol.VERSION_HEADER);
        if (overHttp && headerVersion == null) {
            return reject(
                    Era2026Protocol.HEADER_MISMATCH, "Header mismatch: the MCP-Protocol-Version header is required");
        }
        JsonNode meta = params.get(Era2026Protocol.META);
        if (meta == null || !meta.isObject()) {
            return reject(
                    -32602,
                    "Invalid params: _meta is required, with " + Era2026Protocol.PROTOCOL_VERSION + " and "
                            + Era2026Protocol.CLIENT_CAPABILITIES);
        }
        JsonNode version = meta.get(Era2026Protocol.PROTOCOL_VERSION);
        if (version == null || !version.isTextual()) {
            return reject(
                    -32602,
                    "Invalid params: _meta." + Era2026Protocol.PROTOCOL_VERSION + " is required and must be a string");
        }
        JsonNode capabilities = meta.get(Era2026Protocol.CLIENT_CAPABILITIES);
        if (capabilities == null || !capabilities.isObject()) {
            return reject(
                    -32602,
                    "Invalid params: _meta." + Era2026Protocol.CLIENT_CAPABILITIES
                            + " is required and must be an object");
        }
        if (overHttp && !headerVersion.equals(version.asText())) {
            return reject(
                    Era2026Protocol.HEADER_MISMATCH,
                    "Header mismatch: the MCP-Protocol-Version header does" + " not match _meta."
                            + Era2026Protocol.PROTOCOL_VERSION);
        }
        if (!Era2026Protocol.SUPPORTED_VERSIONS.contains(version.asText())) {
            ObjectNode data = mapper.createObjectNode();
            Era2026Protocol.SUPPORTED_VERSIONS.forEach(data.putArray("supported")::add);
            data.put("requested", version.asText());
            return Optional.of(new Rejection(
                    400,
                    Era2026Protocol.UNSUPPORTED_PROTOCOL_VERSION,
                    "Unsupported protocol version: this server speaks "
                            + String.join(", ", Era2026Protocol.SUPPORTED_VERSIONS),
                    data));
        }
        if (!overHttp) {
            return Optional.empty();
        }
        Optional<Rejection> routing = checkRoutingHeaders(method, params, headers);
        return routing.isPresent() || !"tools/call".equals(method) ? routing : paramHeaders.check(params, headers);
    }

    /**
     * Over HTTP, the {@code Mcp-Method} header is required and names the body's method, and the {@code Mcp-Name}
     * header is required when the body names a tool, prompt or resource, and names the same one. Values are compared
     * exactly, but for the whitespace around them.
     */
    private static Optional<Rejection> checkRoutingHeaders(
            String method, ObjectNode params, Map<String, String> headers) {
        String methodHeader = headers.get(Era2026Protocol.METHOD_HEADER);
        if (methodHeader == null) {
            return reject(Era2026Protocol.HEADER_MISMATCH, "Header mismatch: the Mcp-Method header is required");
        }
        if (!methodHeader.strip().equals(method)) {
            return reject(
                    Era2026Protocol.HEADER_MISMATCH,
                    "Header mismatch: the Mcp-Method header does not match the request's method");
        }
        String name = nameOf(method, params);
        if (name == null) {
            return Optional.empty();
        }
        String field =
                "resources/read".equals(method) ? "uri" : TaskMethods.METHODS.contains(method) ? "taskId" : "name";
        String nameHeader = headers.get(Era2026Protocol.NAME_HEADER);
        if (nameHeader == null) {
            return reject(
                    Era2026Protocol.HEADER_MISMATCH,
                    "Header mismatch: the Mcp-Name header is required, naming the request's " + field);
        }
        String decoded = headerValue(nameHeader.strip());
        if (decoded == null) {
            return reject(
                    Era2026Protocol.HEADER_MISMATCH,
                    "Header mismatch: the Mcp-Name header is neither plain"
                            + " ASCII nor a valid =?base64?...?= value (Base64 of UTF-8)");
        }
        if (!decoded.equals(name)) {
            return reject(
                    Era2026Protocol.HEADER_MISMATCH,
                    "Header mismatch: the Mcp-Name header does not match the request's " + field);
        }
        return Optional.empty();
    }

    private static final String BASE64_PREFIX = "=?base64?";
    private static final String BASE64_SUFFIX = "?=";

    /**
     * A header's value as the client meant it: a value that is not plain ASCII comes as {@code =?base64?...?=}, the
     * padded standard Base64 of its UTF-8 bytes (the 2026 specification's value encoding); any other value is taken
     * as it is. {@code null} when it is neither: a character other than visible ASCII, space and tab, or a Base64
     * (unpadded, or with a character outside its alphabet) or UTF-8 that does not decode.
     */
    static String headerValue(String value) {
        if (value.length() >= BASE64_PREFIX.length() + BASE64_SUFFIX.length()
                && value.startsWith(BASE64_PREFIX)
                && value.endsWith(BASE64_SUFFIX)) {
            String encoded = value.substring(BASE64_PREFIX.length(), value.length() - BASE64_SUFFIX.length());
            if (encoded.length() % 4 != 0) {
                return null; // the JDK's decoder would accept it without its padding
            }
            try {
                byte[] bytes = Base64.getDecoder().decode(encoded);
                return StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes))
                        .toString();
            } catch (IllegalArgumentException | CharacterCodingException e) {
                return null;
            }
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c > 0x7e) {
                return null;
            }
        }
        return value;
    }

    /** What the {@code Mcp-Name} header names for {@code method}: the tool or prompt name, the resource URI. */
    static String nameOf(String method, ObjectNode params) {
        String field = switch (method) {
            case "tools/call", "prompts/get" -> "name";
            case "resources/read" -> "uri";
            case TaskMethods.GET, TaskMethods.UPDATE, TaskMethods.CANCEL -> "taskId";
            default -> null;
        };
        JsonNode value = field == null ? null : params.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }

    private static Optional<Rejection> reject(int code, String message) {
        return Optional.of(Rejection.badRequest(code, message));
    }
}
