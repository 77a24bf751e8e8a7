package dev.bulwark.stdio;

import java.nio.charset.StandardCharsets;

/**
 * Reads the top level of a JSON-RPC line without building it: whether it is a request, and its id.
 */
final class LineHead {

    /**
     * What the top level of a line says.
     *
     * @param request whether the line is a request: a string {@code method} and an {@code id}
     * @param id its id, when a request: a {@code String}, {@code Integer} or {@code Long}, as the parser reads it
     * @param method its method, when a request
     */
    record Head(boolean request, Object id, String method) {}

    /** A line this class does not read plainly. */
    static final Head UNKNOWN = new Head(false, null, null);

    private LineHead() {}

    /** The head of the first {@code length} bytes of {@code bytes}: a request and its id, or {@link #UNKNOWN}. */
    static Head read(byte[] bytes, int length) {
        int at = skipSpace(bytes, 0, length);
        if (at >= length || bytes[at] != '{') {
            return UNKNOWN;
        }
        at++;
        String method = null;
        Object id = null;
        boolean version = false;
        while (true) {
            at = skipSpace(bytes, at, length);
            if (at >= length || bytes[at] != '"') {
                return UNKNOWN;
            }
            int keyEnd = stringEnd(bytes, at, length);
            if (keyEnd < 0) {
                return UNKNOWN;
            }
            if (indexOf(bytes, at + 1, keyEnd, (byte) '\\') >= 0) {
                return UNKNOWN; // an escaped key could spell any of them
            }
            boolean isId = is(bytes, at + 1, keyEnd, "id");
            boolean isMethod = is(bytes, at + 1, keyEnd, "method");
            boolean isVersion = is(bytes, at + 1, keyEnd, "jsonrpc");
            at = skipSpace(bytes, keyEnd + 1, length);
            if (at >= length || bytes[at] != ':') {
                return UNKNOWN;
            }
            at = skipSpace(bytes, at + 1, length);
            int valueEnd = valueEnd(bytes, at, length);
            if (valueEnd < 0) {
                return UNKNOWN;
            }
            if (isId) {
                if (id != null) {
                    return UNKNOWN; // given twice: the parser refuses the line
                }
                id = id(bytes, at, valueEnd);
                if (id == null) {
                    return UNKNOWN;
                }
            } else if (isMethod) {
                if (method != null) {
                    return UNKNOWN;
                }
                method = plainString(bytes, at, valueEnd);
                if (method == null) {
                    return UNKNOWN;
                }
            } else if (isVersion) {
                if (version || !"2.0".equals(plainString(bytes, at, valueEnd))) {
                    return UNKNOWN;
                }
                version = true;
            }
            at = skipSpace(bytes, valueEnd, length);
            if (at < length && bytes[at] == ',') {
                at++;
            } else if (at < length && bytes[at] == '}') {
                boolean alone = skipSpace(bytes, at + 1, length) == length; // nothing follows the object
                return alone && version && method != null && id != null ? new Head(true, id, method) : UNKNOWN;
            } else {
                return UNKNOWN;
            }
        }
    }

    /** The id of a value from {@code from} to {@code to}: a plain string or an integer of at most 64 bits. */
    private static Object id(byte[] bytes, int from, int to) {
        if (bytes[from] == '"') {
            return plainString(bytes, from, to);
        }
        String text = new String(bytes, from, to - from, StandardCharsets.US_ASCII);
        if (!text.matches("-?(0|[1-9][0-9]{0,18})")) {
            return null;
        }
        try {
            long value = Long.parseLong(text);
            return value == (int) value ? (Object) (int) value : (Object) value;
        } catch (NumberFormatException beyond64Bits) {
            return null;
        }
    }

    /** The text of a string value from {@code from} to {@code to} (its quotes), or null if not one or escaped. */
    private static String plainString(byte[] bytes, int from, int to) {
        if (bytes[from] != '"') {
            return null;
        }
        if (indexOf(bytes, from + 1, to - 1, (byte) '\\') >= 0) {
            return null;
        }
        return new String(bytes, from + 1, to - from - 2, StandardCharsets.UTF_8);
    }

    /** The index just past the value starting at {@code at}, or -1. */
    private static int valueEnd(byte[] bytes, int at, int length) {
        if (at >= length) {
            return -1;
        }
        byte first = bytes[at];
        if (first == '"') {
            int end = stringEnd(bytes, at, length);
            return end < 0 ? -1 : end + 1;
        }
        if (first == '{' || first == '[') {
            int depth = 0;
            for (int i = at; i < length; i++) {
                byte b = bytes[i];
                if (b == '"') {
                    i = stringEnd(bytes, i, length);
                    if (i < 0) {
                        return -1;
                    }
                } else if (b == '{' || b == '[') {
                    depth++;
                } else if (b == '}' || b == ']') {
                    depth--;
                    if (depth == 0) {
                        return i + 1;
                    }
                }
            }
            return -1;
        }
        int i = at;
        while (i < length && bytes[i] != ',' && bytes[i] != '}' && !isSpace(bytes[i])) {
            i++;
        }
        return i == at ? -1 : i;
    }

    /** The index of the quote that ends the string whose opening quote is at {@code at}, or -1. */
    private static int stringEnd(byte[] bytes, int at, int length) {
        for (int i = at + 1; i < length; i++) {
            if (bytes[i] == '\\') {
                i++;
            } else if (bytes[i] == '"') {
                return i;
            }
        }
        return -1;
    }

    private static int indexOf(byte[] bytes, int from, int to, byte wanted) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    private static boolean is(byte[] bytes, int from, int to, String key) {
        if (to - from != key.length()) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            if (bytes[from + i] != key.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int skipSpace(byte[] bytes, int at, int length) {
        while (at < length && isSpace(bytes[at])) {
            at++;
        }
        return at;
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\r' || b == '\n';
    }
}
