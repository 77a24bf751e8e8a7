package dev.bulwark.core.internal.business.validation;

import com.networknt.schema.regex.RegularExpression;
import com.networknt.schema.regex.RegularExpressionFactory;
import com.networknt.schema.regex.RegularExpressions;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * The regular expressions of JSON Schema {@code pattern} keywords, each match bounded in time. Thread-safe.
 */
final class BoundedRegularExpressions implements RegularExpressionFactory {

    /**
     * The longest one value may take to match one pattern; real patterns take microseconds. A pattern that backtracks
     * catastrophically would otherwise hold a thread for minutes, and a match cannot be interrupted; schemas come
     * from callers too ({@code process_data}).
     */
    static final Duration MATCH_TIME_LIMIT = Duration.ofMillis(100);

    static final BoundedRegularExpressions INSTANCE = new BoundedRegularExpressions(MATCH_TIME_LIMIT);

    private final Duration limit;

    BoundedRegularExpressions(Duration limit) {
        this.limit = limit;
    }

    /**
     * {@code regex} as the JDK engine reads a JSON Schema pattern: ECMA-262's {@code $} (end of input only) and
     * long-form property names translated, as the validator's own JDK engine does.
     *
     * @throws java.util.regex.PatternSyntaxException when it does not compile
     */
    static Pattern compile(String regex) {
        return Pattern.compile(
                RegularExpressions.replaceLongformCharacterProperties(RegularExpressions.replaceDollarAnchors(regex)));
    }

    @Override
    public RegularExpression getRegularExpression(String regex) {
        Pattern pattern = compile(regex);
        return value -> {
            try {
                return pattern.matcher(new BoundedCharSequence(value, System.nanoTime() + limit.toNanos()))
                        .find();
            } catch (MatchStopped stopped) {
                throw new PatternTooSlowException(regex, value.length(), limit);
            }
        };
    }

    /** A string that stops whoever reads it once the deadline has passed or the thread is interrupted. */
    private static final class BoundedCharSequence implements CharSequence {

        private static final int READS_BETWEEN_CHECKS = 4096;

        private final String value;
        private final long deadlineNanos;
        private int readsUntilCheck = READS_BETWEEN_CHECKS;

        BoundedCharSequence(String value, long deadlineNanos) {
            this.value = value;
            this.deadlineNanos = deadlineNanos;
        }

        @Override
        public char charAt(int index) {
            if (--readsUntilCheck == 0) {
                readsUntilCheck = READS_BETWEEN_CHECKS;
                if (System.nanoTime() - deadlineNanos > 0
                        || Thread.currentThread().isInterrupted()) {
                    throw MatchStopped.INSTANCE;
                }
            }
            return value.charAt(index);
        }

        @Override
        public int length() {
            return value.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new BoundedCharSequence(value.substring(start, end), deadlineNanos);
        }

        @Override
        public String toString() {
            return value;
        }
    }

    /** Unwinds a match that must stop; carries nothing, so one stackless instance serves every thread. */
    private static final class MatchStopped extends RuntimeException {

        private static final long serialVersionUID = 1L;
        static final MatchStopped INSTANCE = new MatchStopped();

        private MatchStopped() {
            super(null, null, false, false);
        }
    }
}
