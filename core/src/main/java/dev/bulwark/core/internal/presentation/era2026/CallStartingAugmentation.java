package dev.bulwark.core.internal.presentation.era2026;

import dev.bulwark.core.ToolCallAugmentation;

/**
 * A {@link ToolCallAugmentation} whose answer starts the call's own run through the pipeline, as a task does: the
 * answer is only scoped and charged, and the run is audited, counted and bounded. Thread-safe.
 */
public interface CallStartingAugmentation extends ToolCallAugmentation {}
