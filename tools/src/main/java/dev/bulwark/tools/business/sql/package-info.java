/**
 * The SQL tools' rules: statement analysis with a real parser, access modes, limits and safe error messages.
 *
 * <p><b>{@link StatementPolicy}</b>: The first line of the SQL tools' defence: checks one statement with a real SQL
 * parser (JSqlParser) before it goes anywhere near the database, and fails closed: whatever the parser does not
 * understand is refused.
 *
 * <ul>
 *   <li>exactly one statement (so {@code SELECT 1; COMMIT; DELETE ...} is refused, comments and quotes included);
 *   <li>only {@code SELECT} / {@code VALUES} / {@code EXPLAIN} (without {@code ANALYZE} of a write), and
 *       {@code INSERT} / {@code UPDATE} / {@code DELETE} as writes; everything else (DDL, {@code SET}, {@code RESET},
 *       {@code COPY}, {@code DO}, {@code CALL}, transaction control, {@code GRANT}, {@code LOCK}, ...) is refused;
 *   <li>no dangerous function anywhere in the statement ({@link DangerousFunctions}), no locking clause, no
 *       {@code SELECT INTO}, no named or numbered parameters ({@code :name}, {@code $1}: only {@code ?}), no table
 *       qualified with a schema outside the allowed ones;
 *   <li>a data-modifying {@code WITH} makes a query a write;
 *   <li>each {@code UPDATE} and {@code DELETE} without a {@code WHERE} clause, a {@code WITH} clause's included, is
 *       reported ({@link CheckedStatement#writesWithoutWhere()}), for the service to refuse unless allowed.
 * </ul>
 *
 * <p>Where the two readings would part, the statement is refused with a reason that says so:
 *
 * <ul>
 *   <li>{@code E'...'} strings: PostgreSQL honours their backslash escapes ({@code E'it\'s'} is one string), H2
 *       reads them as standard strings (where that is a string, a word and an open quote). The policy honours the
 *       escapes only when told the database does ({@code backslashEscapeStrings}); otherwise an {@code E'...'}
 *       string holding a backslash is refused, since the database may read it either way;
 *   <li>nesting: JSqlParser gives up, without saying why, on statements that nest parentheses more than a few levels
 *       deep (its thorough mode is only tried up to {@value CCJSqlParserUtil#ALLOWED_NESTING_DEPTH} levels), and
 *       its walker and ours recurse once per level. More than {@value StatementPolicy#MAX_NESTING_DEPTH} levels are refused before
 *       parsing; a statement the parser gives up on, or too deep to walk, is refused as nesting too deeply.
 * </ul>
 *
 * <p>This is not the only line: the database then runs the statement in a read-only transaction (for reads), as a
 * role with the least privileges, with a timeout it cannot switch off. The parser never touches I/O. Thread-safe.
 *
 * <p><b>{@link SqlLexer}</b>: A small lexer with PostgreSQL's rules for what is code and what is not: string
 * literals ({@code '...'} with {@code ''}, {@code E'...'} with backslash escapes), quoted identifiers,
 * dollar-quoted strings ({@code $tag$...$tag$}), line comments and nested block comments. It gives the policy a
 * second, independent reading of the statement, so a place where JSqlParser and PostgreSQL disagree about quoting
 * cannot hide a second statement or a function call. Anything it cannot close (an unterminated string or comment)
 * makes the statement refused.
 *
 * <p>An {@code E'...'} string is one whose opening quote directly follows a lone unquoted {@code E} (so not {@code
 * "e"'...'} nor {@code name'...'}); its backslash escapes ({@code \'}, {@code \\}) are honoured only when the
 * caller says the database honours them: H2 (the embedded database) reads {@code E'...'} as a standard string, in
 * which a backslash is an ordinary character. Stateless; each call works on its own input. Thread-safe.
 *
 * <p><b>{@link SqlService}</b>: The SQL tools' business rules. A statement runs read-write only when the server
 * allows writes ({@code database.allow-writes}) <em>and</em> the caller holds the write scope; otherwise it runs
 * read-only, and a statement that writes is refused before it reaches the database. An {@code UPDATE} or {@code
 * DELETE} without a {@code WHERE} clause (a {@code WITH} clause's included) is refused too, unless {@code
 * database.allow-writes-without-where} is on. Every statement passes the {@link StatementPolicy} first; the number
 * of bound values must match its placeholders; results are capped at the row limit; a batch holds at most {@code
 * database.batch-max-operations} statements and runs in one transaction. Database refusals become messages in fixed
 * words (category and SQLSTATE), never the database's own text; a statement cancelled at the statement timeout ends
 * in a {@link SqlTimeoutException} (error type {@code timeout}), every other refusal in a {@link
 * SqlRefusedException}. Table discovery ({@link SqlService#listTables}, {@link SqlService#describeTable}) keeps to
 * the allowed schemas. Thread-safe.
 *
 * <p><b>{@link SyntaxTree}</b>: Every object of a statement parsed by JSqlParser, found by following each field of
 * each object of its model (expressions, statements, clauses, and the lists, maps and arrays that hold them),
 * whatever kind of node it is. A visitor only walks what it was written to walk: the arguments of {@code
 * overlay(... placing ...)}, a {@code DISTINCT ON} list, {@code RETURNING} or {@code ON CONFLICT ... DO UPDATE}
 * were each left out by one, and a sub-query there escaped every check. This sweep fails closed: a clause a later
 * JSqlParser adds is reached too. The parser's own syntax nodes ({@code net.sf.jsqlparser.parser}) are not model
 * and are skipped. Stateless; thread-safe.
 *
 * <p><b>{@link StatementInspector}</b>: Inspects one parsed statement and records what the policy must refuse:
 * dangerous functions, locking clauses, {@code SELECT INTO}, data-modifying CTEs, named and numbered parameters
 * ({@code :name}, {@code $1}), system catalogs, and tables qualified with a schema outside the allowed ones. Counts
 * {@code ?} placeholders and notes each {@code UPDATE} and {@code DELETE} without a {@code WHERE} clause.
 * JSqlParser's own visitor walks the statement, refusing (by throwing) what it does not understand; the checks run
 * on every object of the parsed statement, found by a sweep of its fields ({@link SyntaxTree}), so no clause a
 * visitor leaves out escapes them. One instance per statement; not thread-safe.
 *
 * <p><b>{@link DangerousFunctions}</b>: Functions the SQL tools never call, whatever the role's privileges: they
 * read or write the server's files, run programs or other SQL text, reach other servers, read or change settings or
 * the session's role, tell where the server runs (its addresses, ports, paths), take locks that outlive the
 * transaction, or control the server. Matched on the unqualified, lower-cased name, so {@code
 * pg_catalog."PG_READ_FILE"} and {@code PG_READ_FILE} are caught alike. Covers PostgreSQL and H2. Thread-safe.
 *
 * <p><b>{@link SqlTimeoutException}</b>: The database cancelled a statement that ran longer than the statement
 * timeout. Its error type is {@code timeout}, like a tool call that ran out of time, so clients and dashboards see
 * a slow statement as a timeout (which may succeed with a narrower query) rather than as a refusal. The message
 * says so in fixed words.
 */
package dev.bulwark.tools.business.sql;
