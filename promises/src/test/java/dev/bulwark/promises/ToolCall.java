package dev.bulwark.promises;

import java.util.Map;

/** One {@code tools/call}: the tool's name and its arguments. */
record ToolCall(String tool, Map<String, Object> arguments) {}
