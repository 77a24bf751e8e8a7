/**
 * The tool test kit, for an author's tests (test scope): {@link dev.bulwark.test.ToolTester} runs a tool through the
 * real pipeline as a chosen caller and returns its result or error type; {@link dev.bulwark.test.TestCallContext}
 * calls a handler directly.
 */
package dev.bulwark.test;
