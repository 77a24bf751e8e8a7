/**
 * JSON Schema validation with field-level violations, for tool arguments and for data the tools check.
 *
 * <p><b>{@link BoundedRegularExpressions}</b>: The regular expressions of JSON Schema {@code pattern} and {@code
 * patternProperties}, as the validator's own JDK engine reads them (ECMA-262 anchors and property names
 * translated), with a bound on each match: a pattern that backtracks catastrophically on a value ({@code
 * ^(.*a){20}$} against {@code "aaaa…!"}) would otherwise hold a thread and a CPU for minutes or more, and a match
 * cannot be interrupted. Matching reads the value through a {@link CharSequence} that checks, every few thousand
 * reads, whether the match has run for longer than {@link BoundedRegularExpressions#MATCH_TIME_LIMIT} or the thread
 * was interrupted (a tool call that timed out), and then stops it with a {@link PatternTooSlowException}. Schemas
 * come from tool authors and, for {@code process_data}'s validation, from callers: both are bounded. Thread-safe.
 *
 * <p><b>{@link BoundedExecution}</b>: The validator's context for one bounded check: counts the steps taken (each
 * keyword checked against a value, each branch of an applicator, each violation found) and the violations found,
 * kept or dropped with a failing {@code anyOf} branch alike, and stops the check past either limit or once its
 * thread is interrupted, by throwing {@link Stopped}. Keeps the first {@link Limits#violationsKept()} violations,
 * then stops with {@link Stopped#ENOUGH}. The validator calls it for every keyword, so it is the one place a check
 * can be stopped. One check, one thread.
 *
 * <p><b>{@link SchemaPatterns}</b>: Finds the regular expressions of a JSON Schema ({@code pattern} values and
 * {@code patternProperties} names, at any depth of subschemas) that do not compile. The validator drops such a
 * keyword with a log line and then accepts any value for it, so a typo in a tool's schema would switch its check
 * off without anyone noticing; tools are refused at build time instead. Only schema positions are walked: a
 * property <em>named</em> {@code pattern}, or data in {@code const}, {@code enum}, {@code default} or {@code
 * examples}, is not mistaken for one.
 *
 * <p><b>{@link SchemaValidator}</b>: Checks a JSON value against a JSON Schema (draft 2020-12, with the networknt
 * validator) and reports every violation with the JSON path of the field ({@code $.address.zip}, {@code $.tags[1]},
 * {@code $} for the value itself) and the rule it broke. Compiled schemas are kept per schema identity (one per
 * tool), so the cost of compiling is paid once. Each match of a {@code pattern} is bounded in time ({@link
 * BoundedRegularExpressions}): a value the pattern cannot be matched against in time is a violation. Thread-safe.
 *
 * <p><b>{@link BundledMetaSchemas}</b>: The one kind of document a caller-supplied schema's validator may load: the
 * JSON Schema meta-schemas the validator library bundles (drafts 2020-12, 2019-09, 07, 06 and 04, and their
 * vocabularies), read from its own jar. Any other IRI ({@code classpath:}, {@code resource:}, {@code file:}, {@code
 * http:}, {@code urn:}, another {@code json-schema.org} path) is refused by the loader itself, before anything is
 * read or fetched. Stateless.
 */
package dev.bulwark.core.internal.business.validation;
