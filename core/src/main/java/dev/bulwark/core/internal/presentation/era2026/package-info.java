/**
 * The 2026 protocol era beside the 2025 session era: one entry point for every transport ({@link
 * dev.bulwark.core.internal.presentation.era2026.Era2026Dispatcher}) in front of the SDK's stateless server, so both
 * eras share the handlers and the pipeline. See the decision record in {@code docs/architecture.md}.
 */
package dev.bulwark.core.internal.presentation.era2026;
