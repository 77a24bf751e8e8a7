package dev.bulwark.serve.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.http.auth.ApiKey;
import dev.bulwark.http.auth.ApiKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the API keys file named by {@code auth.api-keys-file}: JSON holding only hashes, never keys,
 *
 * <pre>{@code
 * {"keys": [
 *   {"subject": "ci-bot", "scopes": ["tools:read"], "hash": "sha256:9f86d081..."}
 * ]}
 * }</pre>
 *
 * Every problem is reported with the file, the entry it is in and what to change; a file holding a plain key where a
 * hash belongs is refused without echoing it, and so is an entry that still has the placeholder subject of a new
 * key's entry ({@link ApiKey#PLACEHOLDER_SUBJECT}). {@link dev.bulwark.serve.BulwarkHttp} reads it at start when
 * {@code auth.api-keys-file} is set and no keys were given, whatever the authentication mode, and so does the server
 * jar. Stateless.
 */
public final class ApiKeysFile {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> FILE_FIELDS = List.of("keys");
    private static final List<String> ENTRY_FIELDS = List.of("subject", "scopes", "hash");

    private ApiKeysFile() {}

    /**
     * @throws UnusableFileException naming the file and the entry when it cannot be read or an entry is invalid
     */
    public static ApiKeys read(Path file) {
        if (Files.isDirectory(file)) {
            throw problem(file, "this is a directory; name the keys file itself");
        }
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw problem(
                    file,
                    "the file does not exist: write it with the entries of your keys (--new-api-key or"
                            + " ApiKeys.generate makes one), or leave auth.api-keys-file unset");
        } catch (JsonProcessingException e) {
            throw problem(
                    file,
                    "the file is not valid JSON (line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr() + "): correct it there");
        } catch (IOException e) {
            throw problem(file, "the file cannot be read: let the server's user read it");
        }
        if (root == null || !root.path("keys").isArray()) {
            throw problem(file, "expected a JSON object with a \"keys\" array: {\"keys\": [<one entry per key>]}");
        }
        List<String> problems = new ArrayList<>(unknownFields(root, FILE_FIELDS, "the file"));
        if (root.path("keys").isEmpty()) {
            problems.add("the \"keys\" array is empty: add a key (--new-api-key prints one) or leave"
                    + " auth.api-keys-file unset");
        }
        List<ApiKey> keys = new ArrayList<>();
        int index = 0;
        for (JsonNode entry : root.path("keys")) {
            index++;
            List<String> unknown = unknownFields(entry, ENTRY_FIELDS, "entry " + index);
            if (!unknown.isEmpty()) {
                problems.addAll(unknown);
                continue;
            }
            try {
                keys.add(new ApiKey(text(entry, "subject"), scopes(entry), text(entry, "hash")));
            } catch (IllegalArgumentException e) {
                problems.add("entry " + index + ": " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw problem(file, String.join("; ", problems));
        }
        try {
            return new ApiKeys(keys);
        } catch (IllegalArgumentException e) {
            throw problem(file, e.getMessage());
        }
    }

    /** The entry a new key takes in the file, for {@code --new-api-key}. */
    public static String entryFor(String subject, String hash) {
        return "{\"subject\": \"" + subject + "\", \"scopes\": [\"tools:read\"], \"hash\": \"" + hash + "\"}";
    }

    /**
     * The line {@code key} takes in the file's {@code "keys"} array, such as the entry of
     * {@link dev.bulwark.http.auth.ApiKeys#generate}: its subject, its scopes in order, its hash.
     */
    public static String entryFor(ApiKey key) {
        ObjectNode entry = JSON.createObjectNode().put("subject", key.subject());
        key.scopes().stream().sorted().forEach(entry.putArray("scopes")::add);
        entry.put("hash", key.hash());
        try {
            return JSON.writeValueAsString(entry);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an API key entry could not be written as JSON", e);
        }
    }

    /**
     * A problem for each field of {@code node} not in {@code known}: a misspelt {@code "scope"} would otherwise give
     * a key without scopes. Names only the field, never a value.
     */
    private static List<String> unknownFields(JsonNode node, List<String> known, String where) {
        List<String> problems = new ArrayList<>();
        if (!node.isObject()) {
            return problems;
        }
        node.fieldNames().forEachRemaining(field -> {
            if (!known.contains(field)) {
                problems.add(
                        where + ": unknown field \"" + field + "\" (the fields are " + String.join(", ", known) + ")");
            }
        });
        return problems;
    }

    private static String text(JsonNode entry, String field) {
        JsonNode value = entry.path(field);
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new IllegalArgumentException("\"" + field + "\" must be a non-empty string");
        }
        return value.asText();
    }

    private static Set<String> scopes(JsonNode entry) {
        JsonNode value = entry.path("scopes");
        if (value.isMissingNode()) {
            return Set.of();
        }
        if (!value.isArray()) {
            throw new IllegalArgumentException("\"scopes\" must be an array of strings");
        }
        Set<String> scopes = new LinkedHashSet<>();
        value.forEach(scope -> {
            if (!scope.isTextual() || scope.asText().isBlank()) {
                throw new IllegalArgumentException("\"scopes\" must hold non-empty strings only");
            }
            scopes.add(scope.asText());
        });
        return scopes;
    }

    private static UnusableFileException problem(Path file, String reason) {
        return new UnusableFileException(file, reason);
    }

    /** The API keys file cannot be used: says which file and why, never a key. */
    public static final class UnusableFileException extends IllegalArgumentException {

        private static final long serialVersionUID = 1L;

        private final transient Path file;
        private final String reason;

        UnusableFileException(Path file, String reason) {
            super("auth.api-keys-file (file " + file + "): " + reason);
            this.file = file;
            this.reason = reason;
        }

        /** The file named by {@code auth.api-keys-file}. */
        public Path file() {
            return file;
        }

        /** What is wrong with it. */
        public String reason() {
            return reason;
        }
    }
}
