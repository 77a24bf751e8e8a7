/**
 * Benchmarks of the schema check's walk, placed in the validator's package so they reach its package-private parts
 * (the bounded regular expressions, the mapping of a violation) without widening what the core module exports.
 */
package dev.bulwark.core.internal.business.validation;
