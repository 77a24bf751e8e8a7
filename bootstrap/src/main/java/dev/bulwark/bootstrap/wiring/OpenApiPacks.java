package dev.bulwark.bootstrap.wiring;

import dev.bulwark.bootstrap.config.StartupConfigException;
import dev.bulwark.core.Bulwark;
import dev.bulwark.outbound.OutboundServices;
import dev.bulwark.outbound.ServiceOptions;
import dev.bulwark.tools.OpenApiTools;
import dev.bulwark.tools.business.openapi.OpenApiDocumentException;

/** The OpenAPI tool packs of the services whose configuration names a document ({@code services.<name>.openapi}). */
final class OpenApiPacks {

    private OpenApiPacks() {}

    /** The pack of one service's document, as its section configures it. */
    static OpenApiTools of(OutboundServices services, ServiceOptions service) {
        OpenApiTools.Builder tools = OpenApiTools.builder(services, service.name())
                .operations(service.openapiOperations())
                .maxDocumentBytes(service.openapiMaxSize());
        service.openapiScopes().forEach(tools::scope);
        service.openapiPath().ifPresent(tools::documentPath);
        service.openapiFile().ifPresent(tools::documentFile);
        return tools.build();
    }

    /**
     * The server built from {@code builder}; a document or a choice of operations that cannot be served stops the
     * start as a configuration error naming its key.
     */
    static Bulwark building(Bulwark.Builder builder) {
        try {
            return builder.build();
        } catch (OpenApiDocumentException e) {
            String message = e.getMessage();
            int end = 0;
            while (end < message.length() && message.charAt(end) != ':' && message.charAt(end) != ' ') {
                end++;
            }
            String reason =
                    message.substring(Math.min(message.length(), end + 1)).strip();
            throw StartupConfigException.refused(message.substring(0, end), reason);
        }
    }
}
