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
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.PropertySource;

/**
 * Keeps {@code META-INF/spring-configuration-metadata.json}, which IDEs complete {@code bulwark.*} from, in step with
 * the keys the starter reads: it is generated from {@link BulwarkPropertyKeys#tables()} and the records' defaults,
 * and must equal the file; and every {@code bulwark.*} property a started context asks its environment for must be
 * in it. {@code -Dstarter.metadata.write=true} writes the file instead.
 */
class ConfigurationMetadataTest {

    private static final Path FILE = Path.of("src/main/resources/META-INF/spring-configuration-metadata.json");

    @Test
    void theMetadataFileListsEveryKeyTheStarterReadsWithItsTypeDescriptionAndDefault() throws IOException {
        String generated = generate();
        if (Boolean.getBoolean("starter.metadata.write")) {
            Files.writeString(FILE, generated, StandardCharsets.UTF_8);
        }
        assertThat(Files.readString(FILE, StandardCharsets.UTF_8))
                .as("%s is out of step with the key tables: run this test with -Dstarter.metadata.write=true", FILE)
                .isEqualTo(generated);
    }

    @Test
    void noSecretDefaultIsPrinted() throws IOException {
        String generated = generate();
        for (BulwarkPropertyKeys.Table<?> table : BulwarkPropertyKeys.tables()) {
            for (ConfigKey<?, ?> key : table.keys()) {
                if (key.secret()) {
                    assertThat(property(generated, table.property(key))).doesNotContainKey("defaultValue");
                }
            }
        }
    }

    @Test
    void theMetadataCoversTheDatabaseAndSqlToolKeysButNotTheDatabaseUrlOrPasswords() throws IOException {
        assertThat(names(generate()))
                .doesNotHaveDuplicates()
                .contains(
                        "bulwark.transport",
                        "bulwark.tools.sql",
                        "bulwark.database.pool-size",
                        "bulwark.database.allowed-schemas",
                        "bulwark.database.row-limit",
                        "bulwark.database.allow-writes")
                .doesNotContain(
                        "bulwark.database.url",
                        "bulwark.database.sql-reader-password",
                        "bulwark.database.sql-writer-password");
    }

    /**
     * A context with every part on (HTTP transport, a PostgreSQL {@code DataSource}, the SQL tools) reads its
     * environment through a source that records each {@code bulwark.*} name asked for: every one is in the metadata,
     * and every key in the metadata is asked for.
     */
    @Test
    void everyBulwarkPropertyAStartedContextReadsIsInTheMetadataAndNoOther() throws IOException {
        RecordingSource recording = new RecordingSource(Map.of(
                "bulwark.tools.sql", "true",
                "bulwark.http.port", "0",
                "bulwark.http.management-port", "0"));
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(BulwarkAutoConfiguration.class))
                .withInitializer(
                        context -> context.getEnvironment().getPropertySources().addFirst(recording))
                .withBean(DataSource.class, ConfigurationMetadataTest::unreachablePostgres)
                .run(context -> assertThat(context).hasNotFailed());

