package dev.bulwark.tools.data.skills;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A folder of skills on disk: one folder per skill, holding its {@code SKILL.md} and the files beside it. No path it
 * reads leaves the folder: a symbolic link is never followed, and a relative path that is absolute, names
 * {@code ..} or resolves outside is refused. Thread-safe (it holds no state but its root).
 */
public final class SkillFolder {

    /** The file every skill holds at its root. */
    public static final String SKILL_MD = "SKILL.md";

    private final Path root;

    /** @param root the folder of skills; it must exist and be a directory */
    public SkillFolder(Path root) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** A skill's folder and the files in it, relative paths with {@code /}, links left out and named apart. */
    public record Listed(String folder, List<String> files, List<String> links) {}

    /**
     * The skill folders under the root, each with its files (sorted), in name order: a folder without a regular
     * {@code SKILL.md} is no skill and is left out; so is any link, which is named in {@link Listed#links}.
     */
    public List<Listed> list() {
        List<Listed> skills = new ArrayList<>();
        try (DirectoryStream<Path> children = Files.newDirectoryStream(root)) {
            for (Path child : children) {
                if (!Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)
                        || !Files.isRegularFile(child.resolve(SKILL_MD), LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                skills.add(listed(child));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the skills folder " + root + " cannot be read", e);
        }
        skills.sort((a, b) -> a.folder().compareTo(b.folder()));
        return skills;
    }

    private Listed listed(Path skill) throws IOException {
        List<String> files = new ArrayList<>();
        List<String> links = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(skill)) { // does not follow links
            walk.filter(path -> !path.equals(skill)).forEach(path -> {
                String relative = relative(skill, path);
                if (Files.isSymbolicLink(path)) {
                    links.add(relative);
                } else if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
                    files.add(relative);
                }
            });
        }
        files.sort(String::compareTo);
        return new Listed(skill.getFileName().toString(), List.copyOf(files), List.copyOf(links));
    }

    private static String relative(Path base, Path path) {
        return base.relativize(path).toString().replace(path.getFileSystem().getSeparator(), "/");
    }

    /**
     * The bytes of {@code file} in the skill folder {@code folder}, or empty when no such regular file is there or
     * the path would leave the folder (absolute, {@code ..}, a link on the way).
     *
     * @param maxBytes a file larger than this is not read: empty
     */
    public Optional<byte[]> read(String folder, String file, long maxBytes) {
        Optional<Path> path = resolve(folder, file);
        if (path.isEmpty()) {
            return Optional.empty();
        }
        try {
            BasicFileAttributes attributes =
                    Files.readAttributes(path.get(), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!attributes.isRegularFile() || attributes.size() > maxBytes) {
                return Optional.empty();
            }
            return Optional.of(Files.readAllBytes(path.get()));
        } catch (java.nio.file.NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("a skill file cannot be read", e);
        }
    }

    /** The path of {@code file} in {@code folder}, if it stays inside the root with no link on the way. */
    Optional<Path> resolve(String folder, String file) {
        if (!safeSegments(folder) || folder.contains("/") || !safeSegments(file)) {
            return Optional.empty();
        }
        Path path = root.resolve(folder).resolve(file).normalize();
        if (!path.startsWith(root.resolve(folder))) {
            return Optional.empty();
        }
        for (Path step = path; !step.equals(root); step = step.getParent()) {
            if (step == null || Files.isSymbolicLink(step)) {
                return Optional.empty();
            }
        }
        return Optional.of(path);
    }

    /** Whether {@code relative} is a relative path of plain segments: none empty, {@code .} or {@code ..}. */
    private static boolean safeSegments(String relative) {
        if (relative == null
                || relative.isEmpty()
                || relative.startsWith("/")
                || relative.contains("\\")
                || relative.indexOf('\0') >= 0
                || relative.contains(":")) {
            return false;
        }
        for (String segment : relative.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return true;
    }
}
