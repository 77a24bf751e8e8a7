package dev.bulwark.docs;

import dev.bulwark.core.Bulwark;
import dev.bulwark.http.auth.ApiKeys;
import dev.bulwark.http.auth.GeneratedApiKey;
import dev.bulwark.serve.BulwarkHttp;
import dev.bulwark.serve.config.ApiKeysFile;
import dev.bulwark.http.auth.AuthSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/** docs/tool-authors.md's API keys example: make a key from the library, keep its hash in a file, serve with it. */
final class ApiKeysExample {

    private ApiKeysExample() {
    }

    /** Writes a keys file with one new key for {@code ci-bot}; returns the key, to give to the client once. */
    static String newKeyInto(Path keysFile) throws IOException {
        // tool-authors-api-keys:start
        GeneratedApiKey generated = ApiKeys.generate("ci-bot", Set.of("tools:read"));
        Files.writeString(keysFile, "{\"keys\": [" + ApiKeysFile.entryFor(generated.entry()) + "]}");
        String keyForTheClient = generated.key(); // shown once; the file holds only its hash
        // tool-authors-api-keys:end
        return keyForTheClient;
    }

    /**
     * Serves {@code bulwark} on {@code port}, its operations endpoints on {@code managementPort}, callers
     * authenticated by the keys of {@code keysFile}.
     */
    static BulwarkHttp serve(Bulwark bulwark, Path keysFile, int port, int managementPort) {
        // tool-authors-api-keys-serve:start
        AuthSettings auth = AuthSettings.builder().apiKeysFile(Optional.of(keysFile.toString())).build();
        BulwarkHttp http = BulwarkHttp.builder(bulwark).auth(auth).port(port).managementPort(managementPort).start();
        // tool-authors-api-keys-serve:end
        return http;
    }
}
