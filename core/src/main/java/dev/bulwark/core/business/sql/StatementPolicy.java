package dev.bulwark.core.business.sql;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.ExplainStatement;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.Statements;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.update.Update;

/**
 * The first line of the SQL tools' defence: checks one statement with a real SQL parser (JSqlParser) before it goes
 * anywhere near the database, and fails closed: whatever the parser does not understand is refused.
 *
 * <ul>
 *   <li>exactly one statement (so {@code SELECT 1; COMMIT; DELETE ...} is refused, comments and quotes included);
 *   <li>only {@code SELECT} / {@code VALUES} / {@code EXPLAIN} (without {@code ANALYZE} of a write), and
 *       {@code INSERT} / {@code UPDATE} / {@code DELETE} as writes; everything else (DDL, {@code SET}, {@code RESET},
 *       {@code COPY}, {@code DO}, {@code CALL}, transaction control, {@code GRANT}, {@code LOCK}, ...) is refused;
 *   <li>no dangerous function anywhere in the statement ({@link DangerousFunctions}), no locking clause, no
 *       {@code SELECT INTO}, no named parameters, no table qualified with a schema outside the allowed ones;
 *   <li>a data-modifying {@code WITH} makes a query a write.
 * </ul>
 *
 * <p>This is not the only line: the database then runs the statement in a read-only transaction (for reads), as a
 * role with the least privileges, with a timeout it cannot switch off. The parser never touches I/O. Thread-safe.
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

    private final Set<String> allowedSchemas;

    /** @param allowedSchemas schemas a statement may name explicitly */
    public StatementPolicy(Set<String> allowedSchemas) {
        this.allowedSchemas = Set.copyOf(allowedSchemas);
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
        checkLexically(sql);
        Statement statement = parseSingle(sql);
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
                throw refused(analyze
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
        return new CheckedStatement(sql, kind, type, inspector.parameterCount(), inspector.hasRecursiveCte());
    }

    /**
     * The second reading, with PostgreSQL's quoting rules: one statement, no dangerous function called anywhere
     * (RETURNING and ON CONFLICT clauses included), no locking clause.
     */
    private static void checkLexically(String sql) {
        List<SqlLexer.Token> tokens;
        try {
            tokens = SqlLexer.tokens(sql);
        } catch (SqlLexer.LexException e) {
            throw refused("it has an " + e.getMessage());
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
    }

    private Statement parseSingle(String sql) {
        Statements statements;
        try {
            statements = CCJSqlParserUtil.parseStatements(sql, PARSER_THREADS,
                    parser -> parser.withTimeOut(PARSE_TIMEOUT_MS).withUnsupportedStatements(false)
                            .withErrorRecovery(false).withBackslashEscapeCharacter(false));
        } catch (JSQLParserException | RuntimeException e) {
            throw refused("the statement could not be parsed, and statements the checker does not understand are"
                    + " refused; use standard SELECT, INSERT, UPDATE or DELETE syntax");
        }
        if (statements == null || statements.isEmpty()) {
            throw refused("the statement is empty");
        }
        if (statements.size() > 1) {
            throw refused("it holds " + statements.size() + " statements; send exactly one per call (use"
                    + " batch_operations for several in one transaction)");
        }
        return statements.get(0);
    }

    /** Walks the statement; a statement the walker cannot handle is refused, never waved through. */
    private static void inspect(StatementInspector inspector, Statement statement) {
        try {
            inspector.inspect(statement);
        } catch (RuntimeException e) {
            throw refused("the statement could not be checked, and statements the checker does not understand are"
                    + " refused; use standard SELECT, INSERT, UPDATE or DELETE syntax");
        }
    }

    private static String describe(Statement statement) {
        String name = statement.getClass().getSimpleName();
        return switch (name) {
            case "Commit", "RollbackStatement", "SavepointStatement", "Block" -> "transaction control";
            case "SetStatement", "ResetStatement" -> "a SET/RESET of a setting";
            default -> "a " + name.replaceAll("([a-z])([A-Z])", "$1 $2").toUpperCase(java.util.Locale.ROOT)
                    .replace(" STATEMENT", "") + " statement";
        };
    }

    private static SqlRefusedException refused(String reason) {
        return new SqlRefusedException("Statement refused: " + reason + ".");
    }
}
