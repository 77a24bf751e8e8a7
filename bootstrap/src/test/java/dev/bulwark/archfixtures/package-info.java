/**
 * Small classes that each break exactly one architecture rule, so {@code ArchitectureRulesFailOnFixturesTest}
 * can prove every rule fails when it should. Each sub-package is a miniature Bulwark root for one rule, with
 * whichever {@code ports}, {@code core}, adapter and {@code bootstrap} packages its case needs; {@code clean}
 * obeys every rule. The production {@code ArchitectureTest} never imports this package.
 */
package dev.bulwark.archfixtures;
