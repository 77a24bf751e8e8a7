package dev.bulwark.postgres;

import dev.bulwark.ports.sql.QueryResult;
import dev.bulwark.ports.sql.ResultColumn;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Clob;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLXML;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalLong;

/**
 * Reads a result set into JDK values through the driver's cursor, up to a row limit and a size budget.
 */
final class RowReader {

    private static final BigDecimal DOUBLE_MAX = new BigDecimal(Double.MAX_VALUE);

    /** The most characters of data one result may carry; more and it is cut, flagged truncated. */
    static final long MAX_RESULT_CHARS = 1_000_000;

    /**
     * The most bytes one fetch of a result may hold as the database sends it, and the most characters one value may
     * take: 8 MiB. Beyond it the statement fails as {@link dev.bulwark.ports.sql.SqlFailure#RESULT_TOO_LARGE} rather
     * than being read: PgJDBC reads a whole row into memory whatever its size, so one {@code repeat('x', 400000000)}
     * could exhaust the heap. Well above {@link #MAX_RESULT_CHARS}, so a result of many rows is cut, not refused,
     * unless one fetch ({@code JdbcSqlGateway}'s fetch size in rows) holds more than this.
     */
    static final long MAX_RESULT_BYTES = 8L * 1024 * 1024;

    private RowReader() {}

    static QueryResult read(ResultSet rows, int maxRows) throws SQLException {
        ResultSetMetaData meta = rows.getMetaData();
        int count = meta.getColumnCount();
        List<ResultColumn> columns = new ArrayList<>(count);
        boolean[] temporal = new boolean[count + 1];
        boolean[] array = new boolean[count + 1];
        for (int i = 1; i <= count; i++) {
            columns.add(new ResultColumn(meta.getColumnLabel(i), String.valueOf(meta.getColumnTypeName(i))));
            temporal[i] = isTemporal(meta.getColumnType(i));
            array[i] = meta.getColumnType(i) == Types.ARRAY;
        }
        List<List<Object>> values = new ArrayList<>();
        long size = 0;
        boolean truncated = false;
        rows:
        while (rows.next()) {
            if (values.size() >= maxRows) {
                truncated = true;
                break;
            }
            List<Object> row = new ArrayList<>(count);
            for (int i = 1; i <= count; i++) {
                // An array is measured by its text before the driver builds an object per element: a few MB of
                // small numbers would otherwise become hundreds of MB of boxed values before any bound applied.
                long arrayText = array[i] ? textLength(rows.getString(i)) : 0;
                if (size + checked(arrayText) > MAX_RESULT_CHARS) {
                    truncated = true;
                    break rows;
                }
                // the database's own text for dates and times: exact, with its offset, any JVM zone
                Object raw = temporal[i] ? rows.getString(i) : rows.getObject(i);
                long before = checked(sizeBeforeConversion(raw));
                if (size + before > MAX_RESULT_CHARS) {
                    truncated = true; // this row takes the result past the budget: it is left out, unconverted
                    break rows;
                }
                Object value = isJson(columns.get(i - 1)) && raw instanceof byte[] json
                        ? new String(json, StandardCharsets.UTF_8) // H2 hands JSON over as its UTF-8 bytes
                        : value(raw);
                size += checked(sizeOf(value));
                row.add(value);
            }
            if (size > MAX_RESULT_CHARS) {
                truncated = true;
                break;
            }
            values.add(row);
        }
        return new QueryResult(columns, values, truncated, OptionalLong.empty());
    }

    /**
     * Whether values of this JDBC type are dates or times. The driver's Java objects for them ({@code java.sql.Date},
     * {@code Time}, {@code Timestamp}) lose what the database said: the offset (their text is in the JVM's zone),
     * microseconds of a time, {@code infinity}, years BC, {@code 24:00:00}. Their text is read instead.
     */
    private static boolean isTemporal(int jdbcType) {
        return jdbcType == Types.DATE
                || jdbcType == Types.TIME
                || jdbcType == Types.TIMESTAMP
                || jdbcType == Types.TIME_WITH_TIMEZONE
                || jdbcType == Types.TIMESTAMP_WITH_TIMEZONE;
    }

