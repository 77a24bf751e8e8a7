/**
 * Operations on caller-supplied JSON values: flattening and trimming, validation against a JSON Schema, analysis.
 *
 * <p><b>{@link DataProcessingService}</b>: Operations on one caller-supplied JSON value, behind the {@code
 * process_data} tool:
 *
 * <ul>
 *   <li>{@link DataProcessingService#transform}: flattens nested objects to dotted keys and trims every string;
 *   <li>{@link DataProcessingService#validate}: checks the value against an optional JSON Schema and reports every violation;
 *   <li>{@link DataProcessingService#analyze}: counts fields and types, measures depth and the range of the numbers.
 * </ul>
 *
 * <p>A Java {@code null} is taken as JSON {@code null} everywhere. Errors the caller can fix (a broken schema, keys
 * that collide after flattening, data nested too deeply) are {@link ToolException}s naming the problem.
 *
 * <p>Thread-safe: it keeps no state between calls. Caller-supplied schemas are compiled for one call only and never
 * kept, so distinct schemas cannot pile up in memory; the injected {@link JsonSchemaCheck} is used for the (few,
 * fixed) JSON Schema meta-schemas a schema is first checked against.
 *
 * <p><b>{@link ValidationReport}</b>: The outcome of {@link DataProcessingService#validate}: whether the data
 * conforms, and every violation found. When no schema was given only well-formedness was checked, which a parsed
 * JSON value always passes. Immutable.
 *
 * <p><b>{@link SchemaExpansion}</b>: How many subschemas a schema amounts to once every reference is replaced by
 * what it names: the work of checking one value against it. {@code
 * {"allOf":[{"$ref":"#/$defs/d"},{"$ref":"#/$defs/d"}]}} counts {@code d} twice, so a few dozen definitions that
 * each name the one below twice amount to billions. A reference back to a schema still being expanded (a recursive
 * schema) counts once: the data's depth bounds that recursion, not the schema. Each schema's size is worked out
 * once; sums saturate at {@link Long#MAX_VALUE}. Stateless.
 *
 * <p><b>{@link SchemaGraph}</b>: A caller's schema as the validator will walk it: its subschemas ({@link
 * Subschemas}) and its local references ({@code $ref}, {@code $dynamicRef}, {@code $recursiveRef} to {@code
 * #/pointer} or {@code #anchor}), resolved against the resource ({@code $id}) they sit in. A {@code $dynamicRef} or
 * {@code $recursiveRef} may lead to any schema whose anchor could answer it. Every walk is iterative, so a schema
 * nested or chained however deep is no risk to the stack. Built for one schema and used by one thread.
 *
 * <p><b>{@link Transformer}</b>: One {@link DataProcessingService#transform} call's work and counts: flattens
 * nested objects and trims strings. Each flattened key repeats its whole path, so the keys it composes are counted
 * as they are made and held to a total length: 18 keys of 49,000 characters above 12,000 leaves would have made 10
 * billion characters of keys from under 1 MB of data. Used by one thread, then dropped.
 *
 * <p><b>{@link TransformResult}</b>: The outcome of {@link DataProcessingService#transform(JsonNode)}: the
 * transformed value and what was changed. Immutable as long as no one mutates {@code data}, which is a fresh tree
 * owned by this result.
 *
 * <p><b>{@link SchemaLoops}</b>: Finds a schema that leads back to itself without descending into the data: {@code
 * {"$ref":"#"}}, or definitions whose {@code $ref}, {@code allOf}, {@code not}, {@code if}... name each other in a
 * ring. The validator would follow such a ring on one value without end. A ring through {@code properties}, {@code
 * items} and the like is a recursive schema, which the data's depth ends. Stateless.
 *
 * <p><b>{@link LocalReferences}</b>: Refuses a caller's schema that refers to another document, so validating never
 * reads or fetches one. Only schema positions are walked ({@link Subschemas}): a property <em>named</em> {@code
 * enum} is a schema and checked, the value of {@code enum}, {@code const}, {@code default} or {@code examples} is
 * data and not. The validator's loader refuses other documents too, wherever a reference sits. Stateless.
 *
 * <p><b>{@link SchemaValidation}</b>: {@link DataProcessingService#validate}'s work: checks a caller's schema (an
 * object, a supported dialect, local references only, its meta-schema, no ring of references on one value, no more
 * than {@link SchemaValidation#MAX_EXPANDED_SUBSCHEMAS} subschemas once its references are expanded), then the data
 * against it within {@link SchemaValidation#LIMITS}. Thread-safe: caller schemas are compiled for one call only and
 * never kept.
 *
 * <p><b>{@link Subschemas}</b>: The subschemas directly inside one JSON Schema object, found by keyword as the
 * validator reads them (drafts 04 to 2020-12): {@code properties.enum} is a subschema, the value of {@code enum} or
 * {@code const} is data. Each comes with what it applies to. Stateless.
 */
package dev.bulwark.tools.business.processing;
