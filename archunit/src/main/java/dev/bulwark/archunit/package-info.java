/**
 * Bulwark's architecture kit: public ArchUnit rules an embedding team applies to its own application
 * ({@link dev.bulwark.archunit.BulwarkArchitecture}), and Bulwark's own rules
 * ({@link dev.bulwark.archunit.BulwarkOwnRules}), built from the same rule builders.
 */
package dev.bulwark.archunit;
