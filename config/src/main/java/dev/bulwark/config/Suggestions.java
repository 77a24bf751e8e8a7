package dev.bulwark.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** "Did you mean" for unknown keys and flags: the server jar's and the starter's. Stateless. */
public final class Suggestions {

    private static final int MAX_SUGGESTIONS = 3;

    private Suggestions() {}

    /**
     * The candidates {@code given} most likely meant, best first, at most three; empty when none is close. Tried in
     * turn: the same name spelt differently ({@code maxEntries}, {@code max_entries}); a small edit distance (typos,
     * swapped letters); the same last segment ({@code ttl} for {@code cache.ttl}); a last segment that starts the
     * other ({@code ttl-seconds} for {@code cache.ttl}).
     */
    public static List<String> closest(String given, Collection<String> candidates) {
        String normalized = normalize(given);
        List<String> sameName =
                candidates.stream().filter(c -> normalize(c).equals(normalized)).toList();
        if (!sameName.isEmpty()) {
            return limit(sameName);
        }
        int threshold = normalized.length() <= 3 ? 1 : normalized.length() <= 7 ? 2 : 3;
        List<String> near = candidates.stream()
                .filter(c -> distance(normalized, normalize(c)) <= threshold)
                .sorted(Comparator.comparingInt(c -> distance(normalized, normalize(c))))
                .toList();
        if (!near.isEmpty()) {
            return limit(near);
        }
        String lastSegment = normalize(lastSegment(given));
        List<String> sameLast = candidates.stream()
                .filter(c -> normalize(lastSegment(c)).equals(lastSegment))
                .toList();
        if (!sameLast.isEmpty()) {
            return limit(sameLast);
        }
        List<String> prefixed = new ArrayList<>();
        for (String candidate : candidates) {
            String candidateLast = normalize(lastSegment(candidate));
            boolean sameSection = section(candidate).equals(section(given));
            if (sameSection
                    && Math.min(candidateLast.length(), lastSegment.length()) >= 3
                    && (candidateLast.startsWith(lastSegment) || lastSegment.startsWith(candidateLast))) {
                prefixed.add(candidate);
            }
        }
        return limit(prefixed);
    }

    /**
     * Settings that were removed because their meaning changed, under each of their names, with what to use instead:
     * a configuration that still sets one is told so rather than pointed at the nearest spelling.
     */
    private static final Map<String, String> RETIRED = retired();

    private static Map<String, String> retired() {
        String burst = "; it was removed: a rate limit now means at most rate-limit.per-minute calls in any minute,"
                + " and a burst on top of it is rate-limit.extra-burst (--rate-limit-extra-burst,"
                + " MCP_RATE_LIMIT_EXTRA_BURST; 0 unless set)";
        return Map.of("rate-limit.burst", burst, "--rate-limit-burst", burst, "MCP_RATE_LIMIT_BURST", burst);
    }

    /**
     * {@code "; did you mean a or b?"}, or nothing when no candidate is close; for a retired setting, what replaced
     * it.
     */
    public static String didYouMean(String given, Collection<String> candidates) {
        String retired = RETIRED.get(given);
        if (retired != null) {
            return retired;
        }
        List<String> closest = closest(given, candidates);
        return closest.isEmpty() ? "" : "; did you mean " + String.join(" or ", closest) + "?";
    }

    private static List<String> limit(List<String> suggestions) {
        return suggestions.stream().distinct().limit(MAX_SUGGESTIONS).toList();
    }

    private static String normalize(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.]", "");
    }

    private static String lastSegment(String name) {
        return name.substring(name.lastIndexOf('.') + 1);
    }

    private static String section(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(0, dot);
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
