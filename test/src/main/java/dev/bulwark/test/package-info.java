/**
 * The tool test kit, for a tool author's tests (test scope): {@link dev.bulwark.test.TestCallContext} calls a
 * handler directly with a chosen caller.
 */
package dev.bulwark.test;
