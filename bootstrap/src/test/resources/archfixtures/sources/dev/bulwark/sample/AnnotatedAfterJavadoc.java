package dev.bulwark.sample;

import java.util.function.Supplier;

/**
 * A public interface whose Javadoc is followed by annotations spanning several lines: not reported.
 */
@FunctionalInterface
@SuppressWarnings({
    "unused",
    "rawtypes"
})
public interface AnnotatedAfterJavadoc extends Supplier<String> {
}
