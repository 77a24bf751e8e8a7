/**
 * Bulwark's architecture kit: public ArchUnit rules an embedding team applies to its own application
 * ({@link dev.bulwark.archunit.BulwarkArchitecture}), and Bulwark's own rules
 * ({@link dev.bulwark.archunit.BulwarkOwnRules}), built from the same rule builders.
 *
 * <p><b>{@link BulwarkArchitecture}</b>: The architecture rules an embedding team applies to its own application:
 * tool handlers use only Bulwark's API and the team's business layer, do no I/O themselves, and the layers run
 * tools → business → data; the team's adapters, where it names them, are independent of each other.
 *
 * <pre>{@code
 * BulwarkArchitecture architecture = BulwarkArchitecture.forApplication("com.acme.orders")
 *         .toolsIn("..tools..")                       // default ..presentation..
 *         .adaptersIn("..adapter.(*)..")              // optional: one slice per adapter
 *         .alsoAllow("com.acme.orders.shared..")      // tools may use it too
 *         .build();
 * architecture.rules().forEach(rule -> rule.check(importedClasses));
 * }</pre>
 *
 * <p>Layer patterns are ArchUnit package identifiers relative to the base package: each starts with a dot and is
 * appended to it, so {@code "..tools.."} means {@code com.acme.orders..tools..} and {@code ".web.."} means {@code
 * com.acme.orders.web..}. No rule passes on an empty selection: a pattern that matches no class is reported, never
 * silently accepted.
 *
 * <p>Immutable and thread-safe; its rules are too. Build one with {@link
 * BulwarkArchitecture#forApplication(String)}.
 *
 * <p><b>{@link BulwarkOwnRules}</b>: Bulwark's own architecture as ArchUnit rules, read top to bottom like this
 * diagram, and built from the same rule builders as {@link BulwarkArchitecture}:
 *
 * <pre>
 *   bootstrap ──► adapters (redis | postgres | stdio | http | outbound) ► ports ──► JDK
 *       │                                                           ▲
 *       └──► core: entry point (dev.bulwark.core itself): wires the layers below
 *                  presentation ──► business ──► data ──────────────┘
 *                  shared kernel (config): used by every layer, uses none
 * </pre>
 *
 * <p>No rule passes on an empty selection, and every top-level package under {@code dev.bulwark} must be one of the
 * {@link BulwarkOwnRules#MODULES}, so a renamed or new module cannot slip past the rules unchecked.
 *
 * <p>Immutable and thread-safe; its rules are too. Get one with {@link BulwarkOwnRules#forBulwark()}.
 *
 * <p><b>{@link Rules}</b>: The generic rule builders that both {@link BulwarkArchitecture} (a team's application)
 * and {@link BulwarkOwnRules} (Bulwark itself) are made of, so that the two rule sets mean the same thing by "only
 * depends on", "uses no I/O library", "layers" and "independent".
 *
 * <p>Every rule built here fails on an empty selection, whatever {@code archunit.properties} says: a rule that
 * checks nothing proves nothing, and a selection is empty when a package was renamed or a pattern is wrong. Every
 * rule's description says what must hold, then ({@code because}) what to do about a violation. Stateless, so
 * thread-safe.
 */
package dev.bulwark.archunit;
