package dev.bulwark.tools;

import dev.bulwark.core.ToolPack;
import dev.bulwark.core.ToolPackContext;
import dev.bulwark.tools.business.processing.DataProcessingService;
import dev.bulwark.tools.presentation.data.ProcessDataTool;

/**
 * The data pack: {@code process_data} ({@link ProcessDataTool}), its payload bounded by {@code MAX_REQUEST_SIZE}.
 * Stateless.
 */
public final class DataPack implements ToolPack {

    @Override
    public void register(ToolPackContext pack) {
        DataProcessingService processing = DataProcessingService.on(pack.objectMapper());
        pack.tool(ProcessDataTool.create(processing, pack.config().limits().maxRequestBytes()));
    }
}
