/**
 * Benchmarks of the tool pipeline's package-private steps (the schema check and the binding of a call's arguments),
 * placed in the pipeline's package so they reach them without widening what the core module exports.
 */
package dev.bulwark.core.internal.presentation.pipeline;
