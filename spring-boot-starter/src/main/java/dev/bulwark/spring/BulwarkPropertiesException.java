package dev.bulwark.spring;

import java.util.List;

/**
 * The {@code bulwark.*} properties (or Spring's Redis properties Bulwark reads) hold values that cannot be used: one
 * line each, {@code property (where it was set): what is wrong and how to fix it}, never a secret's value.
 */
public final class BulwarkPropertiesException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final transient List<String> problems;

    BulwarkPropertiesException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    /** One line a property. */
    public List<String> problems() {
        return problems;
    }
}
