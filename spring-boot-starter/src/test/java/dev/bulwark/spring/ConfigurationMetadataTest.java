package dev.bulwark.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.bulwark.config.ConfigKey;
import dev.bulwark.config.ConfigType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code META-INF/spring-configuration-metadata.json}, which IDEs complete {@code bulwark.*} from, in step with
 * the keys the starter reads: it is generated from {@link BulwarkPropertyKeys} and the records' defaults, and must
 * equal the file. {@code -Dbulwark.metadata.write=true} writes the file instead.
 */
class ConfigurationMetadataTest {

    private static final Path FILE = Path.of("src/main/resources/META-INF/spring-configuration-metadata.json");

    @Test
    void theMetadataFileListsEveryKeyTheStarterReadsWithItsTypeDescriptionAndDefault() throws IOException {
        String generated = generate();
        if (Boolean.getBoolean("bulwark.metadata.write")) {
            Files.writeString(FILE, generated, StandardCharsets.UTF_8);
        }
        assertThat(Files.readString(FILE, StandardCharsets.UTF_8))
                .as("%s is out of step with the key tables: run this test with -Dbulwark.metadata.write=true", FILE)
                .isEqualTo(generated);
    }

    @Test
    void noSecretDefaultIsPrinted() throws IOException {
        String generated = generate();
        for (ConfigKey<BulwarkSettings, ?> key : BulwarkPropertyKeys.all()) {
            if (key.secret()) {
                assertThat(property(generated, key)).doesNotContainKey("defaultValue");
            }
        }
    }

    @Test
    void theMcpPortDefaultIsTheStartersOwn() throws IOException {
        assertThat(property(
                        generate(),
                        BulwarkPropertyKeys.all().stream()
                                .filter(key -> key.path().equals("http.port"))
                                .findFirst()
                                .orElseThrow()))
                .containsEntry("defaultValue", 8081);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> property(String json, ConfigKey<?, ?> key) throws IOException {
        Map<String, Object> metadata = new ObjectMapper().readValue(json, Map.class);
        return ((List<Map<String, Object>>) metadata.get("properties"))
                .stream()
                        .filter(property -> property.get("name").equals(BulwarkPropertyKeys.property(key)))
                        .findFirst()
                        .orElseThrow();
    }

    /** The metadata of every key, then the starter's own {@code bulwark.transport}. */
    static String generate() throws IOException {
        List<Map<String, Object>> properties = new ArrayList<>();
        Map<String, Object> transport = new LinkedHashMap<>();
        transport.put("name", BulwarkSettingsBinding.TRANSPORT);
        transport.put("type", "java.lang.String");
        transport.put(
                "description",
                "How the starter serves the Bulwark bean: http (its own port), stdio or none (the application calls it).");
        transport.put("defaultValue", "http");
        properties.add(transport);
        BulwarkSettings defaults = BulwarkSettings.defaults();
        for (ConfigKey<BulwarkSettings, ?> key : BulwarkPropertyKeys.all()) {
            properties.add(entry(key, defaults));
        }
        Map<String, Object> hint = new LinkedHashMap<>();
        hint.put("name", BulwarkSettingsBinding.TRANSPORT);
        hint.put(
                "values",
                List.of(
                        hintValue("http", "Streamable HTTP on Bulwark's own port"),
                        hintValue("stdio", "One session on stdin and stdout"),
                        hintValue("none", "Not served")));
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("properties", properties);
        metadata.put("hints", List.of(hint));
        return new ObjectMapper()
                        .enable(SerializationFeature.INDENT_OUTPUT)
                        .writeValueAsString(metadata)
                        .replace("\r\n", "\n")
                + "\n";
    }

    /** In a fixed order: the generated text must be the same at every run. */
    private static Map<String, Object> hintValue(String value, String description) {
        Map<String, Object> hint = new LinkedHashMap<>();
        hint.put("value", value);
        hint.put("description", description);
        return hint;
    }

    private static <T> Map<String, Object> entry(ConfigKey<BulwarkSettings, T> key, BulwarkSettings defaults) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("name", BulwarkPropertyKeys.property(key));
        entry.put("type", javaType(key.type()));
        entry.put("description", description(key));
        T value = key.valueIn(defaults);
        if (!key.secret() && !(value instanceof Optional<?> optional && optional.isEmpty())) {
            entry.put("defaultValue", defaultValue(key, value, defaults));
        }
        return entry;
    }

    private static Object defaultValue(ConfigKey<BulwarkSettings, ?> key, Object value, BulwarkSettings defaults) {
        if (value instanceof Boolean || value instanceof Integer) {
            return value;
        }
        if (value instanceof Long && key.type() == ConfigType.LONG) {
            return value;
        }
        if (value instanceof Collection<?> items) {
            return items.stream().map(String::valueOf).sorted().toList();
        }
        return key.defaultText(defaults);
    }

    private static String description(ConfigKey<?, ?> key) {
        String description = key.description();
        if (key.type() == ConfigType.DURATION) {
            description += " (seconds, or with a unit ms, s, m, h, d, or ISO-8601)";
        } else if (key.type() == ConfigType.BYTE_SIZE) {
            description += " (bytes, or with a unit KiB, MiB, GiB, KB, MB, GB)";
        }
        return description + ".";
    }

    private static String javaType(ConfigType<?> type) {
        if (type == ConfigType.BOOLEAN) {
            return "java.lang.Boolean";
        }
        if (type == ConfigType.INT) {
            return "java.lang.Integer";
        }
        if (type == ConfigType.LONG) {
            return "java.lang.Long";
        }
        if (type.isList()) {
            return "java.util.List<java.lang.String>";
        }
        return "java.lang.String";
    }
}
