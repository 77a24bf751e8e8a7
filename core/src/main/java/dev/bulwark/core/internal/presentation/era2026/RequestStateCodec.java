package dev.bulwark.core.internal.presentation.era2026;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Writes a {@link RequestState} as the opaque {@code requestState} string and reads it back, refusing any that was not
 * signed with this key or has expired. The string is {@code base64url(JSON) "." base64url(HMAC-SHA256)}, the MAC taken
 * over a version label and the encoded JSON; MACs are compared in constant time, as text. The content is signed, not
 * encrypted: it holds the client's own answers and digests, nothing the client may not see. Every refusal is an {@link
 * InvalidInputRoundException} whose message names the problem and quotes nothing the client sent. Thread-safe.
 */
final class RequestStateCodec {

    private static final String ALGORITHM = "HmacSHA256";
    private static final int VERSION = 1;
    private static final byte[] LABEL = "bulwark.requestState.v1.".getBytes(StandardCharsets.US_ASCII);
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    static final String MALFORMED = "The requestState is not one this server issued: send back the requestState of"
            + " the last input_required result unchanged, or start the request over without one";
    static final String TAMPERED = "The requestState failed its integrity check (it was altered, or signed with a key"
            + " this server no longer uses): start the request over without requestState";
    static final String EXPIRED = "The requestState has expired: start the request over without requestState";

    private final SecretKeySpec key;
    private final Clock clock;
    private final ObjectMapper mapper;

    RequestStateCodec(byte[] key, Clock clock, ObjectMapper mapper) {
        this.key = new SecretKeySpec(Objects.requireNonNull(key, "key").clone(), ALGORITHM);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    /** The milliseconds since the epoch, by this codec's clock. */
    long nowMillis() {
        return clock.millis();
    }

    /** The signed string of {@code state}. */
    String seal(RequestState state) {
        ObjectNode json = mapper.createObjectNode();
        json.put("v", VERSION);
        json.put("m", state.binding().method());
        json.put("t", state.binding().target());
        json.put("a", state.binding().arguments());
        json.put("c", state.binding().caller());
        json.put("e", state.expiresAtMillis());
        ObjectNode asked = json.putObject("q");
        state.asked().forEach(asked::put);
        ObjectNode answers = json.putObject("r");
        state.answers()
                .forEach((name, answer) ->
                        answers.putObject(name).put("d", answer.request()).set("v", answer.result()));
        byte[] payload;
        try {
            payload = mapper.writeValueAsBytes(json);
        } catch (IOException e) {
            throw new IllegalStateException("a request state could not be written", e);
        }
        String body = ENCODER.encodeToString(payload);
        return body + "." + ENCODER.encodeToString(mac(body));
    }

    /**
     * The state {@code text} holds.
     *
     * @throws InvalidInputRoundException when it is malformed, was not signed with this key, or has expired
     */
    RequestState open(String text) {
        int dot = text.indexOf('.');
        if (dot <= 0 || dot != text.lastIndexOf('.')) {
            throw new InvalidInputRoundException(MALFORMED);
        }
        String body = text.substring(0, dot);
        // The MAC's text is compared, not its decoded bytes: base64 leaves spare bits in the last character, so
        // another text could decode to the same bytes.
        byte[] expected = ENCODER.encode(mac(body));
        if (!MessageDigest.isEqual(expected, text.substring(dot + 1).getBytes(StandardCharsets.US_ASCII))) {
            throw new InvalidInputRoundException(TAMPERED);
        }
        RequestState state;
        try {
            state = read(mapper.readTree(DECODER.decode(body)));
        } catch (IOException | IllegalArgumentException | NullPointerException unreadable) {
            // Signed with this key but not readable: a state of another version, or of another server sharing it.
            throw new InvalidInputRoundException(MALFORMED);
        }
        if (clock.millis() > state.expiresAtMillis()) {
            throw new InvalidInputRoundException(EXPIRED);
        }
        return state;
    }

    private static RequestState read(JsonNode json) {
        if (json == null || !json.isObject() || json.path("v").asInt() != VERSION) {
            throw new IllegalArgumentException("not a request state of this version");
        }
        RequestState.Binding binding =
                new RequestState.Binding(text(json, "m"), text(json, "t"), text(json, "a"), text(json, "c"));
        JsonNode expiry = json.get("e");
        if (expiry == null || !expiry.canConvertToLong()) {
            throw new IllegalArgumentException("no expiry");
        }
        Map<String, String> asked = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = json.path("q").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            asked.put(entry.getKey(), entry.getValue().textValue());
        }
        Map<String, RequestState.Answer> answers = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = json.path("r").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode answer = entry.getValue();
            answers.put(entry.getKey(), new RequestState.Answer(text(answer, "d"), answer.get("v")));
        }
        return new RequestState(binding, expiry.asLong(), asked, answers);
    }

    private static String text(JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("no " + field);
        }
        return value.textValue();
    }

    private byte[] mac(String body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            mac.update(LABEL);
            return mac.doFinal(body.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has " + ALGORITHM, e);
        }
    }
}
