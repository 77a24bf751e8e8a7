package dev.bulwark.config;

import java.util.regex.Pattern;

/**
 * The grammar of a tool's name, MCP's rule (SEP-986): 1 to {@value #MAX_LENGTH} letters, digits, {@code _},
 * {@code .} or {@code -}. The one place it is written, for whatever defines or names a tool (a tool, a service's
 * tool names, a monitor's probe). Stateless.
 */
public final class ToolName {

    /** The longest name MCP allows. */
    public static final int MAX_LENGTH = 128;

    /** The characters a name may hold, as a regular-expression character class. */
    public static final String CHARACTERS = "[A-Za-z0-9_.-]";

    private static final Pattern VALID = Pattern.compile(CHARACTERS + "{1," + MAX_LENGTH + "}");

    private ToolName() {}

    /** Whether {@code name} is a tool name. */
    public static boolean isValid(String name) {
        return name != null && VALID.matcher(name).matches();
    }

    /**
     * Whether {@code name} is a tool name of at most {@code maxLength} characters: a narrower rule for names that
     * must also fit a client's shorter limit.
     *
     * @throws IllegalArgumentException when {@code maxLength} is not 1 to {@value #MAX_LENGTH}
     */
    public static boolean isValid(String name, int maxLength) {
        if (maxLength < 1 || maxLength > MAX_LENGTH) {
            throw new IllegalArgumentException(
                    "a tool name's length limit is 1 to " + MAX_LENGTH + ", was " + maxLength);
        }
        return isValid(name) && name.length() <= maxLength;
    }

    /** The rule in words, for an error message: {@code "1 to 128 letters, digits, '_', '.' or '-'"}. */
    public static String rule() {
        return rule(MAX_LENGTH);
    }

    /** The rule in words for names of at most {@code maxLength} characters. */
    public static String rule(int maxLength) {
        return "1 to " + maxLength + " letters, digits, '_', '.' or '-'";
    }
}
