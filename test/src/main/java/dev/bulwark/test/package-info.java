/**
 * The tool test kit, for an author's tests (test scope): {@link dev.bulwark.test.ToolTester} runs a tool through the
 * real pipeline as a chosen caller and returns its result or error type; {@link dev.bulwark.test.TestCallContext}
 * calls a handler directly.
 *
 * <p><b>{@link ToolTester}</b>: Runs a tool through a real Bulwark pipeline, as a client's call runs: argument
 * validation and binding, the scope check, the rate limit, the response cache, the timeout and the error mapping. A
 * test is a few lines:
 *
 * <pre>{@code
 * try (ToolTester tester = ToolTester.of(greetTool)) {
 *     assertThat(tester.call(greetTool, new GreetInput("Ada")).value().message()).isEqualTo("Hello, Ada!");
 *     assertThat(tester.call("greet", Map.of()).errorType()).isEqualTo("invalid_arguments");
 *     assertThat(tester.caller("bob").call("greet", Map.of("name", "Ada")).errorType())
 *             .isEqualTo("permission_denied");
 * }
 * }</pre>
 *
 * <p>The caller: unless {@link ToolTester#caller} names one, every call runs as principal {@code tester} holding
 * exactly the scopes the called tool requires ({@link Tool#requiredScopes()}).
 *
 * <p>Close the tester: with try-with-resources, or in an {@code @AfterEach}. Closing it closes its {@link Bulwark},
 * which stops the handler executor. The testers {@link ToolTester#caller} returns share that Bulwark; close one of
 * them.
 *
 * <p>Thread-safe: a tester is immutable and its Bulwark is thread-safe, so a test may call from several threads.
 *
 * <p><b>{@link TestCallContext}</b>: A {@link CallContext} with a fixed caller and request id that keeps the
 * messages sent to the client. Use it to call a handler directly; use {@link ToolTester} to run a tool through the
 * pipeline. Sampling, elicitation and roots fail with {@link ClientFeatureUnavailableException}, as over a
 * connection without a client that can answer, unless the context was made with a test client ({@link
 * ToolTester#answering}, {@link ToolTester#answeringInRounds}). Thread-safe.
 *
 * <p><b>{@link RoundTripClient}</b>: The client side of MCP 2026-07-28 multi round-trip requests in tests: reads
 * each input request of an {@code input_required} result back as the {@link ClientRequest} the handler made, has
 * the test's client function answer it, and writes the answers as the {@code inputResponses} of the retry.
 * Thread-safe if the function is.
 */
package dev.bulwark.test;
