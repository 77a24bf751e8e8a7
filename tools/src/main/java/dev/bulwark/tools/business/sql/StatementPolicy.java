package dev.bulwark.tools.business.sql;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.ExplainStatement;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.Statements;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.execute.Execute;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.update.Update;

/**
 * The first line of the SQL tools' defence: checks one statement with a real SQL parser, and fails closed.
 * Thread-safe.
 */
public final class StatementPolicy {

    /** The longest statement accepted, in characters. */
    public static final int MAX_SQL_LENGTH = 100_000;

    private static final long PARSE_TIMEOUT_MS = 2_000;

    /** Where the parser runs, so a pathological statement is cut off after a bounded time; daemon threads. */
    private static final ExecutorService PARSER_THREADS = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "bulwark-sql-parser");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * The deepest nesting of parentheses accepted, checked before parsing: JSqlParser gives up without saying why on
     * deeper statements, and its walker and ours recurse once per level.
     */
    public static final int MAX_NESTING_DEPTH = 32;

    private final Set<String> allowedSchemas;
    private final boolean backslashEscapeStrings;

    /**
     * A policy for a database whose reading of {@code E'...'} strings is not known: one holding a backslash is
     * refused.
     *
     * @param allowedSchemas schemas a statement may name explicitly
     */
    public StatementPolicy(Set<String> allowedSchemas) {
        this(allowedSchemas, false);
    }

    /**
     * @param allowedSchemas schemas a statement may name explicitly
     * @param backslashEscapeStrings whether the database honours backslash escapes in {@code E'...'} strings
     *     (PostgreSQL does; H2 does not)
     */
    public StatementPolicy(Set<String> allowedSchemas, boolean backslashEscapeStrings) {
        this.allowedSchemas = Set.copyOf(allowedSchemas);
        this.backslashEscapeStrings = backslashEscapeStrings;
    }

    /**
     * Checks one statement.
     *
     * @throws SqlRefusedException saying what is not allowed, and what is
     */
    public CheckedStatement check(String sql) {
        if (sql == null || sql.isBlank()) {
            throw refused("the statement is empty");
        }
        if (sql.length() > MAX_SQL_LENGTH) {
            throw refused("the statement is " + sql.length() + " characters long; at most " + MAX_SQL_LENGTH
                    + " are accepted");
        }
        List<SqlLexer.Token> tokens = checkLexically(sql);
        int depth = SqlLexer.nestingDepth(tokens);
        Statement statement =
                parseSingle(backslashEscapeStrings ? SqlLexer.withEscapeStringsBlanked(sql, tokens) : sql, depth);
        StatementInspector inspector = new StatementInspector(allowedSchemas);
        StatementKind kind;
        String type;
        if (statement instanceof Select) {
            type = "SELECT";
            inspect(inspector, statement);
            kind = inspector.hasModifyingCte() ? StatementKind.WRITE : StatementKind.READ;
        } else if (statement instanceof ExplainStatement explain) {
            type = "EXPLAIN";
            inspect(inspector, statement);
            boolean analyze = explain.getOption(ExplainStatement.OptionType.ANALYZE) != null;
            if (inspector.hasModifyingCte()) {
                throw refused(
                        analyze
                                ? "EXPLAIN ANALYZE would run the write it explains; it is not allowed"
                                : "EXPLAIN of a data-modifying statement is not allowed");
            }
            kind = StatementKind.READ;
        } else if (statement instanceof Insert || statement instanceof Update || statement instanceof Delete) {
            type = statement instanceof Insert ? "INSERT" : statement instanceof Update ? "UPDATE" : "DELETE";
            inspect(inspector, statement);
            kind = StatementKind.WRITE;
        } else {
            throw refused("only SELECT, VALUES and EXPLAIN (and INSERT, UPDATE, DELETE where writes are allowed)"
                    + " can run; this is " + describe(statement));
        }
        List<String> problems = inspector.problems();
        if (!problems.isEmpty()) {
            throw refused(String.join("; ", problems));
        }
        return new CheckedStatement(
                sql,
                kind,
                type,
                inspector.parameterCount(),
                inspector.hasRecursiveCte(),
                inspector.writesWithoutWhere());
    }

    /**
     * The second reading, with PostgreSQL's quoting rules: one statement, no dangerous function called anywhere
     * (RETURNING and ON CONFLICT clauses included), no locking clause.
     */
    private List<SqlLexer.Token> checkLexically(String sql) {
        List<SqlLexer.Token> tokens;
        try {
            tokens = SqlLexer.tokens(sql, backslashEscapeStrings);
        } catch (SqlLexer.LexException e) {
            throw refused("it has an " + e.getMessage()
                    + (backslashEscapeStrings || !sql.contains("\\'")
                            ? ""
                            : " (this database reads E'...' strings without backslash escapes: write a quote in a string"
                                    + " as '')"));
        }
        if (!backslashEscapeStrings && SqlLexer.hasBackslashInEscapeString(sql, tokens)) {
            throw refused("it has an E'...' string holding a backslash, which this database does not read as an"
                    + " escape; write a quote in a string as '' and a backslash as it is, in a standard '...' string");
        }
        int depth = SqlLexer.nestingDepth(tokens);
        if (depth > MAX_NESTING_DEPTH) {
            throw refused(
                    "it nests parentheses " + depth + " levels deep; at most " + MAX_NESTING_DEPTH + " are accepted");
        }
        int count = SqlLexer.statementCount(tokens);
        if (count == 0) {
            throw refused("the statement is empty");
        }
        if (count > 1) {
            throw refused("it holds " + count + " statements; send exactly one per call (use batch_operations for"
                    + " several in one transaction)");
        }
        for (String name : SqlLexer.calledNames(tokens)) {
            if (DangerousFunctions.isDangerous(List.of(name))) {
                throw refused("function " + name + "() is not allowed: it reaches the server's files, settings,"
                        + " locks, other servers or runs other SQL");
            }
        }
        if (SqlLexer.hasLockingClause(tokens)) {
            throw refused("locking clauses (FOR UPDATE, FOR SHARE, ...) are not allowed");
        }
        return tokens;
    }

    /** @param depth how deeply the statement nests parentheses, to say why the parser gave up */
    private static Statement parseSingle(String sql, int depth) {
        Statements statements;
        try {
            statements = CCJSqlParserUtil.parseStatements(
                    sql,
                    PARSER_THREADS,
                    parser -> parser.withTimeOut(PARSE_TIMEOUT_MS)
                            .withUnsupportedStatements(false)
                            .withErrorRecovery(false)
                            .withBackslashEscapeCharacter(false));
        } catch (JSQLParserException | RuntimeException e) {
            throw refused("the statement could not be parsed, and statements the checker does not understand are"
                    + " refused; use standard SELECT, INSERT, UPDATE or DELETE syntax");
        }
        if (statements == null && depth > CCJSqlParserUtil.ALLOWED_NESTING_DEPTH) {
            // JSqlParser answers null, not an exception, when its quick mode fails on a statement nesting deeper
            // than its thorough mode is tried on. The text is not empty: the lexer found a statement in it.
            throw refused("it nests parentheses " + depth + " levels deep, too deep for the checker to parse this"
                    + " statement; write it with fewer nested parentheses");
        }
        if (statements == null || statements.isEmpty()) {
            throw refused("the statement could not be parsed, and statements the checker does not understand are"
                    + " refused; use standard SELECT, INSERT, UPDATE or DELETE syntax");
        }
        if (statements.size() > 1) {
            throw refused("it holds " + statements.size() + " statements; send exactly one per call (use"
                    + " batch_operations for several in one transaction)");
        }
        return statements.get(0);
    }

    /** Walks the statement; a statement the walker cannot handle is refused, never waved through. */
    static void inspect(StatementInspector inspector, Statement statement) {
        try {
            inspector.inspect(statement);
        } catch (RuntimeException e) {
            throw refused("the statement could not be checked, and statements the checker does not understand are"
                    + " refused; use standard SELECT, INSERT, UPDATE or DELETE syntax");
        } catch (StackOverflowError e) {
            // A long chain of operators (1+1+...+1) parses into a tree as deep as the chain, which the walk
            // recurses down. The stack has unwound to here and the walk changed nothing outside this call.
            throw refused("it nests expressions too deeply to be checked; write it with fewer chained operators or"
                    + " nested parentheses");
        }
    }

    private static String describe(Statement statement) {
        if (statement instanceof Execute execute && execute.getExecType() != null) {
            // JSqlParser reads CALL, EXEC and EXECUTE into one class; the caller wrote one of them.
            return withArticle(execute.getExecType().name()) + " statement";
        }
        String name = statement.getClass().getSimpleName();
        return switch (name) {
            case "Commit", "RollbackStatement", "SavepointStatement", "Block" -> "transaction control";
            case "SetStatement", "ResetStatement" -> "a SET/RESET of a setting";
            default ->
                withArticle(name.replaceAll("([a-z])([A-Z])", "$1 $2")
                                .toUpperCase(Locale.ROOT)
                                .replace(" STATEMENT", ""))
                        + " statement";
        };
    }

    /** {@code "a CALL"}, {@code "an EXECUTE"}. */
    private static String withArticle(String word) {
        return ("AEIOU".indexOf(word.charAt(0)) >= 0 ? "an " : "a ") + word;
    }

    private static SqlRefusedException refused(String reason) {
        return new SqlRefusedException("Statement refused: " + reason + ".");
    }
}
