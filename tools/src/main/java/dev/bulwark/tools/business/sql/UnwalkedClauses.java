package dev.bulwark.tools.business.sql;

import java.util.ArrayList;
import java.util.List;
import net.sf.jsqlparser.expression.AnalyticExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.WindowDefinition;
import net.sf.jsqlparser.statement.select.Fetch;
import net.sf.jsqlparser.statement.select.GroupByElement;
import net.sf.jsqlparser.statement.select.Limit;
import net.sf.jsqlparser.statement.select.Offset;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;

/**
 * The expressions of a statement's clauses that JSqlParser's {@code TablesNamesFinder} does not walk: {@code ORDER
 * BY}, {@code GROUP BY}, {@code LIMIT}, {@code OFFSET}, {@code FETCH}, {@code QUALIFY}, {@code TOP}, named
 * {@code WINDOW}s, and a function's own {@code ORDER BY}, {@code OVER (...)}, {@code FILTER} and {@code WITHIN
 * GROUP}. Without them a sub-query in such a clause (a table of another schema, a system catalog) or a
 * {@code ?} there would escape the {@link StatementInspector}. Walking an expression twice is harmless: the inspector
 * counts each placeholder once and reports each problem once. Stateless.
 */
final class UnwalkedClauses {

    private UnwalkedClauses() {
    }

    /** The clause expressions of {@code select} (any kind: plain, set operation, parenthesed, VALUES). */
    static List<Expression> of(Select select) {
        List<Expression> found = new ArrayList<>();
        orderBy(select.getOrderByElements(), found);
        limit(select.getLimit(), found);
        limit(select.getLimitBy(), found);
        Offset offset = select.getOffset();
        if (offset != null) {
            add(offset.getOffset(), found);
        }
        Fetch fetch = select.getFetch();
        if (fetch != null) {
            add(fetch.getExpression(), found);
            add(fetch.getFetchJdbcParameter(), found);
        }
        if (select instanceof PlainSelect plain) {
            plainOnly(plain, found);
        }
        return found;
    }

    /** The {@code ORDER BY} and {@code LIMIT} expressions of an UPDATE or DELETE (MySQL and H2 forms). */
    static List<Expression> of(List<OrderByElement> orderBy, Limit limit) {
        List<Expression> found = new ArrayList<>();
        orderBy(orderBy, found);
        limit(limit, found);
        return found;
    }

    /** The ordering, window and filter expressions of an aggregate or window function call. */
    static List<Expression> of(AnalyticExpression call) {
        List<Expression> found = new ArrayList<>();
        orderBy(call.getOrderByElements(), found);
        orderBy(call.getFuncOrderBy(), found);
        add(call.getPartitionExpressionList(), found);
        add(call.getOffset(), found);
        add(call.getDefaultValue(), found);
        add(call.getFilterExpression(), found);
        limit(call.getLimit(), found);
        if (call.getKeep() != null) {
            orderBy(call.getKeep().getOrderByElements(), found);
        }
        if (call.getWindowDefinition() != null) {
            orderBy(call.getWindowDefinition().getOrderByElements(), found);
            add(call.getWindowDefinition().getPartitionExpressionList(), found);
        }
        return found;
    }

    /** The {@code ORDER BY}, {@code LIMIT} and {@code KEEP} expressions inside a function call's parentheses. */
    static List<Expression> of(Function call) {
        List<Expression> found = new ArrayList<>();
        orderBy(call.getOrderByElements(), found);
        limit(call.getLimit(), found);
        if (call.getKeep() != null) {
            orderBy(call.getKeep().getOrderByElements(), found);
        }
        if (call.getHavingClause() != null) {
            add(call.getHavingClause().getExpression(), found);
        }
        return found;
    }

    private static void plainOnly(PlainSelect plain, List<Expression> found) {
        GroupByElement groupBy = plain.getGroupBy();
        if (groupBy != null) {
            add(groupBy.getGroupByExpressionList(), found);
            if (groupBy.getGroupingSets() != null) {
                found.addAll(groupBy.getGroupingSets());
            }
        }
        add(plain.getQualify(), found);
        if (plain.getTop() != null) {
            add(plain.getTop().getExpression(), found);
        }
        if (plain.getWindowDefinitions() != null) {
            for (WindowDefinition window : plain.getWindowDefinitions()) {
                orderBy(window.getOrderByElements(), found);
                add(window.getPartitionExpressionList(), found);
            }
        }
    }

    private static void orderBy(List<OrderByElement> elements, List<Expression> found) {
        if (elements != null) {
            for (OrderByElement element : elements) {
                add(element.getExpression(), found);
            }
        }
    }

    private static void limit(Limit limit, List<Expression> found) {
        if (limit != null) {
            add(limit.getRowCount(), found);
            add(limit.getOffset(), found);
            add(limit.getByExpressions(), found);
        }
    }

    private static void add(Expression expression, List<Expression> found) {
        if (expression != null) {
            found.add(expression);
        }
    }
}
