package dev.bulwark.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The docs and the sources say what is, not how it came to be: no issue numbers, no history of a class, no file that
 * is not in the repository, and no dated runs: those are kept in benchmarks/history.md, outside the docs.
 */
class TextWithoutHistoryTest {

    private static final Path ROOT = Path.of("..");
    private static final Pattern ISSUE = Pattern.compile("(?i)\\bissue #?[0-9]+|\\(#[0-9]+");
    private static final Pattern CLASS_HISTORY = Pattern.compile("(?i)as (it did )?before this class was split");
    private static final String MISSING_DESIGN_FILE = "DESIGN" + ".md";
    private static final Pattern DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");
    /** Dates that name protocol versions, not runs. */
    private static final Set<String> PROTOCOL_VERSIONS = Set.of("2024-11-05", "2025-03-26", "2025-06-18",
            "2025-11-25", "2026-07-28");

    @Test
    void noDocOrSourceCitesAnIssueNumberOrTheHistoryOfAClass() {
        assertThat(linesMatching(ISSUE)).isEmpty();
        assertThat(linesMatching(CLASS_HISTORY)).isEmpty();
    }

    @Test
    void noDocOrSourceNamesADesignFileThatIsNotInTheRepository() {
        assertThat(Files.exists(ROOT.resolve(MISSING_DESIGN_FILE))).isFalse();
        assertThat(linesMatching(Pattern.compile(Pattern.quote(MISSING_DESIGN_FILE)))).isEmpty();
    }

    @Test
    void noDocHasDatedSections() throws IOException {
        List<String> dated = new ArrayList<>();
        for (Path page : docs()) {
            boolean code = false;
            for (String line : Files.readAllLines(page, StandardCharsets.UTF_8)) {
                code = code != line.startsWith("```");
                Matcher date = DATE.matcher(line);
                if (!code && line.startsWith("#") && date.find() && !PROTOCOL_VERSIONS.contains(date.group())) {
                    dated.add(page + ": " + line);
                }
            }
        }

        assertThat(dated).isEmpty();
    }

    /** The docs and the README. */
    private static List<Path> docs() throws IOException {
        try (Stream<Path> docs = Files.list(Path.of("."))) {
            List<Path> pages = new ArrayList<>(docs
                    .filter(path -> path.toString().endsWith(".md"))
                    .sorted().toList());
            pages.add(ROOT.resolve("README.md"));
            return pages;
        }
    }

    /** The Java sources, poms, XML resources and scripts of every module, this test aside. */
    private static List<Path> sources() throws IOException {
        try (Stream<Path> files = Files.walk(ROOT)) {
            return files.filter(Files::isRegularFile)
                    .filter(path -> !path.toString().contains("/target/") && !path.toString().contains("/.git/")
                            && !path.toString().contains("/node_modules/"))
                    .filter(path -> {
                        String name = path.getFileName().toString();
                        return name.endsWith(".java") || name.endsWith(".xml") || name.endsWith(".sh");
                    })
                    .filter(path -> !path.getFileName().toString().equals("TextWithoutHistoryTest.java"))
                    .sorted().toList();
        }
    }

    private static List<String> linesMatching(Pattern pattern) {
        try {
            List<Path> files = new ArrayList<>(docs());
            files.addAll(sources());
            List<String> found = new ArrayList<>();
            for (Path file : files) {
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                for (int i = 0; i < lines.size(); i++) {
                    if (pattern.matcher(lines.get(i)).find()) {
                        found.add(file + ":" + (i + 1) + ": " + lines.get(i).trim());
                    }
                }
            }
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
