package dev.bulwark.core;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The client's answers to the requests of one {@link CallContext#ask} call, each under the key of its request.
 * Immutable.
 */
public final class ClientAnswers {

    private final Map<String, Object> answers;

    /**
     * @param answers each answer ({@link ElicitationResult}, {@link SamplingResult} or a list of {@link Root}) under
     *     the key of its request
     */
    public ClientAnswers(Map<String, ?> answers) {
        // Immutable at any depth: a list of roots is copied too.
        this.answers = dev.bulwark.core.internal.presentation.tool.JsonSchemas.frozen(
                new LinkedHashMap<>(Objects.requireNonNull(answers, "answers")));
    }

    /** The answer to the elicitation asked under {@code key}. */
    public ElicitationResult elicitation(String key) {
        return answer(key, ElicitationResult.class, "an elicitation");
    }

    /** The answer to the sampling request asked under {@code key}. */
    public SamplingResult sampling(String key) {
        return answer(key, SamplingResult.class, "a sampling request");
    }

    /** The client's roots, asked under {@code key}. */
    @SuppressWarnings("unchecked")
    public List<Root> roots(String key) {
        return (List<Root>) answer(key, List.class, "a roots request");
    }

    private <T> T answer(String key, Class<T> type, String what) {
        Object answer = answers.get(key);
        if (!type.isInstance(answer)) {
            throw new IllegalArgumentException("No answer to " + what + " was asked under the key '" + key + "'");
        }
        return type.cast(answer);
    }

    /** The keys answered, in the order asked. */
    public Set<String> keys() {
        return answers.keySet();
    }
}
