/** The gateway tools' access to the {@link dev.bulwark.ports.upstream.McpUpstreams} port; nothing is retried here. */
package dev.bulwark.tools.data.gateway;
