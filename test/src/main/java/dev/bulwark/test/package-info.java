/**
 * The tool test kit, for an author's tests: {@link dev.bulwark.test.ToolTester} runs a tool through the real pipeline
 * as a chosen caller and returns its result or error type; {@link dev.bulwark.test.TestCallContext} calls a handler
 * directly (docs/tool-authors.md).
 */
package dev.bulwark.test;
