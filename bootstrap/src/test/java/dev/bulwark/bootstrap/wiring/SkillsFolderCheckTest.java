package dev.bulwark.bootstrap.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.bootstrap.config.ConfigError;
import dev.bulwark.bootstrap.config.ServerConfig;
import dev.bulwark.bootstrap.config.ToolPackSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The folder of skills, checked at start with one line per problem, each naming {@code tools.skills-folder}. */
class SkillsFolderCheckTest {

    @TempDir
    Path skills;

    @Test
    void aFolderThatDoesNotExistIsOneProblemSayingWhatToDo() {
        Path missing = skills.resolve("missing");

        assertThat(AdapterConfigCheck.problems(serving(missing)))
                .singleElement()
                .satisfies(problem -> {
                    assertThat(problem.key()).isEqualTo("tools.skills-folder");
                    assertThat(problem.reason()).contains(missing.toString()).contains("create it");
                });
    }

    @Test
    void eachSkillThatCannotBeServedIsALineOfItsOwn() throws Exception {
        write("good/SKILL.md", "---\nname: good\ndescription: Served\n---\n");
        write("nameless/SKILL.md", "---\ndescription: No name\n---\n");
        write("plain/SKILL.md", "no front matter at all\n");

        assertThat(AdapterConfigCheck.problems(serving(skills)))
                .extracting(ConfigError::reason)
                .hasSize(2)
                .anySatisfy(reason -> assertThat(reason).startsWith("Skill nameless is not served"))
                .anySatisfy(reason -> assertThat(reason).startsWith("Skill plain is not served"));
    }

    @Test
    void aFolderOfGoodSkillsHasNoProblem() throws Exception {
        write("good/SKILL.md", "---\nname: good\ndescription: Served\n---\n");

        assertThat(AdapterConfigCheck.problems(serving(skills))).isEmpty();
    }

    private static ServerConfig serving(Path folder) {
        return ServerConfig.defaults().toBuilder()
                .toolPacks(new ToolPackSettings(false, Optional.of(folder.toString()), Optional.empty()))
                .build();
    }

    private void write(String path, String text) throws Exception {
        Path file = skills.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
