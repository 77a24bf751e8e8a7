package dev.bulwark.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.ports.outbound.ServiceResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The credential is found and replaced in every form an echo gives it, and nothing else is touched. */
class CredentialRedactionTest {

    private static final String SECRET = "s3cr/et+tok=en&<x>%~";
    private static final String MARK = ServiceResponse.REDACTED;

    private final CredentialRedaction bearer = CredentialRedaction.of(SECRET, true);
    private final CredentialRedaction key = CredentialRedaction.of(SECRET, false);

    private String redact(CredentialRedaction redaction, String body) {
        return new String(redaction.body(body.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    @Test
    void theWholeBearerHeaderValueIsReplacedWhateverTheSchemesCase() {
        assertThat(redact(bearer, "Authorization: Bearer " + SECRET + "\r\nAccept: */*"))
                .isEqualTo("Authorization: " + MARK + "\r\nAccept: */*");
        assertThat(redact(bearer, "{\"authorization\":\"bearer " + SECRET + "\"}"))
                .isEqualTo("{\"authorization\":\"" + MARK + "\"}");
        assertThat(bearer.text("W/\"" + SECRET + "\"")).isEqualTo("W/\"" + MARK + "\"");
    }

    @Test
    void aCredentialInItsOwnHeaderIsReplacedAsItIsAndInsideLongerText() {
        assertThat(redact(key, "X-Api-Key: " + SECRET)).isEqualTo("X-Api-Key: " + MARK);
        assertThat(redact(key, "prefix" + SECRET + SECRET + "suffix")).isEqualTo("prefix" + MARK + MARK + "suffix");
    }

    @Test
    void urlEncodedFormsAreReplacedOnceOrTwiceEncodedInEitherCase() {
        String once = URLEncoder.encode("Bearer " + SECRET, StandardCharsets.UTF_8);
        String twice = URLEncoder.encode(once, StandardCharsets.UTF_8);
        String lower = once.toLowerCase(java.util.Locale.ROOT);

        assertThat(once).isNotEqualTo("Bearer " + SECRET);
        assertThat(redact(bearer, "authorization=" + once + "&a=1")).isEqualTo("authorization=" + MARK + "&a=1");
        assertThat(redact(bearer, "h=" + twice)).isEqualTo("h=" + MARK);
        assertThat(redact(
                        key,
                        "k=" + URLEncoder.encode(SECRET, StandardCharsets.UTF_8).replace("%2F", "%2f")))
                .isEqualTo("k=" + MARK);
        assertThat(redact(bearer, lower)).isEqualTo(MARK);
    }

    @Test
    void jsonJavaScriptAndHtmlEscapesAreReplaced() {
        assertThat(redact(key, "{\"k\":\"s3cr\\/et+tok=en\\u0026\\u003cx\\u003E%~\"}"))
                .isEqualTo("{\"k\":\"" + MARK + "\"}");
        assertThat(redact(key, "'s3cr\\x2fet+tok\\x3den\\x26<x>%~'")).isEqualTo("'" + MARK + "'");
        assertThat(redact(key, "<dd>s3cr&#47;et&#x2B;tok&#061;en&amp;&lt;x&gt;&#x25;~</dd>"))
                .isEqualTo("<dd>" + MARK + "</dd>");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a", "ab", "Authorization: Bearer ", "x-api-key: "})
    void base64AtEveryAlignmentAndInBothAlphabetsIsReplaced(String before) {
        byte[] plain = (before + SECRET + "\r\nAccept: */*").getBytes(StandardCharsets.US_ASCII);
        String standard = Base64.getEncoder().encodeToString(plain);
        String urlSafe = Base64.getUrlEncoder().withoutPadding().encodeToString(plain);

        int from = (8 * before.length() + 5) / 6;
        int to = 8 * (before.length() + SECRET.length()) / 6;

        for (String encoded : new String[] {standard, urlSafe}) {
            String redacted = redact(key, "dump=" + encoded);
            assertThat(redacted)
                    .as("the characters that encode the credential are gone")
                    .doesNotContain(encoded.substring(from, to))
                    .startsWith("dump=" + encoded.substring(0, Math.max(0, from - 1)))
                    .contains(MARK);
        }
    }

    @Test
    void utf16TextInEitherByteOrderIsReplacedInTheSameEncoding() {
        for (java.nio.charset.Charset charset :
                new java.nio.charset.Charset[] {StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE}) {
            byte[] body = ("key: " + SECRET + "\n").getBytes(charset);

            assertThat(new String(key.body(body), charset)).isEqualTo("key: " + MARK + "\n");
        }
    }

    @Test
    void aBodyWithoutTheCredentialIsReturnedByteForByte() {
        byte[] body = {(byte) 0xff, 0, 's', '3', 'c', 'r', (byte) 0xc3, (byte) 0xa9, '%', '2', 'F', '\\', 'u'};

        assertThat(key.body(body)).isSameAs(body);
        byte[] utf8 = "Grüße, s3cr/et almost, ünïcödé".getBytes(StandardCharsets.UTF_8);
        assertThat(bearer.body(utf8)).isEqualTo(utf8);
    }

    @Test
    void bytesAroundAReplacementAreKeptAsTheyWere() {
        byte[] body = ("é→" + SECRET + "←ü").getBytes(StandardCharsets.UTF_8);

        assertThat(new String(key.body(body), StandardCharsets.UTF_8)).isEqualTo("é→" + MARK + "←ü");
    }

    @Test
    void aShortCredentialIsReplacedAsTextButNotLookedForInBase64() {
        CredentialRedaction shortKey = CredentialRedaction.of("k3y", false);

        assertThat(redact(shortKey, "key=k3y, text=aZ3k")).isEqualTo("key=" + MARK + ", text=aZ3k");
        String base64 = Base64.getEncoder().encodeToString("k3yk3yk3y".getBytes(StandardCharsets.US_ASCII));
        assertThat(redact(shortKey, base64)).isEqualTo(base64);
    }

    @Test
    void aServiceWithoutACredentialChangesNothing() {
        ServiceSettings options =
                ServiceSettings.builder("open").baseUrl("http://127.0.0.1:1/").build();
        byte[] body = "Authorization: Bearer [anything]".getBytes(StandardCharsets.UTF_8);

        assertThat(CredentialRedaction.of(options).body(body)).isSameAs(body);
        assertThat(CredentialRedaction.of(ServiceSettings.builder("keyed")
                                .baseUrl("http://127.0.0.1:1/")
                                .credentialHeader("authorization")
                                .credential(Optional.of(SECRET))
                                .build())
                        .text("Bearer " + SECRET))
                .as("Authorization in any case sends Bearer")
                .isEqualTo(MARK);
    }
}
