package dev.bulwark.bootstrap;

import dev.bulwark.bootstrap.config.LauncherOption;
import dev.bulwark.http.auth.ApiKey;
import dev.bulwark.http.auth.ApiKeys;
import dev.bulwark.serve.config.ApiKeysFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The launcher's API key commands, {@code --new-api-key} and {@code --hash-api-key}.
 */
final class ApiKeyCommands {

    /** Far more than any API key; more input than this is not a key. */
    static final int MAX_INPUT_BYTES = 4 * 1024;

    private ApiKeyCommands() {}

    /** Whether {@code args} ask for one of these commands rather than the server. */
    static boolean isRequested(List<String> args) {
        return args.contains(LauncherOption.NEW_API_KEY.flag()) || args.contains(LauncherOption.HASH_API_KEY.flag());
    }

    static int run(List<String> args, InputStream in, PrintStream out, PrintStream err) {
        if (args.size() != 1) {
            // Name only the command: any other argument may hold a secret (--database-url=postgres://app:pw@...).
            String command = args.contains(LauncherOption.NEW_API_KEY.flag())
                    ? LauncherOption.NEW_API_KEY.flag()
                    : LauncherOption.HASH_API_KEY.flag();
            err.println("bulwark-server: " + command
                    + " takes no other options; run --new-api-key or --hash-api-key alone");
            return BulwarkServer.EXIT_CONFIG_ERROR;
        }
        if (args.get(0).equals(LauncherOption.NEW_API_KEY.flag())) {
            String key = ApiKeys.newKey();
            out.println("API key (give it to the client once; it is not stored anywhere):");
            out.println("  " + key);
            out.println("Entry for the auth.api-keys-file \"keys\" array (set the subject, which the server refuses"
                    + " while it is " + ApiKey.PLACEHOLDER_SUBJECT + ", and the scopes):");
            out.println("  " + ApiKeysFile.entryFor(ApiKey.PLACEHOLDER_SUBJECT, ApiKeys.hashOf(key)));
            out.flush();
            return 0;
        }
        String input;
        try {
            byte[] read = in.readNBytes(MAX_INPUT_BYTES + 1);
            if (read.length > MAX_INPUT_BYTES) {
                err.println("bulwark-server: --hash-api-key reads one API key from standard input, and got more than "
                        + MAX_INPUT_BYTES / 1024 + " KiB; give the key alone");
                return BulwarkServer.EXIT_CONFIG_ERROR;
            }
            input = new String(read, StandardCharsets.UTF_8);
        } catch (IOException e) {
            err.println("bulwark-server: could not read the API key from standard input");
            return BulwarkServer.EXIT_CONFIG_ERROR;
        }
        String key = input.strip();
        if (key.isEmpty()) {
            err.println("bulwark-server: --hash-api-key reads the key from standard input, and got none;"
                    + " for example: printf '%s' \"$KEY\" | java -jar bulwark-server.jar --hash-api-key");
            return BulwarkServer.EXIT_CONFIG_ERROR;
        }
        long lines = key.lines().filter(line -> !line.isBlank()).count();
        if (lines > 1) {
            // Never hash only one of them: the others would be missing from the keys file without a word.
            err.println("bulwark-server: --hash-api-key hashes one API key, and got " + lines
                    + " lines on standard input; give one key per run, for example: printf '%s' \"$KEY\" | java -jar"
                    + " bulwark-server.jar --hash-api-key");
            return BulwarkServer.EXIT_CONFIG_ERROR;
        }
        out.println(ApiKeys.hashOf(key.trim()));
        out.flush();
        return 0;
    }
}
