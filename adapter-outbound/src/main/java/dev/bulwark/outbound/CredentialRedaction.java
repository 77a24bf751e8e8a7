package dev.bulwark.outbound;

import dev.bulwark.ports.outbound.ServiceResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces a service's own credentials (its {@code credential}, each security scheme's secret, what basic
 * authentication sends, and the OAuth 2.0 tokens it fetched) with {@link ServiceResponse#REDACTED} wherever the
 * service sent them back. Immutable.
 */
final class CredentialRedaction {

    /** The shortest credential whose base64 forms are looked for: a shorter one's are too short to tell from text. */
    static final int MIN_BASE64_LENGTH = 8;

    /** The redaction that changes nothing. */
    static final CredentialRedaction NONE = new CredentialRedaction(List.of());

    private final List<Part> parts;

    private CredentialRedaction(List<Part> parts) {
        this.parts = List.copyOf(parts);
    }

    /** The forms of one credential: its text pattern and its two-byte forms. */
    private record Part(Pattern text, List<Wide> wide) {}

    /**
     * The redaction of the service's credentials: its {@code credential}, and each security scheme's secret, the
     * basic {@code username:password} in base64 beside it; one that changes nothing when it has none.
     */
    static CredentialRedaction of(ServiceSettings options) {
        List<Part> parts = new ArrayList<>();
        options.credential()
                .ifPresent(credential -> parts.addAll(
                        of(credential, options.credentialHeader().equalsIgnoreCase("Authorization")).parts));
        // What basic authentication sends goes first, whole: after its password alone, the rest would stay.
        options.security()
                .values()
                .forEach(held -> held.credential().ifPresent(secret -> {
                    held.username()
                            .ifPresent(username -> parts.addAll(of(
                                            Base64.getEncoder()
                                                    .encodeToString((username + ":" + secret)
                                                            .getBytes(StandardCharsets.US_ASCII)),
                                            false)
                                    .parts));
                    parts.addAll(of(secret, true).parts);
                }));
        return new CredentialRedaction(parts);
    }

    /** This redaction and {@code other}'s together. */
    CredentialRedaction and(CredentialRedaction other) {
        if (other.parts.isEmpty()) {
            return this;
        }
        List<Part> both = new ArrayList<>(parts);
        both.addAll(other.parts);
        return new CredentialRedaction(both);
    }

    /**
     * The redaction of {@code credential}, sent after {@code Bearer } when {@code bearer}.
     *
     * @param credential printable ASCII, as {@link ServiceSettings} requires
     */
    static CredentialRedaction of(String credential, boolean bearer) {
        List<String> alternatives = new ArrayList<>();
        Set<Character> firsts = new TreeSet<>(firstForms(credential.charAt(0)));
        String scheme = "";
        if (bearer) {
            scheme = "(?:(?i:bearer)" + anyForm(' ') + "+)?";
            firsts.addAll(List.of('b', 'B'));
        }
        alternatives.add(scheme + anyForm(credential));
        if (credential.length() >= MIN_BASE64_LENGTH) {
            for (String core : base64Cores(credential.getBytes(StandardCharsets.US_ASCII))) {
                alternatives.add(anyForm(core));
                firsts.addAll(firstForms(core.charAt(0)));
            }
        }
        // The look-ahead lets the matcher pass over a place where no form can start with one test of its character.
        StringBuilder start = new StringBuilder("(?=[");
        firsts.forEach(c -> start.append(String.format(Locale.ROOT, "\\x%02x", (int) c)));
        start.append("])");
        List<Wide> wide = List.of(
                new Wide(credential, StandardCharsets.UTF_16BE), new Wide(credential, StandardCharsets.UTF_16LE));
        return new CredentialRedaction(
                List.of(new Part(Pattern.compile(start + "(?:" + String.join("|", alternatives) + ")"), wide)));
    }

    /** The characters a form of {@code c} ({@link #anyForm(char)}) starts with. */
    private static List<Character> firstForms(char c) {
        return c == ' ' ? List.of(c, '%', '\\', '&', '+') : List.of(c, '%', '\\', '&');
    }

    /** {@code body} with every form of the credential replaced; the same array when it holds none. */
    byte[] body(byte[] body) {
        if (parts.isEmpty() || body.length == 0) {
            return body;
        }
        String bytes = new String(body, StandardCharsets.ISO_8859_1);
        String redacted = bytes;
        for (Part part : parts) {
            redacted = replace(part.text, redacted, ServiceResponse.REDACTED);
            for (Wide form : part.wide) {
                redacted = replace(form.pattern, redacted, form.marker);
            }
        }
        return redacted.equals(bytes) ? body : redacted.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** {@code value} with every form of the credential replaced. */
    String text(String value) {
        String redacted = value;
        for (Part part : parts) {
            redacted = replace(part.text, redacted, ServiceResponse.REDACTED);
        }
        return redacted;
    }

    private static String replace(Pattern pattern, String value, String marker) {
        Matcher matcher = pattern.matcher(value);
        return matcher.find() ? matcher.replaceAll(Matcher.quoteReplacement(marker)) : value;
    }

    /** A pattern matching {@code value} with each character in any of its {@link #anyForm(char) forms}. */
    private static String anyForm(String value) {
        StringBuilder pattern = new StringBuilder();
        for (char c : value.toCharArray()) {
            pattern.append(anyForm(c));
        }
        return pattern.toString();
    }

    /**
     * A pattern matching the ASCII character {@code c} as it is or escaped, the escapes grouped by their first
     * character so that the matcher tries few branches.
     */
    private static String anyForm(char c) {
        String literal = Pattern.quote(String.valueOf(c));
        String hex = hexDigits(String.format(Locale.ROOT, "%02x", (int) c));
        String percent = "%(?:(?:25)?" + hex + (c == ' ' ? "|2[bB]" : "") + ")";
        String backslash = "\\\\(?:u00" + hex + "|x" + hex + (Character.isLetterOrDigit(c) ? "" : "|" + literal) + ")";
        String named = switch (c) {
            case '&' -> "|amp;";
            case '<' -> "|lt;";
            case '>' -> "|gt;";
            case '"' -> "|quot;";
            case '\'' -> "|apos;";
            default -> "";
        };
        String reference = "&(?:#(?:0*" + (int) c + "|[xX]0*" + hexDigits(Integer.toHexString(c)) + ");" + named + ")";
        return "(?:" + percent + "|" + backslash + "|" + reference + "|" + literal + (c == ' ' ? "|\\+" : "") + ")";
    }

    /** A pattern matching these hex digits in either case. */
    private static String hexDigits(String digits) {
        StringBuilder pattern = new StringBuilder();
        for (char digit : digits.toCharArray()) {
            pattern.append(
                    Character.isLetter(digit)
                            ? "[" + digit + Character.toUpperCase(digit) + "]"
                            : String.valueOf(digit));
        }
        return pattern.toString();
    }

    /**
     * The base64 characters that depend on {@code secret}'s bytes only, for each of the three places it can start in
     * a group of three bytes, in the standard and the URL-safe alphabet: one of them is in the base64 of any text
     * that holds the secret.
     */
    private static Set<String> base64Cores(byte[] secret) {
        Set<String> cores = new LinkedHashSet<>();
        for (int offset = 0; offset < 3; offset++) {
            byte[] shifted = new byte[offset + secret.length];
            System.arraycopy(secret, 0, shifted, offset, secret.length);
            String encoded = Base64.getEncoder().withoutPadding().encodeToString(shifted);
            int from = (8 * offset + 5) / 6;
            int to = 8 * (offset + secret.length) / 6;
            String core = encoded.substring(from, to);
            cores.add(core);
            cores.add(core.replace('+', '-').replace('/', '_'));
        }
        return cores;
    }

    /** The credential in a two-byte charset, as ISO-8859-1 text, and the marker in that charset. */
    private record Wide(Pattern pattern, String marker) {
        Wide(String credential, Charset charset) {
            this(
                    Pattern.compile(Pattern.quote(latin1(credential.getBytes(charset)))),
                    latin1(ServiceResponse.REDACTED.getBytes(charset)));
        }

        private static String latin1(byte[] bytes) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }
}