    private static boolean isJson(ResultColumn column) {
        return "json".equalsIgnoreCase(column.type()) || "jsonb".equalsIgnoreCase(column.type());
    }

    private static Object value(Object raw) throws SQLException {
        if (raw == null || raw instanceof String || raw instanceof Boolean || raw instanceof Long) {
            return raw;
        }
        if (raw instanceof BigDecimal decimal) {
            // Beyond a double's range a JSON number reads as infinity in most clients: send it as text, as a
            // double's infinity is.
            return decimal.abs().compareTo(DOUBLE_MAX) > 0 ? decimal.toString() : decimal;
        }
        if (raw instanceof Integer || raw instanceof Short || raw instanceof Byte) {
            return ((Number) raw).longValue();
        }
        if (raw instanceof BigInteger big) {
            return value(new BigDecimal(big));
        }
        if (raw instanceof Double || raw instanceof Float) {
            double number = ((Number) raw).doubleValue();
            return Double.isFinite(number) ? (Object) number : Double.toString(number);
        }
        if (raw instanceof byte[] bytes) {
            return "\\x" + HexFormat.of().formatHex(bytes);
        }
        if (raw instanceof Array array) {
            try {
                if (isTemporal(array.getBaseType())) {
                    return temporalElements(array);
                }
                Object[] elements = (Object[]) array.getArray();
                List<Object> list = new ArrayList<>(elements.length);
                for (Object element : elements) {
                    list.add(value(element));
                }
                return list;
            } finally {
                array.free();
            }
        }
        if (raw instanceof Clob clob) {
            long length = Math.min(clob.length(), MAX_RESULT_CHARS + 1);
            return clob.getSubString(1, (int) length);
        }
        if (raw instanceof SQLXML xml) {
            return xml.getString();
        }
        if (raw instanceof Object[] elements) {
            List<Object> list = new ArrayList<>(elements.length);
            for (Object element : elements) {
                list.add(value(element));
            }
            return list;
        }
        return raw.toString();
    }

    /** The elements of an array of dates or times, each as the database's text (see {@link #isTemporal}). */
    private static List<Object> temporalElements(Array array) throws SQLException {
        List<Object> list = new ArrayList<>();
        try (ResultSet elements = array.getResultSet()) { // one row per element: its index, then its value
            while (elements.next()) {
                list.add(elements.getString(2));
            }
        }
        return list;
    }

    private static long textLength(String text) {
        return text == null ? 0 : text.length();
    }

    /** {@code size}, unless it is past {@link #MAX_RESULT_BYTES}. */
    private static long checked(long size) throws ResultTooLargeException {
        if (size > MAX_RESULT_BYTES) {
            throw new ResultTooLargeException(size);
        }
        return size;
    }

    /**
     * What a value the driver handed over will take once converted, where that is known without converting it: text,
     * binary data (as hex), large objects; 0 for the rest, which are small or measured after conversion.
     */
    private static long sizeBeforeConversion(Object raw) throws SQLException {
        if (raw instanceof String text) {
            return text.length() + 2L;
        }
        if (raw instanceof byte[] bytes) {
            return 2L * bytes.length + 4;
        }
        if (raw instanceof Clob clob) {
            return clob.length() + 2;
        }
        return 0;
    }

    private static long sizeOf(Object value) {
        if (value == null) {
            return 4;
        }
        if (value instanceof String text) {
            return text.length() + 2L;
        }
        if (value instanceof List<?> list) {
            long total = 2;
            for (Object element : list) {
                total += sizeOf(element) + 1;
            }
            return total;
        }
        return value.toString().length();
    }
}
