package dev.bulwark.core.internal.business.validation;

import java.time.Duration;

/**
 * A schema's regular expression did not finish matching a value within its time limit
 * ({@link BoundedRegularExpressions#MATCH_TIME_LIMIT}), or the thread was interrupted while it ran: the pattern
 * backtracks too much on that value. {@link SchemaValidator} reports it as a violation.
 */
final class PatternTooSlowException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private static final int MAX_QUOTED_PATTERN = 100;

    PatternTooSlowException(String regex, int valueLength, Duration limit) {
        super("could not be checked against the pattern '" + shortened(regex) + "' in time (" + valueLength
                + " characters, limit " + limit.toMillis() + " ms): patterns with nested repetition such as (.*a){20}"
                + " backtrack without end on some values", null, false, false);
    }

    private static String shortened(String regex) {
        return regex.length() <= MAX_QUOTED_PATTERN ? regex : regex.substring(0, MAX_QUOTED_PATTERN - 3) + "...";
    }
}
