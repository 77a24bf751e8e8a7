package dev.bulwark.outbound;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.bulwark.ports.outbound.CredentialUse;
import dev.bulwark.ports.time.Ticker;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OAuth 2.0 access tokens of a service's client credentials schemes: fetched from the token URL (client id and
 * secret in HTTP basic authentication), cached per scheme and scopes until shortly before they expire or the service
 * refuses one. Neither the secret nor a token is ever logged. Thread-safe.
 */
final class ClientCredentialsTokens {

    /** How long a token whose answer gives no {@code expires_in} is used. */
    static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(1);

    /** The most a token is fetched again before it expires; a tenth of its lifetime when that is less. */
    static final Duration MAX_REFRESH_MARGIN = Duration.ofSeconds(30);

    /** The largest token answer read. */
    static final int MAX_ANSWER_BYTES = 64 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(ClientCredentialsTokens.class);
    private static final JsonFactory JSON = new JsonFactory();

    private final ServiceSettings options;
    private final HttpClient client;
    private final Ticker ticker;
    private final Map<Key, Slot> slots = new ConcurrentHashMap<>();

    ClientCredentialsTokens(ServiceSettings options, HttpClient client, Ticker ticker) {
        this.options = options;
        this.client = client;
        this.ticker = ticker;
    }

    /** The tokens of one scheme, for one set of scopes. */
    private record Key(String scheme, List<String> scopes) {
        static Key of(CredentialUse use) {
            return new Key(
                    use.scheme(), use.scopes().stream().distinct().sorted().toList());
        }
    }

    /** A token, the time to fetch the next one, and its redaction. */
    private record Token(String value, long refreshAt, CredentialRedaction redaction) {}

    /** One key's current and previous token; its monitor serializes fetches. */
    private static final class Slot {
        private volatile Token current;
        private volatile Token previous;
    }

