package dev.bulwark.bootstrap.wiring;

import dev.bulwark.bootstrap.config.ConfigError;
import dev.bulwark.bootstrap.config.ServerConfig;
import dev.bulwark.bootstrap.config.StartupConfigException;
import dev.bulwark.core.Bulwark;
import dev.bulwark.core.Tool;
import dev.bulwark.http.auth.ApiKeys;
import dev.bulwark.http.auth.HttpAuthSettings;
import dev.bulwark.serve.BulwarkHttp;
import dev.bulwark.serve.HttpConfiguration;
import dev.bulwark.serve.config.ApiKeysFile;
import dev.bulwark.tools.presentation.sql.SqlTools;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The server jar's Streamable HTTP, through {@link BulwarkHttp}. Stateless.
 */
public final class HttpServing {

    private HttpServing() {}

    /**
     * Binds the ports and serves {@code bulwark} as {@code config} says.
     *
     * @throws dev.bulwark.bootstrap.config.StartupConfigException when {@code http.allowed-origins} or the API keys
     *     file cannot be used
     */
    public static BulwarkHttp start(ServerConfig config, Bulwark bulwark) {
        AdapterConfigCheck.checkAllowedOrigins(config);
        return BulwarkHttp.builder(bulwark)
                .settings(config.http())
                .auth(config.auth())
                .apiKeys(apiKeysOf(config))
                .scopesSupported(extraScopesOf(config).toArray(String[]::new))
                .start();
    }

    /** The authentication {@link #start} gives the adapter for {@code tools}. */
    public static HttpAuthSettings authOf(ServerConfig config, Collection<? extends Tool<?, ?>> tools) {
        return HttpConfiguration.authOf(
                config.auth(), config.http().host(), tools, apiKeysOf(config), extraScopesOf(config));
    }

    /**
     * The keys of {@code auth.api-keys-file}, read whatever {@code auth.mode} says, so a file that cannot be used stops
     * the start even with authentication off.
     *
     * @throws StartupConfigException naming the file and the entry when it cannot be read or an entry is invalid
     */
    static ApiKeys apiKeysOf(ServerConfig config) {
        return config.auth().apiKeysFile().map(Path::of).map(HttpServing::read).orElse(ApiKeys.none());
    }

    private static ApiKeys read(Path file) {
        try {
            return ApiKeysFile.read(file);
        } catch (ApiKeysFile.UnusableFileException e) {
            throw new StartupConfigException(new ConfigError("auth.api-keys-file", "file " + file, e.reason()));
        }
    }

    /**
     * The scopes checked inside tools rather than declared by them, so clients can ask for them: {@code execute_query}
     * checks the write scope per statement (advertised when writes are on), and {@code api_request} each service's
     * read and write scopes per method.
     */
    private static List<String> extraScopesOf(ServerConfig config) {
        Set<String> scopes = new LinkedHashSet<>();
        if (config.sqlTools().allowWrites()) {
            scopes.add(SqlTools.WRITE_SCOPE);
        }
        config.outbound().services().forEach(service -> {
            scopes.add(service.readScope());
            scopes.add(service.writeScope());
        });
        return List.copyOf(scopes);
    }
}
