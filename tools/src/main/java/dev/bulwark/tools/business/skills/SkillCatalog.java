package dev.bulwark.tools.business.skills;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.bulwark.ports.time.Ticker;
import dev.bulwark.tools.data.skills.SkillFolder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The skills of one folder as the server serves them, looked at again once {@link SkillBounds#rescanAfter} has
 * passed since the last look. Thread-safe.
 */
public final class SkillCatalog {

    private static final Logger LOG = LoggerFactory.getLogger(SkillCatalog.class);

    /** The URI scheme of skill files. */
    public static final String SCHEME = "skill://";

    /** The front matter key under {@code metadata} naming the scopes a caller needs, separated by spaces. */
    public static final String SCOPES_KEY = "dev.bulwark/required-scopes";

    private static final Pattern NAME = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final Pattern FRONT_MATTER =
            Pattern.compile("\\A\\uFEFF?---\\r?\\n(.*?)\\r?\\n---[ \\t]*(\\r?\\n|\\z)", Pattern.DOTALL);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SkillFolder folder;
    private final SkillBounds bounds;
    private final Ticker ticker;
    private final Runnable changed;
    private final Object looking = new Object();
    private volatile Snapshot snapshot;

    /**
     * The skills of one look at the folder, by name, in name order, why the folders left out are, and when the look
     * was taken.
     */
    private record Snapshot(Map<String, Skill> skills, List<String> problems, long takenAt) {}

    /**
     * Looks at the folder once now.
     *
     * @param changed told after a later look finds the skills changed (added, removed, or a file changed)
     */
    public SkillCatalog(SkillFolder folder, SkillBounds bounds, Ticker ticker, Runnable changed) {
        this.folder = Objects.requireNonNull(folder, "folder");
        this.bounds = Objects.requireNonNull(bounds, "bounds");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.changed = Objects.requireNonNull(changed, "changed");
        this.snapshot = scan();
    }

    /** Why each folder the last look left out is not served, one sentence each. */
    public List<String> problems() {
        return snapshot.problems();
    }

    /** The skills served now, in name order. */
    public List<Skill> skills() {
        return List.copyOf(current().skills().values());
    }

    /** The skill whose {@code SKILL.md} is at {@code uri}, if one is served. */
    public Optional<Skill> skill(String uri) {
        if (uri == null || !uri.startsWith(SCHEME) || !uri.endsWith("/" + SkillFolder.SKILL_MD)) {
            return Optional.empty();
        }
        String name = uri.substring(SCHEME.length(), uri.length() - SkillFolder.SKILL_MD.length() - 1);
        Skill skill = current().skills().get(name);
        return skill != null && skill.uri().equals(uri) ? Optional.of(skill) : Optional.empty();
    }

    /** A file a skill lists, with the skill, found by its URI. */
    public record Found(Skill skill, Skill.SkillFile file) {}

    /** The listed file at {@code uri}, if a served skill lists one there. */
    public Optional<Found> file(String uri) {
        if (uri == null || !uri.startsWith(SCHEME)) {
            return Optional.empty();
        }
        String rest = uri.substring(SCHEME.length());
        int slash = rest.indexOf('/');
        if (slash < 1) {
            return Optional.empty();
        }
        Skill skill = current().skills().get(rest.substring(0, slash));
        if (skill == null) {
            return Optional.empty();
        }
        return skill.files().stream()
                .filter(file -> file.uri().equals(uri))
                .findFirst()
                .map(file -> new Found(skill, file));
    }

    /** The bytes of a listed file as they are now, if it can still be read within its bound. */
    public Optional<byte[]> read(Found found) {
        return folder.read(found.skill().name(), found.file().path(), bounds.maxFileBytes());
    }

    /**
     * The last look, or a new one when it stands no longer: added, changed and removed skills show then, and a look
     * that finds a change is logged and told to the listener.
     */
    private Snapshot current() {
        Snapshot seen = snapshot;
        if (ticker.nanoTime() - seen.takenAt() < bounds.rescanAfter().toNanos()) {
            return seen;
        }
        Snapshot now;
        synchronized (looking) {
            seen = snapshot;
            if (ticker.nanoTime() - seen.takenAt() < bounds.rescanAfter().toNanos()) {
                return seen;
            }
            now = scan();
            snapshot = now;
        }
        if (!now.skills().equals(seen.skills())) {
            LOG.info(
                    "The skills folder changed: {} skills served now",
                    now.skills().size());
            now.problems().forEach(problem -> LOG.warn("{}", problem));
            changed.run();
        }
        return now;
    }

    private Snapshot scan() {
        Map<String, Skill> skills = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (SkillFolder.Listed listed : folder.list()) {
            if (skills.size() == bounds.maxSkills()) {
                problems.add("The skills folder holds more than " + bounds.maxSkills() + " skills: " + listed.folder()
                        + " and those after it are not served");
                break;
            }
            skill(listed, problems).ifPresent(skill -> skills.put(skill.name(), skill));
        }
        return new Snapshot(java.util.Collections.unmodifiableMap(skills), List.copyOf(problems), ticker.nanoTime());
    }

    /** The skill of a listed folder, or empty (with a warning naming it and why) when it cannot be served. */
    private Optional<Skill> skill(SkillFolder.Listed listed, List<String> problems) {
        String name = listed.folder();
        if (!listed.links().isEmpty()) {
            problems.add("Skill " + name + " is not served: it holds links (" + String.join(", ", listed.links())
                    + "), which could lead out of the skills folder");
            return Optional.empty();
        }
        if (listed.files().size() > bounds.maxFilesPerSkill()) {
            problems.add("Skill " + name + " is not served: it holds "
                    + listed.files().size() + " files, over the " + bounds.maxFilesPerSkill() + " a skill may hold");
            return Optional.empty();
        }
        List<Skill.SkillFile> files = new ArrayList<>();
        Map<String, Object> frontMatter = null;
        long total = 0;
        List<String> ordered = new ArrayList<>(listed.files());
        ordered.remove(SkillFolder.SKILL_MD);
        ordered.add(0, SkillFolder.SKILL_MD);
        for (String path : ordered) {
            Optional<byte[]> bytes = folder.read(name, path, bounds.maxFileBytes());
            if (bytes.isEmpty()) {
                problems.add("Skill " + name + " is not served: its file " + path + " cannot be read within "
                        + bounds.maxFileBytes() + " bytes");
                return Optional.empty();
            }
            total += bytes.get().length;
            if (total > bounds.maxSkillBytes()) {
                problems.add(
                        "Skill " + name + " is not served: its files hold over " + bounds.maxSkillBytes() + " bytes");
                return Optional.empty();
            }
            if (path.equals(SkillFolder.SKILL_MD)) {
                Optional<Map<String, Object>> parsed = frontMatter(name, bytes.get(), problems);
                if (parsed.isEmpty()) {
                    return Optional.empty();
                }
                frontMatter = parsed.get();
            }
            files.add(new Skill.SkillFile(
                    path, SCHEME + name + "/" + path, digest(bytes.get()), bytes.get().length, mimeType(path)));
        }
        return Optional.of(
                new Skill(name, SCHEME + name + "/" + SkillFolder.SKILL_MD, frontMatter, scopes(frontMatter), files));
    }

    /** The front matter of a {@code SKILL.md}, if it has one with the name of its folder and a description. */
    private static Optional<Map<String, Object>> frontMatter(String folderName, byte[] skillMd, List<String> problems) {
        Matcher block = FRONT_MATTER.matcher(new String(skillMd, StandardCharsets.UTF_8));
        if (!block.find()) {
            problems.add("Skill " + folderName + " is not served: its SKILL.md does not begin with a --- front matter"
                    + " block");
            return Optional.empty();
        }
        JsonNode tree;
        try {
            tree = YAML.readTree(block.group(1));
        } catch (java.io.IOException e) {
            problems.add("Skill " + folderName + " is not served: its front matter is not YAML");
            return Optional.empty();
        }
        if (tree == null || !tree.isObject()) {
            problems.add("Skill " + folderName + " is not served: its front matter is not a mapping");
            return Optional.empty();
        }
        String name = tree.path("name").asText("");
        if (!NAME.matcher(name).matches() || name.length() > 64 || !name.equals(folderName)) {
            problems.add("Skill " + folderName + " is not served: its front matter name must equal its folder's name"
                    + " and be 1 to 64 lowercase letters, digits and single hyphens");
            return Optional.empty();
        }
        if (tree.path("description").asText("").isBlank()) {
            problems.add("Skill " + folderName + " is not served: its front matter has no description");
            return Optional.empty();
        }
        @SuppressWarnings("unchecked") // a YAML mapping: string keys
        Map<String, Object> values = JSON.convertValue(tree, LinkedHashMap.class);
        return Optional.of(values);
    }

    private static Set<String> scopes(Map<String, Object> frontMatter) {
        if (frontMatter.get("metadata") instanceof Map<?, ?> metadata
                && metadata.get(SCOPES_KEY) instanceof String listed) {
            Set<String> scopes = new LinkedHashSet<>();
            for (String scope : listed.trim().split("\\s+")) {
                if (!scope.isEmpty()) {
                    scopes.add(scope);
                }
            }
            return scopes;
        }
        return Set.of();
    }

    /** {@code sha256:} and the lowercase hex SHA-256 of {@code bytes}. */
    static String digest(byte[] bytes) {
        try {
            return "sha256:"
                    + HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** The media type of a file, from its extension: text types for the formats skills hold. */
    static String mimeType(String path) {
        String lower = path.toLowerCase(Locale.ROOT);
        int dot = lower.lastIndexOf('.');
        String extension = dot < 0 ? "" : lower.substring(dot + 1);
        return switch (extension) {
            case "md", "markdown" -> "text/markdown";
            case "txt", "" -> "text/plain";
            case "json" -> "application/json";
            case "yaml", "yml" -> "application/yaml";
            case "py" -> "text/x-python";
            case "sh" -> "text/x-shellscript";
            case "js", "mjs" -> "text/javascript";
            case "html", "htm" -> "text/html";
            case "csv" -> "text/csv";
            case "xml" -> "application/xml";
            case "png" -> "image/png";
            case "jpg", "jpeg" -> "image/jpeg";
            case "gif" -> "image/gif";
            case "pdf" -> "application/pdf";
            default -> "application/octet-stream";
        };
    }
}
