package dev.bulwark.bootstrap.wiring;

import com.fasterxml.jackson.databind.ObjectMapper;
import dagger.Module;
import dagger.Provides;
import dev.bulwark.stdio.StdioTransportProvider;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import dev.bulwark.core.config.BulwarkConfig;
import javax.inject.Singleton;

/** The stdio transport on this process's stdin and stdout. */
@Module
public interface StdioModule {

    @Provides
    @Singleton
    static McpJsonMapper jsonMapper() {
        return new JacksonMcpJsonMapper(new ObjectMapper());
    }

    @Provides
    @Singleton
    static StdioTransportProvider stdioTransport(McpJsonMapper jsonMapper, BulwarkConfig config) {
        return new StdioTransportProvider(
                jsonMapper, System.in, System.out, (int) Math.min(Integer.MAX_VALUE, config.limits().maxRequestBytes()));
    }
}
