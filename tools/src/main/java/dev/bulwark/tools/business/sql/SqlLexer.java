package dev.bulwark.tools.business.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small lexer with PostgreSQL's rules for what is code and what is not, to count statements and find calls.
 */
final class SqlLexer {

    /** The text of a string literal's token ({@code '...'} or {@code $$...$$}). */
    static final String STRING = "'";
    /** The text of an escape string literal's token ({@code E'...'}). */
    static final String ESCAPE_STRING = "E'";

    /**
     * One significant token: an identifier (unquoted and lower-cased, or quoted and as written), a string literal
     * ({@link #STRING} or {@link #ESCAPE_STRING}, without its contents) or one symbol.
     *
     * @param text the identifier, the kind of string, or the symbol as a one-character string
     * @param identifier whether it is an identifier
     * @param quoted whether it is a quoted identifier
     * @param start where it starts in the statement
     * @param end where it ends in the statement (exclusive)
     */
    record Token(String text, boolean identifier, boolean quoted, int start, int end) {}

    /** Thrown when the text does not lex: an unterminated string, identifier or comment. */
    static final class LexException extends Exception {
        private static final long serialVersionUID = 1L;

        LexException(String message) {
            super(message);
        }
    }

    private SqlLexer() {}

    /**
     * The significant tokens of {@code sql}: no whitespace, comments or string contents.
     *
     * @param backslashEscapes whether {@code E'...'} strings take backslash escapes (PostgreSQL) or are standard
     *     strings (H2)
     */
    static List<Token> tokens(String sql, boolean backslashEscapes) throws LexException {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                i = endOfLine(sql, i);
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                i = skipBlockComment(sql, i);
            } else if (c == '\'') {
                Token previous = tokens.isEmpty() ? null : tokens.get(tokens.size() - 1);
                boolean escapeString = previous != null
                        && previous.identifier()
                        && !previous.quoted()
                        && previous.text().equals("e")
                        && previous.end() == i
                        && (previous.start() == 0 || !isIdentifierPart(sql.charAt(previous.start() - 1)));
                int start = i;
                if (escapeString) {
                    tokens.remove(tokens.size() - 1); // the E prefix was read as an identifier
                    start = previous.start();
                }
                i = skipString(sql, i, escapeString && backslashEscapes);
                tokens.add(new Token(escapeString ? ESCAPE_STRING : STRING, false, false, start, i));
            } else if (c == '"') {
                int end = i + 1;
                StringBuilder name = new StringBuilder();
                while (true) {
                    if (end >= n) {
                        throw new LexException("unterminated quoted identifier");
                    }
                    char d = sql.charAt(end);
                    if (d == '"') {
                        if (end + 1 < n && sql.charAt(end + 1) == '"') {
                            name.append('"');
                            end += 2;
                            continue;
                        }
                        break;
                    }
                    name.append(d);
                    end++;
                }
                tokens.add(new Token(name.toString(), true, true, i, end + 1));
                i = end + 1;
            } else if (c == '$' && dollarTag(sql, i) != null) {
                String tag = dollarTag(sql, i);
                int end = sql.indexOf(tag, i + tag.length());
                if (end < 0) {
                    throw new LexException("unterminated dollar-quoted string");
                }
                tokens.add(new Token(STRING, false, false, i, end + tag.length()));
                i = end + tag.length();
            } else if (Character.isLetter(c) || c == '_') {
                int end = i + 1;
                while (end < n && isIdentifierPart(sql.charAt(end))) {
                    end++;
                }
                tokens.add(new Token(sql.substring(i, end).toLowerCase(Locale.ROOT), true, false, i, end));
                i = end;
            } else if (c == '&'
                    && followsLoneU(sql, tokens, i)
                    && i + 1 < n
                    && (sql.charAt(i + 1) == '"' || sql.charAt(i + 1) == '\'')) {
                // PostgreSQL reads U&"\0073et_config" as set_config; JSqlParser and this lexer would not
                throw new LexException("escaped Unicode name or string (U&\"...\" or U&'...'), which is not accepted:"
                        + " write the name or the text as it is");
            } else {
                tokens.add(new Token(String.valueOf(c), false, false, i, i + 1));
                i++;
            }
        }
        return tokens;
    }

    /**
     * How deeply parentheses nest: the most that are open at once (an unbalanced closing one is left to the
     * parser).
     */
    static int nestingDepth(List<Token> tokens) {
        int depth = 0;
        int deepest = 0;
        for (Token token : tokens) {
            if (!token.identifier() && token.text().equals("(")) {
                deepest = Math.max(deepest, ++depth);
            } else if (!token.identifier() && token.text().equals(")")) {
                depth = Math.max(0, depth - 1);
            }
        }
        return deepest;
    }

    /** Whether an {@code E'...'} string holds a backslash, which PostgreSQL and H2 read differently. */
    static boolean hasBackslashInEscapeString(String sql, List<Token> tokens) {
        for (Token token : tokens) {
            if (token.text().equals(ESCAPE_STRING)
                    && !token.identifier()
                    && sql.substring(token.start(), token.end()).indexOf('\\') >= 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code sql} with every {@code E'...'} string replaced by an empty standard string {@code ''}, for a parser that
     * does not know backslash escapes: the statement it then reads has the same structure as the one the database
     * reads. Only the check reads it; the statement runs as it was written.
     */
    static String withEscapeStringsBlanked(String sql, List<Token> tokens) {
        StringBuilder blanked = null;
        int copied = 0;
        for (Token token : tokens) {
            if (token.text().equals(ESCAPE_STRING) && !token.identifier()) {
                if (blanked == null) {
                    blanked = new StringBuilder(sql.length());
                }
                blanked.append(sql, copied, token.start()).append("''");
                copied = token.end();
            }
        }
        return blanked == null ? sql : blanked.append(sql, copied, sql.length()).toString();
    }

    /** How many statements PostgreSQL would see: non-empty runs of tokens between semicolons. */
    static int statementCount(List<Token> tokens) {
        int count = 0;
        boolean inStatement = false;
        for (Token token : tokens) {
            if (!token.identifier() && token.text().equals(";")) {
                inStatement = false;
            } else if (!inStatement) {
                inStatement = true;
                count++;
            }
        }
        return count;
    }

    /** The names of everything called like a function: an identifier directly followed by {@code (}. */
    static List<String> calledNames(List<Token> tokens) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i + 1 < tokens.size(); i++) {
            if (tokens.get(i).identifier()
                    && tokens.get(i + 1).text().equals("(")
                    && !tokens.get(i + 1).identifier()) {
                names.add(tokens.get(i).text());
            }
        }
        return names;
    }

    /** Whether a locking clause ({@code FOR UPDATE}, {@code FOR NO KEY UPDATE}, {@code FOR [KEY] SHARE}) appears. */
    static boolean hasLockingClause(List<Token> tokens) {
        for (int i = 0; i + 1 < tokens.size(); i++) {
            if (isWord(tokens.get(i), "for")) {
                Token next = tokens.get(i + 1);
                if (isWord(next, "update") || isWord(next, "share") || isWord(next, "no") || isWord(next, "key")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isWord(Token token, String word) {
        return token.identifier() && token.text().equals(word);
    }

    private static boolean isIdentifierPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }

    /** Whether the token before {@code at} is a lone unquoted {@code U} that ends right there. */
    private static boolean followsLoneU(String sql, List<Token> tokens, int at) {
        Token previous = tokens.isEmpty() ? null : tokens.get(tokens.size() - 1);
        return previous != null
                && previous.identifier()
                && !previous.quoted()
                && previous.text().equals("u")
                && previous.end() == at
                && (previous.start() == 0 || !isIdentifierPart(sql.charAt(previous.start() - 1)));
    }

    private static int skipBlockComment(String sql, int start) throws LexException {
        int depth = 0;
        int i = start;
        int n = sql.length();
        while (i < n) {
            if (sql.startsWith("/*", i)) {
                depth++;
                i += 2;
            } else if (sql.startsWith("*/", i)) {
                depth--;
                i += 2;
                if (depth == 0) {
                    return i;
                }
            } else {
                i++;
            }
        }
        throw new LexException("unterminated block comment");
    }

    /**
     * Where a line comment starting at {@code start} ends: after the first line break, {@code \n} or {@code \r}, as
     * PostgreSQL's lexer has it (a {@code \r} alone ends the comment there too); at the end when there is none.
     */
    private static int endOfLine(String sql, int start) {
        for (int i = start; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (c == '\n' || c == '\r') {
                return i + 1;
            }
        }
        return sql.length();
    }

    private static int skipString(String sql, int start, boolean backslashEscapes) throws LexException {
        int i = start + 1;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (backslashEscapes && c == '\\') {
                i += 2;
            } else if (c == '\'') {
                if (i + 1 < n && sql.charAt(i + 1) == '\'') {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        throw new LexException("unterminated string literal");
    }

    /** The dollar-quote tag starting at {@code i} ({@code $$} or {@code $name$}), or null when there is none. */
    private static String dollarTag(String sql, int i) {
        int end = i + 1;
        while (end < sql.length() && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_')) {
            end++;
        }
        if (end < sql.length() && sql.charAt(end) == '$' && (end == i + 1 || !Character.isDigit(sql.charAt(i + 1)))) {
            return sql.substring(i, end + 1);
        }
        return null;
    }
}
