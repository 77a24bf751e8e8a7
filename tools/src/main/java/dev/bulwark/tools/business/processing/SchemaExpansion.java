package dev.bulwark.tools.business.processing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * How many subschemas a schema amounts to once every reference is replaced.
 */
final class SchemaExpansion {

    private SchemaExpansion() {}

    /**
     * The expanded size of {@code graph}'s root schema: the work of checking one value against it. A few dozen
     * definitions that each name the one below twice amount to billions. A reference back to a schema still being
     * expanded counts once: the data's depth bounds that recursion. Sums saturate at {@link Long#MAX_VALUE}.
     */
    static long size(SchemaGraph graph) {
        Map<JsonNode, Long> sizes = new IdentityHashMap<>();
        Map<JsonNode, Boolean> expanding = new IdentityHashMap<>();
        Deque<Frame> frames = new ArrayDeque<>();
        frames.push(new Frame(graph.root(), graph.steps(graph.root())));
        expanding.put(graph.root(), true);
        long rootSize = 0;
        while (!frames.isEmpty()) {
            Frame frame = frames.peek();
            if (frame.step == frame.steps.size()) {
                frames.pop();
                expanding.remove(frame.schema);
                sizes.put(frame.schema, frame.total);
                if (frames.isEmpty()) {
                    rootSize = frame.total;
                } else {
                    frames.peek().candidateSized(frame.total);
                }
                continue;
            }
            List<JsonNode> candidates = frame.steps.get(frame.step).candidates();
            if (frame.candidate == candidates.size()) {
                frame.stepSized();
                continue;
            }
            JsonNode next = candidates.get(frame.candidate);
            Long known = sizes.get(next);
            if (known != null) {
                frame.candidateSized(known);
            } else if (expanding.containsKey(next)) {
                frame.candidateSized(1);
            } else {
                expanding.put(next, true);
                frames.push(new Frame(next, graph.steps(next)));
            }
        }
        return rootSize;
    }

    private static long plus(long a, long b) {
        return a > Long.MAX_VALUE - b ? Long.MAX_VALUE : a + b;
    }

    /** One schema being sized: its own 1, plus for each step the largest of its candidates. */
    private static final class Frame {

        final JsonNode schema;
        final List<SchemaGraph.Step> steps;
        int step;
        int candidate;
        long largestCandidate;
        long total = 1;

        Frame(JsonNode schema, List<SchemaGraph.Step> steps) {
            this.schema = schema;
            this.steps = steps;
        }

        void candidateSized(long size) {
            largestCandidate = Math.max(largestCandidate, size);
            candidate++;
        }

        void stepSized() {
            total = plus(total, largestCandidate);
            step++;
            candidate = 0;
            largestCandidate = 0;
        }
    }
}
