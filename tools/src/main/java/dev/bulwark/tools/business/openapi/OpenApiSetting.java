package dev.bulwark.tools.business.openapi;

/**
 * A setting of a service's OpenAPI tools that a problem is about, named as each kind of user writes it: as a key of
 * the server's configuration, and as an argument of {@code OpenApiTools}' builder.
 */
public enum OpenApiSetting {
    /** The document: its path under the service's base URL, or its file. */
    DOCUMENT("openapi", "document"),
    /** The operations served. */
    OPERATIONS("openapi-operations", "operations"),
    /** The scopes of operations that need another one than their method's. */
    SCOPES("openapi-scopes", "scope"),
    /** The tool names of single operations. */
    TOOL_NAMES("openapi-tool-names", "toolName"),
    /** The task support of single operations. */
    TASK_SUPPORT("openapi-task-support", "taskSupport"),
    /** The size cap of the document. */
    MAX_SIZE("openapi-max-size", "maxDocumentBytes"),
    /** The longest the document's parse may take. */
    PARSE_TIMEOUT("openapi-parse-timeout", "parseTimeout"),
    /** The methods the service allows: a setting of the service itself. */
    METHODS("methods", "ServiceSettings.methods"),
    /** The header the service's credential is sent in: a setting of the service itself. */
    CREDENTIAL_HEADER("credential-header", "ServiceSettings.credentialHeader"),
    /** The credentials the service holds per security scheme of the document: a setting of the service itself. */
    SECURITY("security", "ServiceSettings.security");

    private final String keySuffix;
    private final String builderArgument;

    OpenApiSetting(String keySuffix, String builderArgument) {
        this.keySuffix = keySuffix;
        this.builderArgument = builderArgument;
    }

    /** The setting's key in the server's configuration: {@code services.<service>.openapi-operations}. */
    public String configKey(String service) {
        return "services." + service + "." + keySuffix;
    }

    /** The setting as a builder in code gives it: {@code operations}. */
    public String builderArgument() {
        return builderArgument;
    }
}
