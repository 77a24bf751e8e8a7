/** The presentation layer: everything MCP-facing — the tool author API, the tool pipeline, error mapping, SDK server assembly. */
package dev.bulwark.core.internal.presentation;
