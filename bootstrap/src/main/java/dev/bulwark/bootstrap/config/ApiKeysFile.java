package dev.bulwark.bootstrap.config;

import dev.bulwark.http.auth.ApiKeys;
import java.nio.file.Path;

/**
 * Reads the API keys file named by {@code auth.api-keys-file} ({@link dev.bulwark.serve.config.ApiKeysFile}, which
 * {@code BulwarkHttp} reads too), its problems reported as the server jar reports a configuration error. Stateless.
 */
public final class ApiKeysFile {

    private ApiKeysFile() {
    }

    /**
     * @throws StartupConfigException naming the file and the entry when it cannot be read or an entry is invalid
     */
    public static ApiKeys read(Path file) {
        try {
            return dev.bulwark.serve.config.ApiKeysFile.read(file);
        } catch (dev.bulwark.serve.config.ApiKeysFile.UnusableFileException e) {
            throw new StartupConfigException(new ConfigError("auth.api-keys-file", "file " + file, e.reason()));
        }
    }

    /** The entry a new key takes in the file, for {@code --new-api-key}. */
    public static String entryFor(String subject, String hash) {
        return dev.bulwark.serve.config.ApiKeysFile.entryFor(subject, hash);
    }
}
