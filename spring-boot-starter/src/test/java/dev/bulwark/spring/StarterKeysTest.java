package dev.bulwark.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.config.ConfigKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * The keys the starter reads: every key of the server jar that makes sense in an application, and nothing else under
 * {@code bulwark.}, a misspelt key stopping the start with the nearest known one.
 */
class StarterKeysTest {

    /** The server jar's key table, which {@code ConfigurationDocsTest} keeps in step with its catalogue. */
    static final Path JAR_KEYS = Path.of("..", "docs", "configuration.md");

    /** The starter's own keys, which the server jar does not have. */
    static final Set<String> STARTER_ONLY = Set.of("transport", "tools.sql", "http.path");

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BulwarkAutoConfiguration.class))
            .withPropertyValues("bulwark.transport=none");

    @Test
    void theStarterReadsEveryKeyOfTheServerJarButTheWrittenExclusions() throws IOException {
        Set<String> jar = jarKeys();
        Set<String> expected = new TreeSet<>();
        for (String path : jar) {
            if (BulwarkPropertyKeys.serverJarOnly(path).isEmpty()) {
                expected.add(path);
            }
        }
        Set<String> starter = new TreeSet<>();
        for (BulwarkPropertyKeys.Table<?> table : BulwarkPropertyKeys.tables()) {
            for (ConfigKey<?, ?> key : table.keys()) {
                String path = table.property(key).substring(BulwarkPropertyKeys.PREFIX.length());
                if (!STARTER_ONLY.contains(path)) {
                    starter.add(path);
                }
            }
        }

        assertThat(starter).isEqualTo(expected).contains("tasks.ttl", "tasks.max-active-per-caller");
        // each exclusion still names a key of the jar: none outlives the key it excuses
        assertThat(BulwarkPropertyKeys.SERVER_JAR_ONLY.keySet())
                .allSatisfy(excluded -> assertThat(jar)
                        .anyMatch(path -> excluded.endsWith("*")
                                ? path.startsWith(excluded.substring(0, excluded.length() - 1))
                                : path.equals(excluded)));
        assertThat(BulwarkPropertyKeys.SERVER_JAR_ONLY.values())
                .allSatisfy(reason -> assertThat(reason).isNotBlank().doesNotContain("\n"));
    }

    @Test
    void aMisspeltKeyStopsTheStartNamingItAndTheKeyItMeant() {
        runner.withPropertyValues("bulwark.auth.api-keys-flie=keys.json")
                .run(context -> assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
                        .isInstanceOf(BulwarkPropertiesException.class)
                        .hasMessageStartingWith("bulwark.auth.api-keys-flie")
                        .hasMessageContaining("is not a Bulwark property; did you mean bulwark.auth.api-keys-file?"));
    }

    @Test
    void aKeyOnlyTheServerJarReadsStopsTheStartWithWhatToUseInstead() {
        runner.withPropertyValues("bulwark.log.level=DEBUG")
                .run(context -> assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
                        .hasMessageStartingWith("bulwark.log.level")
                        .hasMessageContaining("logging.level.*"));
    }

    @Test
    void theFailureAnalysisIsOneLineAKey() {
        runner.withPropertyValues("bulwark.cahce.ttl=5m").run(context -> {
            BulwarkPropertiesException failure =
                    (BulwarkPropertiesException) NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure());
            var analysis = new BulwarkPropertiesFailureAnalyzer().analyze(failure);
            assertThat(analysis.getDescription())
                    .contains("bulwark.cahce.ttl")
                    .contains("did you mean bulwark.cache.ttl?");
        });
    }

    @Test
    void aListItemAndTheTaskKeysAreKnown() {
        runner.withPropertyValues("bulwark.http.scopes[0]=tools:read", "bulwark.tasks.ttl=5m")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(BulwarkSettingsBinding.class)
                                    .tasks()
                                    .ttl())
                            .isEqualTo(Duration.ofMinutes(5));
                });
    }

    @Test
    void environmentVariablesAPlatformSetsAreNotJudged() {
        StandardEnvironment environment = new StandardEnvironment();
        environment
                .getPropertySources()
                .addFirst(new SystemEnvironmentPropertySource(
                        StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        Map.of("BULWARK_SERVICE_HOST", "10.0.0.7", "BULWARK_PORT", "tcp://10.0.0.7:8081")));
        environment.getPropertySources().addFirst(new MapPropertySource("test", Map.of("bulwark.server.name", "x")));

        assertThat(BulwarkSettingsBinding.of(environment).core().server().name())
                .isEqualTo("x");
    }

    /** The paths of the key table of docs/configuration.md. */
    static Set<String> jarKeys() throws IOException {
        String docs = Files.readString(JAR_KEYS);
        String table = docs.substring(docs.indexOf("\n## Keys"), docs.indexOf("\n## ", docs.indexOf("\n## Keys") + 1));
        Set<String> keys = new TreeSet<>();
        table.lines()
                .filter(line -> line.startsWith("| `"))
                .forEach(line -> keys.add(line.substring(3, line.indexOf('`', 3))));
        assertThat(keys).hasSizeGreaterThan(90);
        return keys;
    }
}
