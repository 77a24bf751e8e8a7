package dev.bulwark.core.internal.business.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.internal.presentation.pipeline.ResultMeta;
import dev.bulwark.core.internal.presentation.tasks.TaskRequestMetrics;
import org.junit.jupiter.api.Test;

/** The engine reads and writes a call's {@code _meta} with the keys and the error type the pipeline uses. */
class PipelineKeysTest {

    @Test
    void theEngineUsesTheKeysAndTheBusyTypeOfThePipeline() {
        assertThat(TaskEndings.ERROR_TYPE).isEqualTo(ResultMeta.ERROR_TYPE);
        assertThat(TaskRuns.REQUEST_ID).isEqualTo(ResultMeta.REQUEST_ID);
        assertThat(TaskRuns.BUSY).isEqualTo(TaskRequestMetrics.BUSY);
    }
}
