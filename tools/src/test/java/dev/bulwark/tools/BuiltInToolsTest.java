package dev.bulwark.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.JsonSchemaCheck;
import dev.bulwark.core.Tool;
import dev.bulwark.core.config.ServerSettings;
import dev.bulwark.core.internal.business.health.HealthService;
import dev.bulwark.core.internal.presentation.tool.ServerFeatures;
import dev.bulwark.ports.time.Ticker;
import dev.bulwark.tools.business.metrics.MetricsReportService;
import dev.bulwark.tools.business.processing.DataProcessingService;
import dev.bulwark.tools.presentation.data.ProcessDataTool;
import dev.bulwark.tools.presentation.ops.OpsTools;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reference server's built-in tools as one list. */
class BuiltInToolsTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private final HealthService health =
            new HealthService(List.of(), ServerSettings.defaults(), Clock.systemUTC(), Ticker.system());
    private final List<Tool<?, ?>> tools = List.of(
            OpsTools.healthCheck(health),
            OpsTools.getMetrics(new MetricsReportService(new SimpleMeterRegistry(), health)),
            OpsTools.checkDependencies(health),
            ProcessDataTool.create(new DataProcessingService(mapper, JsonSchemaCheck.using(mapper)), 1024));

    @Test
    void createsTheFourBuiltInTools() {
        assertThat(tools)
                .extracting(Tool::name)
                .containsExactly("health_check", "get_metrics", "check_dependencies", "process_data");
    }

    @Test
    void registersWithoutNameClashes() {
        assertThat(ServerFeatures.builder().tools(tools).build().tools()).hasSize(4);
    }

    @Test
    void everyBuiltInToolHasAnObjectInputSchemaAndADescription() {
        assertThat(tools).allSatisfy(tool -> {
            assertThat(tool.inputSchema()).containsEntry("type", "object");
            assertThat(tool.description()).isNotBlank();
            assertThat(tool.readOnly()).isTrue();
        });
    }
}
