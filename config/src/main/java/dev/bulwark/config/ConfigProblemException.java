package dev.bulwark.config;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A value refused with one or more {@link ConfigProblem}s: thrown where a reader must learn the keys it blames from the
 * refusal, so that it never parses a key back out of the message. The message is the problems' lines, joined.
 */
public final class ConfigProblemException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final transient List<ConfigProblem> problems;

    /** A refusal for {@code problem}. */
    public ConfigProblemException(ConfigProblem problem) {
        this(List.of(Objects.requireNonNull(problem, "problem")));
    }

    /** A refusal for every one of {@code problems}, which must not be empty: a record that checks all its fields. */
    public ConfigProblemException(List<ConfigProblem> problems) {
        super(messageOf(problems));
        this.problems = List.copyOf(problems);
    }

    private static String messageOf(List<ConfigProblem> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a refusal names at least one problem");
        }
        return problems.stream().map(ConfigProblem::message).collect(Collectors.joining("; "));
    }

    /** What was refused first, and why. */
    public ConfigProblem problem() {
        return problems.get(0);
    }

    /** Everything refused, in the order it was checked. */
    public List<ConfigProblem> problems() {
        return problems;
    }
}
