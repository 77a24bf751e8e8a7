package dev.bulwark.tools.business.sql;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import net.sf.jsqlparser.expression.AnalyticExpression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.JdbcNamedParameter;
import net.sf.jsqlparser.expression.JdbcParameter;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.delete.ParenthesedDelete;
import net.sf.jsqlparser.statement.insert.ParenthesedInsert;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.TableFunction;
import net.sf.jsqlparser.statement.select.WithItem;
import net.sf.jsqlparser.statement.update.ParenthesedUpdate;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.util.TablesNamesFinder;

/**
 * Inspects one parsed statement and records what the policy must refuse.
 */
final class StatementInspector extends TablesNamesFinder<Void> {

    private final Set<String> allowedSchemas;
    private final List<String> problems = new ArrayList<>();
    private final Set<JdbcParameter> parameters = Collections.newSetFromMap(new IdentityHashMap<>());
    private final List<String> writesWithoutWhere = new ArrayList<>();
    private boolean modifyingCte;
    private boolean recursiveCte;

    StatementInspector(Set<String> allowedSchemas) {
        this.allowedSchemas = allowedSchemas;
    }

    /** Walks {@code statement}; afterwards read {@link #problems()}, {@link #parameterCount()}. */
    void inspect(Statement statement) {
        // The walk refuses (throws on) what JSqlParser's finder does not understand, and notes writes without WHERE.
        getTables(statement);
        // The checks run on every object of the parsed statement, whatever clause holds it: a walk only reaches what
        // it was written to reach (a function's named arguments, DISTINCT ON, ON CONFLICT ... DO UPDATE, ORDER BY,
        // LIMIT, a clause a later JSqlParser adds), and whatever escaped it escaped the checks. This fails closed.
        for (Object node : SyntaxTree.nodes(statement)) {
            check(node);
        }
    }

    private void check(Object node) {
        if (node instanceof TableFunction) {
            return; // a FROM item that holds its function (checked as found), and is itself a nameless Function
        }
        if (node instanceof Function function) {
            checkFunction(function.getMultipartName(), function.getName());
        } else if (node instanceof AnalyticExpression call) {
            checkFunction(List.of(call.getName()), call.getName());
        } else if (node instanceof Table table) {
            checkTable(table);
        } else if (node instanceof JdbcParameter parameter) {
            checkParameter(parameter);
        } else if (node instanceof JdbcNamedParameter parameter) {
            checkNamedParameter(parameter);
        } else if (node instanceof Select select) {
            checkSelect(select);
        } else if (node instanceof WithItem<?> item) {
            recursiveCte |= item.isRecursive();
        } else if (node instanceof ParenthesedInsert
                || node instanceof ParenthesedUpdate
                || node instanceof ParenthesedDelete) {
            modifyingCte = true;
        }
    }

    /** What must be refused, in words, in the order found, each once. */
    List<String> problems() {
        return problems.stream().distinct().toList();
    }

    int parameterCount() {
        return parameters.size();
    }

    /** Whether a WITH clause holds an INSERT, UPDATE or DELETE. */
    boolean hasRecursiveCte() {
        return recursiveCte;
    }

    boolean hasModifyingCte() {
        return modifyingCte;
    }

    /**
     * Each UPDATE or DELETE without a WHERE clause, CTEs included, as "UPDATE t" or "DELETE FROM t", each once (the
     * walk may reach a CTE's statement more than once).
     */
    List<String> writesWithoutWhere() {
        return writesWithoutWhere.stream().distinct().toList();
    }

    @Override
    public <S> Void visit(Update update, S context) {
        // A CTE's ParenthesedUpdate is walked through here too, as the Update it wraps.
        if (update.getWhere() == null) {
            writesWithoutWhere.add("UPDATE " + update.getTable().getFullyQualifiedName());
        }
        return super.visit(update, context);
    }

    @Override
    public <S> Void visit(Delete delete, S context) {
        if (delete.getWhere() == null) {
            writesWithoutWhere.add("DELETE FROM " + delete.getTable().getFullyQualifiedName());
        }
        return super.visit(delete, context);
    }

    @Override
    public <S> Void visit(WithItem<?> item, S context) {
        Object body = item.getParenthesedStatement();
        if (body instanceof ParenthesedInsert
                || body instanceof ParenthesedUpdate
                || body instanceof ParenthesedDelete) {
            // JSqlParser's own visitor cannot walk a data-modifying CTE: walk the statement inside it directly.
            ((Statement) body).accept(this, context);
            return null;
        }
        return super.visit(item, context);
    }

    private void checkTable(Table table) {
        String schema = table.getUnquotedSchemaName();
        if (table.getDatabaseName() != null && !table.getDatabaseName().isBlank()) {
            problems.add("table '" + table.getFullyQualifiedName() + "' names a database; name tables as schema.table"
                    + " or table");
        } else if ((schema == null || schema.isBlank())
                && table.getUnquotedName() != null
                && table.getUnquotedName().toLowerCase(Locale.ROOT).startsWith("pg_")) {
            // PostgreSQL searches pg_catalog first for an unqualified name: pg_settings, pg_stat_activity, pg_roles
            // tell where the server runs, who else is connected and what they run.
            problems.add("table '" + table.getFullyQualifiedName() + "' is a PostgreSQL system catalog or view, which"
                    + " the SQL tools may not read (list_tables lists the tables they may read)");
        } else if (schema != null && !schema.isBlank() && !allowedSchemas.contains(schema)) {
            problems.add("table '" + table.getFullyQualifiedName() + "' is in schema '" + schema
                    + "', which the SQL tools may not use (allowed: "
                    + String.join(", ", allowedSchemas.stream().sorted().toList())
                    + "; list_tables lists the tables they may read)");
        }
    }

    private void checkParameter(JdbcParameter parameter) {
        if (parameter.isUseFixedIndex() || !"?".equals(parameter.getParameterCharacter())) {
            // PostgreSQL's $1 (or JDBC's ?1) reaches the driver as text it does not bind: the database would then
            // refuse the call with a misleading "invalid value".
            problems.add("numbered placeholders such as $1 are not supported; use ? placeholders, one per value,"
                    + " filled from params in order");
        }
        parameters.add(parameter);
    }

    private void checkNamedParameter(JdbcNamedParameter parameter) {
        problems.add("named parameters (:" + parameter.getName() + ") are not supported; use ? placeholders");
    }

    private void checkSelect(Select select) {
        if (select.getForMode() != null || select.getForUpdateTable() != null) {
            problems.add("locking clauses (FOR UPDATE, FOR SHARE, ...) are not allowed");
        }
        if (select instanceof PlainSelect plain
                && (plain.getIntoTables() != null && !plain.getIntoTables().isEmpty()
                        || plain.getIntoTempTable() != null)) {
            problems.add("SELECT INTO creates a table; only plain queries are allowed");
        }
    }

    private void checkFunction(List<String> nameParts, String name) {
        if (DangerousFunctions.isDangerous(nameParts)) {
            problems.add("function " + name + "() is not allowed: it reaches the server's files, settings, locks,"
                    + " other servers or runs other SQL");
        }
    }
}
