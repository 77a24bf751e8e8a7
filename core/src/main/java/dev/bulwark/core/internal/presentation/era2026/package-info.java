/**
 * The 2026 protocol era beside the 2025 session era: one entry point for every transport ({@link
 * dev.bulwark.core.internal.presentation.era2026.Era2026Dispatcher}) in front of the SDK's stateless server, so both
 * eras share the handlers and the pipeline (docs/architecture.md, "Two protocol eras from one server").
 */
package dev.bulwark.core.internal.presentation.era2026;
