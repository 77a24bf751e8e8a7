package dev.bulwark.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every relative link in the docs, the README and the benchmarks' history names a file that exists, and a heading of it
 * that exists.
 */
class DocsLinksTest {

    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]*)\\)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6} (.*)$");

    private final Map<Path, List<String>> anchorsByPage = new HashMap<>();

    @Test
    void everyLinkNamesAFileAndAHeadingThatExist() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path page : pages()) {
            List<String> lines = Files.readAllLines(page, StandardCharsets.UTF_8);
            boolean[] code = code(lines);
            for (int i = 0; i < lines.size(); i++) {
                if (code[i]) {
                    continue;
                }
                Matcher link = LINK.matcher(lines.get(i));
                while (link.find()) {
                    String problem = problem(page, link.group(1));
                    if (problem != null) {
                        broken.add(page + ":" + (i + 1) + ": " + link.group(1) + " (" + problem + ")");
                    }
                }
            }
        }

        assertThat(broken).isEmpty();
    }

    @Test
    void aHeadingIsFoundByTheAnchorGitHubGivesIt() throws IOException {
        Path page = Files.createTempFile("heading", ".md");
        try {
            Files.writeString(page, "# Top\n## Targets (point 3) and status\n```\n# not a heading\n```\n"
                    + "### `c25f1f8` at c=16 × 2\n## Targets (point 3) and status\n");

            assertThat(anchors(page)).containsExactly("top", "targets-point-3-and-status", "c25f1f8-at-c16--2",
                    "targets-point-3-and-status-1");
        } finally {
            Files.delete(page);
        }
    }

    private static List<Path> pages() throws IOException {
        try (Stream<Path> docs = Files.list(Path.of("."))) {
            List<Path> pages = new ArrayList<>(docs.filter(path -> path.toString().endsWith(".md")).sorted().toList());
            pages.add(Path.of("..", "README.md"));
            pages.add(Path.of("..", "benchmarks", "history.md"));
            return pages;
        }
    }

    /** Why {@code target}, linked from {@code page}, does not resolve; {@code null} when it does. */
    private String problem(Path page, String target) throws IOException {
        if (target.startsWith("http:") || target.startsWith("https:") || target.startsWith("mailto:")) {
            return null;
        }
        int hash = target.indexOf('#');
        String file = hash < 0 ? target : target.substring(0, hash);
        Path linked = file.isEmpty() ? page : page.resolveSibling(file).normalize();
        if (!Files.exists(linked)) {
            return "no such file";
        }
        if (hash < 0 || !linked.toString().endsWith(".md")) {
            return null;
        }
        List<String> anchors = anchorsByPage.get(linked);
        if (anchors == null) {
            anchors = anchors(linked);
            anchorsByPage.put(linked, anchors);
        }
        return anchors.contains(target.substring(hash + 1)) ? null : "no such heading";
    }

    /** The anchors GitHub gives the headings of {@code page}, in order, a repeated one suffixed -1, -2, .... */
    private static List<String> anchors(Path page) throws IOException {
        List<String> lines = Files.readAllLines(page, StandardCharsets.UTF_8);
        boolean[] code = code(lines);
        Map<String, Integer> seen = new HashMap<>();
        List<String> anchors = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher heading = HEADING.matcher(lines.get(i));
            if (code[i] || !heading.matches()) {
                continue;
            }
            String anchor = heading.group(1).trim().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "")
                    .replace(' ', '-');
            Integer count = seen.merge(anchor, 0, (before, zero) -> before + 1);
            anchors.add(count == 0 ? anchor : anchor + "-" + count);
        }
        return anchors;
    }

    /** For each line, whether it is a fence or inside a fenced code block. */
    private static boolean[] code(List<String> lines) {
        boolean[] code = new boolean[lines.size()];
        boolean inside = false;
        for (int i = 0; i < lines.size(); i++) {
            boolean fence = lines.get(i).startsWith("```");
            code[i] = inside || fence;
            inside = inside != fence;
        }
        return code;
    }
}
