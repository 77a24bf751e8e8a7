package dev.bulwark.core.presentation.tools.data;

import dev.bulwark.core.presentation.tool.ToolPack;
import dev.bulwark.core.presentation.tool.ToolPackContext;
import dev.bulwark.core.business.processing.DataProcessingService;
import dev.bulwark.core.business.validation.SchemaValidator;

/**
 * The data pack: {@code process_data} ({@link ProcessDataTool}), its payload bounded by {@code MAX_REQUEST_SIZE}.
 * Stateless.
 */
public final class DataPack implements ToolPack {

    @Override
    public void register(ToolPackContext pack) {
        DataProcessingService processing =
                new DataProcessingService(pack.objectMapper(), new SchemaValidator(pack.objectMapper()));
        pack.tool(ProcessDataTool.create(processing, pack.config().limits().maxRequestBytes()));
    }
}
