package dev.bulwark.tools.presentation.ops;

/** The arguments of a tool that takes none: its input schema is an object with no properties. Immutable. */
record NoInput() {}
