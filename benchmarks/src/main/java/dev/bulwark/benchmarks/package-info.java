/**
 * JMH benchmarks and measurement tools (the cache-hit path, execution modes, schema validation, Redis's cost per
 * call); the build only compiles them, docs/performance.md says how to run them and holds their results.
 */
package dev.bulwark.benchmarks;
