package dev.bulwark.bootstrap.wiring;

import dagger.Module;
import dagger.Provides;
import dev.bulwark.stdio.StdioTransportProvider;
import io.modelcontextprotocol.json.McpJsonMapper;
import dev.bulwark.core.Bulwark;
import dev.bulwark.core.config.BulwarkConfig;
import javax.inject.Singleton;

/** The stdio transport on this process's stdin and stdout. */
@Module
public interface StdioModule {

    /** The server's own mapper, for every transport: it checks each request's params as the request is read. */
    @Provides
    @Singleton
    static McpJsonMapper jsonMapper(Bulwark bulwark) {
        return bulwark.jsonMapper();
    }

    @Provides
    @Singleton
    static StdioTransportProvider stdioTransport(McpJsonMapper jsonMapper, BulwarkConfig config) {
        return new StdioTransportProvider(
                jsonMapper, System.in, System.out, (int) Math.min(Integer.MAX_VALUE, config.limits().maxRequestBytes()));
    }
}
