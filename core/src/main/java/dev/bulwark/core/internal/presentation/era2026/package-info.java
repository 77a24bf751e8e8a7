/**
 * The MCP 2026-07-28 layer: requests served without a session, beside the 2025-11-25 era. Multi round-trip
 * requests live here: {@link dev.bulwark.core.internal.presentation.era2026.SignedInputRounds} opens each request's
 * input round with an HMAC-signed {@code requestState}, and a handler's ask ends it with an
 * {@link dev.bulwark.core.internal.presentation.era2026.InputRequiredSignal}.
 */
package dev.bulwark.core.internal.presentation.era2026;
