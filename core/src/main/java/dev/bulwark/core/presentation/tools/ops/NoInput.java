package dev.bulwark.core.presentation.tools.ops;

/** The arguments of a tool that takes none: its input schema is an object with no properties. Immutable. */
public record NoInput() {
}
