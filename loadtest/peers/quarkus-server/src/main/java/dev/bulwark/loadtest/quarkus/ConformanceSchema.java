package dev.bulwark.loadtest.quarkus;

import io.quarkiverse.mcp.server.InputSchemaGenerator;
import io.quarkiverse.mcp.server.ToolManager.ToolInfo;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Singleton;

/** The input schema that {@code tools/list} shows for {@code json_schema_2020_12_tool}: the conformance pack's. */
@Singleton
public class ConformanceSchema implements InputSchemaGenerator<JsonObject> {

    private static final JsonObject SCHEMA = new JsonObject()
            .put("$schema", "https://json-schema.org/draft/2020-12/schema")
            .put("type", "object")
            .put(
                    "$defs",
                    new JsonObject()
                            .put(
                                    "address",
                                    new JsonObject()
                                            .put("$anchor", "addressDef")
                                            .put("type", "object")
                                            .put(
                                                    "properties",
                                                    new JsonObject()
                                                            .put("street", string())
                                                            .put("city", string()))))
            .put(
                    "properties",
                    new JsonObject()
                            .put("name", string())
                            .put("address", new JsonObject().put("$ref", "#/$defs/address"))
                            .put("contactMethod", string().put("enum", new JsonArray().add("phone").add("email")))
                            .put("phone", string())
                            .put("email", string()))
            .put(
                    "allOf",
                    new JsonArray()
                            .add(new JsonObject()
                                    .put(
                                            "anyOf",
                                            new JsonArray()
                                                    .add(required("phone"))
                                                    .add(required("email")))))
            .put(
                    "if",
                    required("contactMethod")
                            .put(
                                    "properties",
                                    new JsonObject().put("contactMethod", new JsonObject().put("const", "phone"))))
            .put("then", required("phone"))
            .put("else", required("email"))
            .put("additionalProperties", false);

    @Override
    public JsonObject generate(ToolInfo tool) {
        return SCHEMA;
    }

    private static JsonObject string() {
        return new JsonObject().put("type", "string");
    }

    private static JsonObject required(String property) {
        return new JsonObject().put("required", new JsonArray().add(property));
    }
}
