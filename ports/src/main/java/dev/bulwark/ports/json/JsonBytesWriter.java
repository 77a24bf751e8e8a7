package dev.bulwark.ports.json;

import java.io.IOException;

/**
 * Writes a message (a JSON-RPC message of the MCP SDK, say) as {@link JsonBytes}, straight from the JSON writer into
 * chunks, with no whole-message {@code String} or array in between. A transport's JSON mapper may offer it beside its
 * own methods. Thread-safe.
 */
public interface JsonBytesWriter {

    /** {@code message} as UTF-8 JSON. */
    JsonBytes writeJsonBytes(Object message) throws IOException;
}