    /** A token could not be had; its message names the scheme and why, never a secret or an address. */
    static final class Unavailable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unavailable(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * A token for {@code use}: the cached one while it is fresh, else one fetched now, within {@code deadline} (of
     * {@link Ticker#nanoTime()}).
     *
     * @throws Unavailable when the token URL is not allowed, cannot be reached or does not give a bearer token
     */
    String token(CredentialUse use, long deadline) {
        Slot slot = slots.computeIfAbsent(Key.of(use), key -> new Slot());
        Token token = slot.current;
        if (token != null && ticker.nanoTime() - token.refreshAt < 0) {
            return token.value;
        }
        synchronized (slot) {
            token = slot.current;
            if (token != null && ticker.nanoTime() - token.refreshAt < 0) {
                return token.value;
            }
            Token fetched = fetch(use, deadline);
            slot.previous = slot.current;
            slot.current = fetched;
            return fetched.value;
        }
    }

    /** Drops the cached token of {@code use} when it is {@code refused}, so that the next call fetches another. */
    void refused(CredentialUse use, String refused) {
        Slot slot = slots.get(Key.of(use));
        if (slot != null) {
            synchronized (slot) {
                Token token = slot.current;
                if (token != null && token.value.equals(refused)) {
                    slot.current = new Token(token.value, ticker.nanoTime(), token.redaction);
                }
            }
        }
    }

    /** The redaction of every token held now, and of the one before each. */
    CredentialRedaction redaction() {
        CredentialRedaction all = CredentialRedaction.NONE;
        for (Slot slot : slots.values()) {
            for (Token token : new Token[] {slot.current, slot.previous}) {
                if (token != null) {
                    all = all.and(token.redaction);
                }
            }
        }
        return all;
    }

    private Token fetch(CredentialUse use, long deadline) {
        String scheme = use.scheme();
        Optional<String> refusal = options.credentialRefusal(use);
        if (refusal.isPresent()) {
            throw new Unavailable("no usable credential for the security scheme " + scheme);
        }
        URI tokenUrl = options.tokenUrl(use).orElseThrow();
        SchemeCredentials held = options.security().get(scheme);
        String basic = Base64.getEncoder()
                .encodeToString((form(held.clientId().orElseThrow()) + ":"
                                + form(held.credential().orElseThrow()))
                        .getBytes(StandardCharsets.UTF_8));
        StringBuilder body = new StringBuilder("grant_type=client_credentials");
        if (!use.scopes().isEmpty()) {
            body.append("&scope=").append(form(String.join(" ", Key.of(use).scopes())));
        }
        long left = deadline - ticker.nanoTime();
        HttpRequest request = HttpRequest.newBuilder(tokenUrl)
                .timeout(Duration.ofNanos(Math.max(1_000_000, left)))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .header("User-Agent", RegisteredService.USER_AGENT)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        long sent = ticker.nanoTime();
        HttpResponse<byte[]> response = exchange(scheme, request, left);
        if (response.statusCode() < 200 || response.statusCode() > 299) {
            throw unavailable(scheme, "the token endpoint answered " + response.statusCode());
        }
        Answer answer = read(scheme, response.body());
        Duration lifetime = answer.expiresIn > 0 ? Duration.ofSeconds(answer.expiresIn) : DEFAULT_LIFETIME;
        Duration margin =
                lifetime.dividedBy(10).compareTo(MAX_REFRESH_MARGIN) < 0 ? lifetime.dividedBy(10) : MAX_REFRESH_MARGIN;
        // Timed from the request, not the answer: the token's lifetime started when the endpoint issued it.
        long refreshAt = sent + lifetime.minus(margin).toNanos();
        return new Token(answer.accessToken, refreshAt, CredentialRedaction.of(answer.accessToken, true));
    }

    private HttpResponse<byte[]> exchange(String scheme, HttpRequest request, long left) {
        CompletableFuture<HttpResponse<byte[]>> future = client.sendAsync(request, new CappedBody(MAX_ANSWER_BYTES));
        try {
            return future.get(Math.max(1, left), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw unavailable(scheme, "the token endpoint did not answer in time");
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw unavailable(scheme, "interrupted while fetching a token");
        } catch (ExecutionException e) {
            throw unavailable(
                    scheme,
                    "the token endpoint could not be reached ("
                            + (e.getCause() == null ? e : e.getCause())
                                    .getClass()
                                    .getSimpleName() + ")");
        }
    }

    private record Answer(String accessToken, long expiresIn) {}

    /** The token and its lifetime from the endpoint's JSON answer; a token that is not a bearer token is refused. */
    private Answer read(String scheme, byte[] body) {
        String accessToken = null;
        String tokenType = null;
        long expiresIn = -1;
        try (JsonParser parser = JSON.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw unavailable(scheme, "the token endpoint's answer is not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "access_token" -> accessToken = value == JsonToken.VALUE_STRING ? parser.getText() : null;
                    case "token_type" -> tokenType = value == JsonToken.VALUE_STRING ? parser.getText() : null;
                    case "expires_in" -> {
                        if (value == JsonToken.VALUE_NUMBER_INT) {
                            expiresIn = parser.getLongValue();
                        } else if (value == JsonToken.VALUE_STRING
                                && parser.getText().matches("[0-9]{1,9}")) {
                            expiresIn = Long.parseLong(parser.getText());
                        }
                    }
                    default -> parser.skipChildren();
                }
            }
        } catch (IOException e) {
            throw unavailable(scheme, "the token endpoint's answer is not JSON");
        }
        if (accessToken == null || accessToken.isBlank() || accessToken.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            throw unavailable(scheme, "the token endpoint's answer holds no usable access_token");
        }
        if (tokenType != null && !tokenType.equalsIgnoreCase("bearer")) {
            throw unavailable(scheme, "the token endpoint gave a token that is not a bearer token");
        }
        return new Answer(accessToken, expiresIn);
    }

    private Unavailable unavailable(String scheme, String why) {
        LOG.warn("Service {}: no OAuth 2.0 token for the security scheme {}: {}", options.name(), scheme, why);
        return new Unavailable("no OAuth 2.0 token for the security scheme " + scheme + ": " + why);
    }

    private static String form(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** For tests: how many keys hold a token. */
    int size() {
        List<Token> held = new ArrayList<>();
        slots.values().forEach(slot -> {
            if (slot.current != null) {
                held.add(slot.current);
            }
        });
        return held.size();
    }
}
