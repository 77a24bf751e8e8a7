/**
 * The tool author API: declare tools, resources and prompts with typed inputs and results.
 *
 * <p><b>{@link JsonSchemas}</b>: Generates JSON Schemas (draft 2020-12) for tool input and output records with the
 * victools generator. Record components become properties; a component is required unless it is an {@code Optional}
 * or annotated {@code @ToolParam(required = false)}, and such a component may also be {@code null} (Jackson writes
 * an absent {@code Optional} or a null field as {@code null}), except in the input schema clients are shown ({@link
 * JsonSchemas#forInputType}); unknown properties are refused. Enums are written with their Jackson names ({@code
 * @JsonValue} / {@code @JsonProperty}), a {@code Map} accepts any keys with values of its value type, a {@code
 * JsonNode} component accepts any JSON value, {@code java.time} types are strings of their ISO-8601 format ({@code
 * date-time}, {@code date}, ...), as the default mapper writes them, a {@code byte[]} is a base64 string, and
 * {@code OptionalInt}, {@code OptionalLong} and {@code OptionalDouble} are optional numbers, like an {@code
 * Optional}. A type whose schema the build already generated ({@link SchemaResources}) is read from that resource
 * instead, so the generator (some 300 classes) is loaded only for types without one. Thread-safe.
 *
 * <p><b>{@link InputSchemaAgreement}</b>: Checks that an explicit input schema agrees with the record the arguments
 * are bound to, so a tool that could never be called as its schema says is refused when it is built rather than
 * found by failing calls. The record is read through its generated schema ({@link JsonSchemas#forType}), so
 * components are known by their JSON names ({@code @JsonProperty}) and are required as the generator says (not
 * {@code Optional}, not {@code @ToolParam(required = false)}). Three disagreements are refused: a {@code type}
 * other than {@code "object"}; a property the record has no component for (the default mapper refuses it on every
 * call that gives it, another may drop it silently); a required component the schema does not declare (the model
 * would never send it). Only the top-level {@code properties} of the schema are compared, and only when it has no
 * top-level {@code $ref}, {@code allOf}, {@code anyOf} or {@code oneOf} (which could declare others). Free-form
 * inputs ({@code Map}, {@code Object}, {@code JsonNode}) and other non-record types are not checked. Stateless.
 *
 * <p><b>{@link HeaderParameters}</b>: The {@code x-mcp-header} marks of an input schema, the parameters a
 * 2026-era client mirrors into {@code Mcp-Param-{name}} headers over HTTP. They are read when a tool is built, and
 * a mark a client would reject (and with it the whole tool) is refused then: a name that is empty, not an RFC 9110
 * token or used twice ignoring case, a type other than string, integer or boolean (alone or with {@code "null"}),
 * or a place not reached from the root through {@code properties} keys alone. The 2026 era's request check reads
 * them to compare each header with its argument. Stateless.
 *
 * <p><b>{@link OptionalProperties}</b>: Two views of an object schema's optional properties (those not in its
 * {@code required}): as published to clients, with a plain type, and as checked, where {@code null} is accepted
 * too. Clients build forms from the published schema and many cannot fill a {@code ["integer", "null"]} union; a
 * record binds a {@code null} exactly as a property left out, so the check may accept it. Every object schema is
 * rewritten, at any depth (properties, array items, {@code $defs}). Stateless.
 *
 * <p><b>{@link SchemaResources}</b>: JSON Schemas generated at build time and shipped as class-path resources, so a
 * start reads them instead of running the generator. A type's schema lives at {@code
 * META-INF/bulwark/tool-schemas/<binary class name>.json}, found through the type's own class loader. The build
 * writes them with {@link SchemaResources#write}; a test of the module that ships them compares each with {@link
 * JsonSchemas#generated}, so a stale one fails the build. Stateless.
 *
 * <p><b>{@link SchemaGeneration}</b>: The victools generator configured as {@link JsonSchemas} describes, in a
 * class of its own so that its classes (some 300) load only when a schema is generated, never when every schema
 * comes from {@link SchemaResources}. Thread-safe.
 *
 * <p><b>{@link ToolMethods}</b>, <b>{@link ToolMethod}</b>: {@code @McpTool} methods become tools through {@code
 * Tool.Builder}, so the pipeline never knows the method form and every step applies alike. Each method is checked,
 * and its tool built once with the default mapper, when the pack is made: every mistake is reported then, with its
 * class and method, together with the others. A method is called through a {@code MethodHandle} made once, spread
 * over an {@code Object[]}, bound to its object and called virtually, so a container's proxy that overrides it is
 * what runs. Parameters that are each an argument bind to {@link MethodArguments}, a type of its own rather than a
 * {@code Map}, so that the validation accepts {@code null} for an optional argument as it does for a record; each
 * argument is then read with an {@code ObjectReader} of the server's mapper ({@link MethodParameter}). A value that
 * passes the schema but does not fit its Java type (an integer beyond 32 bits for an {@code int}) is an
 * {@code invalid_arguments} error naming the argument.
 */
package dev.bulwark.core.internal.presentation.tool;
