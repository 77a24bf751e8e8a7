package dev.bulwark.tools.business.users;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The rules a user's values must follow, and their normal forms.
 */
final class UserRules {

    /** The longest name, in characters (Unicode code points). */
    public static final int MAX_NAME_LENGTH = 100;
    /** The longest email address (RFC 5321 path limit). */
    public static final int MAX_EMAIL_LENGTH = 254;

    private static final Pattern LOCAL_PART =
            Pattern.compile("[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*");
    private static final Pattern DOMAIN_LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern TOP_LABEL = Pattern.compile("[a-z]{2,63}|xn--[a-z0-9-]{1,59}");
    private static final Pattern ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private UserRules() {}

    /** The trimmed name, or an error naming the broken rule. */
    public static String name(String raw) {
        String name = raw == null ? "" : raw.strip();
        if (name.isEmpty()) {
            throw new InvalidUserInputException("name", "must not be blank");
        }
        if (name.codePointCount(0, name.length()) > MAX_NAME_LENGTH) {
            throw new InvalidUserInputException("name", "must be at most " + MAX_NAME_LENGTH + " characters");
        }
        if (name.codePoints().anyMatch(Character::isISOControl)) {
            throw new InvalidUserInputException("name", "must not contain control characters (line breaks, tabs)");
        }
        if (name.codePoints().anyMatch(c -> c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE)) {
            // UTF-8 cannot carry it: PostgreSQL would store '?' in its place while the caller was told otherwise.
            throw new InvalidUserInputException(
                    "name",
                    "must be valid Unicode text: it holds a lone UTF-16 surrogate"
                            + " (\\ud800-\\udfff not part of a pair)");
        }
        return name;
    }

    /** The trimmed, lower-cased email, or an error naming the broken rule. */
    public static String email(String raw) {
        String email = raw == null ? "" : raw.strip().toLowerCase(Locale.ROOT);
        String rule = emailProblem(email);
        if (rule != null) {
            throw new InvalidUserInputException("email", rule);
        }
        return email;
    }

    /** The id, if it is a user id (a lower-case UUID as {@code create_user} returns it). */
    public static String id(String raw) {
        if (raw == null || !ID.matcher(raw).matches()) {
            throw new InvalidUserInputException(
                    "user_id", "must be a user id as create_user or list_users return it (a lower-case UUID)");
        }
        return raw;
    }

    private static String emailProblem(String email) {
        if (email.isEmpty()) {
            return "must not be blank";
        }
        if (email.length() > MAX_EMAIL_LENGTH) {
            return "must be at most " + MAX_EMAIL_LENGTH + " characters";
        }
        int at = email.lastIndexOf('@');
        if (at <= 0 || email.indexOf('@') != at) {
            return "'" + email + "' is not an email address: it needs exactly one '@' with a name before it";
        }
        String local = email.substring(0, at);
        String domain = email.substring(at + 1);
        if (local.length() > 64 || !LOCAL_PART.matcher(local).matches()) {
            return "'" + email + "' is not an email address: the part before '@' must be at most 64 letters, digits"
                    + " or !#$%&'*+/=?^_`{|}~- characters, with single dots between them";
        }
        String[] labels = domain.split("\\.", -1);
        if (labels.length < 2) {
            return "'" + email + "' is not an email address: the domain needs a dot, as in example.com";
        }
        for (String label : labels) {
            if (!DOMAIN_LABEL.matcher(label).matches()) {
                return "'" + email + "' is not an email address: each part of the domain must be 1-63 letters,"
                        + " digits or inner hyphens";
            }
        }
        if (!TOP_LABEL.matcher(labels[labels.length - 1]).matches()) {
            return "'" + email + "' is not an email address: the domain must end in a top-level domain such as .com";
        }
        return null;
    }
}
