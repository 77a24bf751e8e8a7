package dev.bulwark.config;

import java.util.Objects;

/**
 * A value refused with a {@link ConfigProblem}: thrown where a reader must learn the key it blames from the refusal,
 * so that it never parses the key back out of the message. The message is the problem's one line.
 */
public final class ConfigProblemException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final transient ConfigProblem problem;

    /** A refusal for {@code problem}. */
    public ConfigProblemException(ConfigProblem problem) {
        super(Objects.requireNonNull(problem, "problem").message());
        this.problem = problem;
    }

    /** What was refused, and why. */
    public ConfigProblem problem() {
        return problem;
    }
}
