package dev.bulwark.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TaskSettingsTest {

    @Test
    void boundsTheTasksWaitingPerCallerAndInAllByDefault() {
        TaskSettings defaults = TaskSettings.defaults();

        assertThat(defaults.maxQueuedPerCaller()).isEqualTo(16);
        assertThat(defaults.maxQueued()).isEqualTo(1000);
        assertThat(defaults.withMaxQueued(3, 7))
                .extracting(TaskSettings::maxQueuedPerCaller, TaskSettings::maxQueued)
                .containsExactly(3, 7);
    }

    @Test
    void refusesAQueueBoundOutOfRangeNamingItsKey() {
        assertThatThrownBy(() -> TaskSettings.defaults().withMaxQueued(0, 10))
                .hasMessage("tasks.max-queued-per-caller must be 1 to 100000, was 0");
        assertThatThrownBy(() -> TaskSettings.defaults().withMaxQueued(1, 2_000_000))
                .hasMessage("tasks.max-queued must be 1 to 1000000, was 2000000");
    }
}
