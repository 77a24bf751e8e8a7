/**
 * A small sample application (order lookups) laid out as the kit expects: {@code tools} → {@code business} →
 * {@code data}; {@code SampleArchitectureTest} applies the kit to it, as docs/architecture-rules.md shows.
 */
package dev.bulwark.docs.sample;
