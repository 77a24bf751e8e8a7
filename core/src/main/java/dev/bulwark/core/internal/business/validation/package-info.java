/**
 * JSON Schema validation with field-level violations, for tool arguments and for data the tools check; every check is
 * bounded in steps, violations and pattern-matching time, since callers may supply schemas too.
 */
package dev.bulwark.core.internal.business.validation;
