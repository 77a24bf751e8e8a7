/**
 * Bulwark's architecture kit: public ArchUnit rules an embedding team applies to its own application
 * ({@link dev.bulwark.archunit.BulwarkArchitecture}, docs/architecture-rules.md), and Bulwark's own rules
 * ({@link dev.bulwark.archunit.BulwarkOwnRules}), built from the same rule builders. No rule passes on an empty
 * selection: a rule that checks nothing proves nothing.
 */
package dev.bulwark.archunit;
