/**
 * Small classes that each break exactly one architecture rule, so {@code ArchitectureRulesFailOnFixturesTest}
 * can prove every rule fails when it should. Each sub-package is a miniature Bulwark root (it has its own
 * {@code ports}, {@code core}, adapter and {@code bootstrap} packages) for one rule; {@code clean} obeys them all.
 * The production {@code ArchitectureTest} never imports this package.
 */
package dev.bulwark.archfixtures;
