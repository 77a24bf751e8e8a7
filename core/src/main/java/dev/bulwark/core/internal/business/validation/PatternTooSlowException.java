package dev.bulwark.core.internal.business.validation;

import java.time.Duration;

/**
 * A schema's regular expression did not match a value within
 * {@link BoundedRegularExpressions#MATCH_TIME_LIMIT}.
 */
final class PatternTooSlowException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private static final int MAX_QUOTED_PATTERN = 100;

    PatternTooSlowException(String regex, int valueLength, Duration limit) {
        super(
                "could not be checked against the pattern '" + shortened(regex) + "' in time (" + valueLength
                        + " characters, limit " + limit.toMillis()
                        + " ms): patterns with nested repetition such as (.*a){20}"
                        + " backtrack without end on some values",
                null,
                false,
                false);
    }

    private static String shortened(String regex) {
        return regex.length() <= MAX_QUOTED_PATTERN ? regex : regex.substring(0, MAX_QUOTED_PATTERN - 3) + "...";
    }
}
