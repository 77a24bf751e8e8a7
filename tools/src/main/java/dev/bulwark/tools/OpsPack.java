package dev.bulwark.tools;

import dev.bulwark.core.ToolPack;
import dev.bulwark.core.ToolPackContext;
import dev.bulwark.tools.business.metrics.MetricsReportService;
import dev.bulwark.tools.presentation.ops.OpsTools;

/**
 * The operations pack: {@code health_check}, {@code get_metrics} and {@code check_dependencies} on the server's own
 * health model and meter registry ({@link OpsTools}). Stateless.
 */
public final class OpsPack implements ToolPack {

    @Override
    public void register(ToolPackContext pack) {
        pack.tool(OpsTools.healthCheck(pack.health()))
                .tool(OpsTools.getMetrics(new MetricsReportService(pack.meterRegistry(), pack.health())))
                .tool(OpsTools.checkDependencies(pack.health()));
    }
}
