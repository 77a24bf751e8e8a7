/**
 * The conformance tool pack: the tools, resources, prompts and completions the official MCP conformance suite's
 * server scenarios call, registered only when {@code tools.conformance} is on and never in a production server.
 *
 * <p><b>{@link InputRoundTools}</b>: The tools and the prompt the conformance suite's {@code
 * input-required-result-*} scenarios (MCP 2026-07-28 multi round-trip requests) call, by the names, keys and
 * questions the suite expects. Each asks the client through the public {@link CallContext} API only, so it works
 * for both eras: over a session the client is asked and the handler waits; for a 2026-07-28 caller the call ends
 * with {@code input_required} and the handler runs again with the answers. Every handler asks before it does
 * anything else. Stateless factory; the tools are immutable.
 *
 * <p><b>{@link ConformanceTools}</b>: The tools the conformance suite's {@code tools-*}, {@code elicitation-*},
 * {@code json-schema-2020-12} and (2026-07-28) {@code server-stateless} scenarios call, by the names and with the
 * behaviour the suite expects. Each is an ordinary Bulwark {@link Tool}: schema-validated, rate-limited, logged and
 * bounded by the pipeline. Stateless factory; the tools are immutable.
 *
 * <p><b>{@link ConformanceResources}</b>: The resources the conformance suite's {@code resources-*} scenarios read
 * and subscribe to: a text resource, a binary one, one to subscribe to, and the template {@code
 * test://template/{id}/data}. Stateless factory; the resources are immutable.
 */
package dev.bulwark.tools.presentation.conformance;
