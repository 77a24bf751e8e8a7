package dev.bulwark.core.internal.presentation.era2026;

import dev.bulwark.core.ToolCallAugmentation;

/**
 * A {@link ToolCallAugmentation} whose answer starts the call's own run, which goes through the pipeline later as the
 * call (a task's run): its answer is given once the caller holds the tool's scopes and the tool's rate limit is
 * charged, and the run writes the audit line, is counted and is bounded by the tool's timeout. Only the core can start
 * such a run, so only its own augmentations are of this kind. Implementations are thread-safe.
 */
public interface CallStartingAugmentation extends ToolCallAugmentation {}
