package dev.bulwark.tools.business.processing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Finds a schema that leads back to itself without descending into the data: a validator would follow it on one
 * value without end. Stateless.
 */
public final class SchemaLoops {

    private SchemaLoops() {}

    /**
     * Whether a schema reachable from {@code schema}, a JSON Schema object with local references only, leads back to
     * itself on the same value: {@code {"$ref":"#"}}, or definitions whose {@code $ref}, {@code allOf}, {@code not},
     * {@code if}... name each other in a ring. A ring through {@code properties}, {@code items} and the like is a
     * recursive schema, which the data's depth ends: not one of these.
     */
    public static boolean existIn(JsonNode schema) {
        return existIn(SchemaGraph.of(schema));
    }

    /**
     * Whether a schema reachable from {@code graph}'s root leads back to itself on the same value: the validator
     * would follow such a ring without end.
     */
    static boolean existIn(SchemaGraph graph) {
        Map<JsonNode, Boolean> done = new IdentityHashMap<>(); // true: finished; false: on the current path
        Deque<JsonNode> reachable = new ArrayDeque<>();
        reachable.push(graph.root());
        Map<JsonNode, Boolean> seen = new IdentityHashMap<>();
        seen.put(graph.root(), true);
        while (!reachable.isEmpty()) {
            JsonNode start = reachable.pop();
            if (!done.containsKey(start) && loopsFrom(graph, start, done)) {
                return true;
            }
            for (SchemaGraph.Step step : graph.steps(start)) {
                for (JsonNode next : step.candidates()) {
                    if (seen.put(next, true) == null) {
                        reachable.push(next);
                    }
                }
            }
        }
        return false;
    }

    /** A depth-first walk over same-value steps from {@code start}: a schema met again on its own path is a ring. */
    private static boolean loopsFrom(SchemaGraph graph, JsonNode start, Map<JsonNode, Boolean> done) {
        Deque<JsonNode> path = new ArrayDeque<>();
        Deque<Iterator<JsonNode>> next = new ArrayDeque<>();
        path.push(start);
        next.push(sameValueSteps(graph, start));
        done.put(start, false);
        while (!path.isEmpty()) {
            Iterator<JsonNode> candidates = next.peek();
            if (!candidates.hasNext()) {
                done.put(path.pop(), true);
                next.pop();
                continue;
            }
            JsonNode candidate = candidates.next();
            Boolean state = done.get(candidate);
            if (state == null) {
                done.put(candidate, false);
                path.push(candidate);
                next.push(sameValueSteps(graph, candidate));
            } else if (!state) {
                return true;
            }
        }
        return false;
    }

    private static Iterator<JsonNode> sameValueSteps(SchemaGraph graph, JsonNode schema) {
        return graph.steps(schema).stream()
                .filter(SchemaGraph.Step::sameInstance)
                .flatMap(step -> step.candidates().stream())
                .iterator();
    }
}
