package dev.bulwark.tools.business.processing;

import java.util.Objects;

/**
 * The outcome of {@link DataProcessingService#analyze}: the shape of a JSON value and the range of its numbers.
 * Immutable.
 *
 * @param fieldCount object fields at every depth, including those of objects inside arrays
 * @param maxDepth how deeply containers nest: {@code 0} for a scalar, {@code 1} for a flat object or array,
 *     {@code 2} for an object holding an object or array, and so on
 * @param types how many values of each JSON type the data holds, the root and every container included
 * @param numbers statistics over every number at every depth
 */
public record AnalysisReport(long fieldCount, int maxDepth, TypeHistogram types, NumberStats numbers) {

    public AnalysisReport {
        Objects.requireNonNull(types, "types");
        Objects.requireNonNull(numbers, "numbers");
    }

    /**
     * How many values of each JSON type a value holds. Immutable.
     *
     * @param objects objects
     * @param arrays arrays
     * @param strings strings
     * @param numbers numbers, integral or not
     * @param booleans booleans
     * @param nulls nulls
     */
    public record TypeHistogram(long objects, long arrays, long strings, long numbers, long booleans, long nulls) {

        /** All values counted. */
        public long total() {
            return objects + arrays + strings + numbers + booleans + nulls;
        }
    }

    /**
     * Statistics over the numbers of a value, as doubles. Immutable.
     *
     * @param count how many numbers there are
     * @param min the smallest, or {@code null} when there are none
     * @param max the largest, or {@code null} when there are none
     * @param mean the arithmetic mean, or {@code null} when there are none
     */
    public record NumberStats(long count, Double min, Double max, Double mean) {

        public NumberStats {
            if ((count == 0) != (min == null) || (min == null) != (max == null) || (max == null) != (mean == null)) {
                throw new IllegalArgumentException("min, max and mean are null exactly when there are no numbers");
            }
        }

        /** The statistics of no numbers at all. */
        public static NumberStats none() {
            return new NumberStats(0, null, null, null);
        }
    }
}
