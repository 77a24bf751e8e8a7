/**
 * The reference server's built-in tools, built with the same public {@code Tool} API an embedding team uses.
 *
 * <p><b>{@link ConformancePack}</b>: Registers everything the official MCP conformance suite ({@code
 * @modelcontextprotocol/conformance}) calls in its server scenarios: {@link ConformanceTools} (every content type,
 * logging, progress, errors, sampling, elicitation, a JSON Schema 2020-12 input schema), {@link
 * ConformanceResources} (text, binary, subscribable and templated resources) and {@link ConformancePrompts} (plain,
 * with arguments, with embedded resource and image, and argument completion), and {@link InputRoundTools} (the
 * tools and prompt of the MCP 2026-07-28 multi round-trip scenarios). Tools run through the full pipeline like any
 * other. For testing a deployment against the suite only: the bootstrap server adds the pack when {@code
 * tools.conformance} is on, never by default. Stateless.
 *
 * <p><b>{@link BuiltInTools}</b>: The reference server's built-in tool packs, registered with {@code
 * Bulwark.Builder.pack} like an embedding team's own: {@link OpsPack} ({@code health_check}, {@code get_metrics},
 * {@code check_dependencies}; scope {@code ops:read}), {@link DataPack} ({@code process_data}; scope {@code
 * tools:read}, cached), {@link UsersPack} and {@link SqlPack}. Stateless factory.
 */
package dev.bulwark.tools;