        // a named endpoint's keys are found by listing the property sources, so this source is never asked for them
        assertThat(recording.asked())
                .containsExactlyInAnyOrderElementsOf(names(generate()).stream()
                        .filter(name -> !name.startsWith(EndpointProperties.PREFIX + "."))
                        .filter(name -> !name.startsWith(UpstreamNames.PREFIX + "."))
                        .toList());
    }

    /** A PostgreSQL data source that refuses every connection at once: nothing here needs the database. */
    private static DataSource unreachablePostgres() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setServerNames(new String[] {"127.0.0.1"});
        dataSource.setPortNumbers(new int[] {1});
        dataSource.setDatabaseName("none");
        return dataSource;
    }

    /**
     * A property source that is not enumerable, so Spring asks it for each name it needs, and that records the
     * {@code bulwark.*} names asked (a list's items, {@code name[0]}, as the list's name).
     */
    private static final class RecordingSource extends PropertySource<Map<String, String>> {
        private final Set<String> asked = ConcurrentHashMap.newKeySet();

        RecordingSource(Map<String, String> values) {
            super("recording", values);
        }

        @Override
        public Object getProperty(String name) {
            if (name.startsWith(BulwarkPropertyKeys.PREFIX)) {
                int index = name.indexOf('[');
                asked.add(index < 0 ? name : name.substring(0, index));
            }
            return getSource().get(name);
        }

        Set<String> asked() {
            return new TreeSet<>(asked);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> names(String json) throws IOException {
        Map<String, Object> metadata = new ObjectMapper().readValue(json, Map.class);
        return ((List<Map<String, Object>>) metadata.get("properties"))
                .stream().map(property -> (String) property.get("name")).toList();
    }

    @Test
    void everyKeyOfANamedEndpointIsInTheMetadataWithADescription() throws IOException {
        String generated = generate();
        for (String key : EndpointProperties.KEYS) {
            assertThat(property(generated, "bulwark.endpoints.*." + key).get("description"))
                    .asString()
                    .as(key)
                    .contains("named endpoint");
        }
        assertThat(property(generated, "bulwark.endpoints.*.rate-limit.per-minute"))
                .containsEntry("type", "java.lang.Long")
                .containsEntry(
                        "description",
                        "The named endpoint's own rate-limit.per-minute: Calls per minute per principal and tool, for"
                                + " tools that declare no limit; unset = bulwark.rate-limit.per-minute.");
    }

    @Test
    void theMcpPortDefaultIsTheStartersOwn() throws IOException {
        assertThat(property(generate(), "bulwark.http.port")).containsEntry("defaultValue", 8081);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> property(String json, String name) throws IOException {
        Map<String, Object> metadata = new ObjectMapper().readValue(json, Map.class);
        return ((List<Map<String, Object>>) metadata.get("properties"))
                .stream()
                        .filter(property -> property.get("name").equals(name))
                        .findFirst()
                        .orElseThrow();
    }

    /** The metadata of every key of every table, in the tables' order. */
    static String generate() throws IOException {
        List<Map<String, Object>> properties = new ArrayList<>();
        for (BulwarkPropertyKeys.Table<?> table : BulwarkPropertyKeys.tables()) {
            properties.addAll(entries(table));
        }
        properties.addAll(endpointEntries());
        properties.addAll(upstreamEntries());
        Map<String, Object> hint = new LinkedHashMap<>();
        hint.put("name", BulwarkSettingsBinding.TRANSPORT);
        hint.put(
                "values",
                List.of(
                        hintValue("http", "Streamable HTTP on Bulwark's own port"),
                        hintValue(
                                "web",
                                "Streamable HTTP on the application's own servlet web server, with sessions when"
                                        + " bulwark.http.mode is stateful"),
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

    /** The keys of an upstream, as {@code bulwark.upstreams.*.transport}: the IDE's form of a map's keys. */
    private static List<Map<String, Object>> upstreamEntries() {
        List<Map<String, Object>> entries = new ArrayList<>();
        for (UpstreamNames.Key key : UpstreamNames.ALL) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", UpstreamNames.PREFIX + ".*." + key.path());
            entry.put("type", key.type().javaType());
            entry.put("description", "The upstream MCP server's " + key.path() + ": " + key.description() + ".");
            entries.add(entry);
        }
        return entries;
    }

    /** The keys of a named endpoint, as {@code bulwark.endpoints.*.path}: the IDE's form of a map's keys. */
    private static List<Map<String, Object>> endpointEntries() {
        String prefix = EndpointProperties.PREFIX + ".*.";
        List<Map<String, Object>> entries = new ArrayList<>();
        for (EndpointProperties.Key key : EndpointProperties.OWN) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", prefix + key.path());
            entry.put("type", key.list() ? "java.util.List<java.lang.String>" : "java.lang.String");
            entry.put("description", key.description() + ".");
            entries.add(entry);
        }
        for (ConfigKey<?, ?> key : EndpointSettings.KEYS) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", prefix + key.path());
            entry.put("type", javaType(key.type()));
            entry.put(
                    "description",
                    "The named endpoint's own " + key.path() + ": "
                            + description(key).replaceFirst("\\.$", "")
                            + "; unset = " + BulwarkPropertyKeys.PREFIX + key.path() + ".");
            entries.add(entry);
        }
        return entries;
    }

    /** In a fixed order: the generated text must be the same at every run. */
    private static Map<String, Object> hintValue(String value, String description) {
        Map<String, Object> hint = new LinkedHashMap<>();
        hint.put("value", value);
        hint.put("description", description);
        return hint;
    }

    private static <S> List<Map<String, Object>> entries(BulwarkPropertyKeys.Table<S> table) {
        return table.keys().stream()
                .map(key -> entry(table.property(key), key, table.defaults()))
                .toList();
    }

    private static <S, T> Map<String, Object> entry(String name, ConfigKey<S, T> key, S defaults) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("name", name);
        entry.put("type", javaType(key.type()));
        entry.put("description", description(key));
        T value = key.valueIn(defaults);
        // The transport's default depends on the application (web with a servlet web server, http without one), so
        // no one value is printed; its description says which.
        boolean dependsOnTheApplication = key == BulwarkPropertyKeys.TRANSPORT;
        if (!key.secret()
                && !dependsOnTheApplication
                && !(value instanceof Optional<?> optional && optional.isEmpty())) {
            entry.put("defaultValue", defaultValue(key, value, defaults));
        }
        return entry;
    }

    private static <S> Object defaultValue(ConfigKey<S, ?> key, Object value, S defaults) {
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
