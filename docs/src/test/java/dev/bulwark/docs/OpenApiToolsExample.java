package dev.bulwark.docs;

import dev.bulwark.core.Bulwark;
import dev.bulwark.core.ToolPack;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.ports.outbound.ServiceClient;
import dev.bulwark.tools.OpenApiTools;
import java.nio.file.Path;

/** docs/tools.md's OpenAPI tools example: two services' operations as tools, built from code. */
final class OpenApiToolsExample {

    private OpenApiToolsExample() {
    }

    /**
     * The server with the tools of {@code petstore}'s document under its base URL and of {@code shop}'s document in
     * {@code shopDocument}, both services registered in {@code outboundServices}.
     */
    static Bulwark server(ServiceClient outboundServices, Path shopDocument, BulwarkConfig config) {
        // tools-openapi:start
        ToolPack petstore = OpenApiTools.builder(outboundServices, "petstore")
                .documentPath("openapi.yaml")              // under the service's base URL: operationIds only
                .operations("listPets", "getPet", "deletePet")
                .scope("deletePet", "pets:admin")
                .build();
        ToolPack shop = OpenApiTools.builder(outboundServices, "shop")
                .documentFile(shopDocument)                 // a local file: tags, patterns and * too
                .operations("tag:pets", "DELETE /pets/*")
                .build();
        Bulwark bulwark = Bulwark.builder(config).pack(petstore).pack(shop).build();
        // tools-openapi:end
        return bulwark;
    }
}
