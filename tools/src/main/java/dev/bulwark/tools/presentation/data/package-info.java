/**
 * The {@code process_data} tool: transform, validate or analyze a caller-supplied JSON value.
 *
 * <p><b>{@link ProcessDataTool}</b>: The {@code process_data} tool: transforms, validates or analyzes a JSON value
 * with a {@link DataProcessingService}. Results are cached and shared across callers for the server's default TTL
 * ({@code CACHE_TTL}), since they depend on the arguments only. Like the cache key, every operation reads the data
 * (and schema) in the cache key's canonical form: object keys sorted, numbers normalized by value ({@code 1.0} and
 * {@code 1e0} are {@code 1}), so calls that share a key get the same answer. Data larger than the configured limit
 * (its compact UTF-8 JSON size) is refused unprocessed.
 *
 * <p>The structured result is a JSON object whose {@code operation} field says which of three shapes it has:
 *
 * <pre>{@code
 * {"operation":"transform", "result":<transformed data>, "flattenedObjects":2, "trimmedStrings":1}
 * {"operation":"validate", "valid":false, "schemaGiven":true, "dataType":"object",
 *  "violations":[{"path":"/age", "message":"string found, integer expected"}], "truncated":false}
 * {"operation":"analyze", "fieldCount":4, "maxDepth":2,
 *  "types":{"object":2, "array":0, "string":1, "number":2, "boolean":0, "null":0},
 *  "numbers":{"count":2, "min":1.0, "max":3.0, "mean":2.0}}
 * }</pre>
 *
 * <p>No output schema is published for it, since one schema would have to cover all three. The text rendering is a
 * short summary; for {@code transform} it carries the transformed JSON too, for clients that read text only.
 * Stateless factory; the tool it builds is immutable and thread-safe.
 *
 * <p><b>{@link ProcessDataInput}</b>: The arguments of {@code process_data}. Immutable as long as no one mutates
 * the JSON trees it holds.
 */
package dev.bulwark.tools.presentation.data;
