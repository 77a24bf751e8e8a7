/** JMH benchmarks; the build only compiles them, docs/performance.md says how to run them. */
package dev.bulwark.benchmarks;
