package dev.bulwark.tools.presentation.skills;

import dev.bulwark.core.AccessDeniedException;
import dev.bulwark.core.CallContext;
import dev.bulwark.core.Extension;
import dev.bulwark.core.ExtensionHandler;
import dev.bulwark.core.ExtensionMethod;
import dev.bulwark.core.InvalidArgumentsException;
import dev.bulwark.tools.business.skills.Skill;
import dev.bulwark.tools.business.skills.SkillCatalog;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Skills extension ({@code io.modelcontextprotocol/skills}) over a {@link SkillCatalog}: {@code skills/list}
 * (paged, a caller sees only the skills whose scopes it holds), {@code skills/get}, and each skill file read as a
 * {@code skill://} resource. Stateless beyond its catalogue; thread-safe.
 */
public final class SkillsExtension {

    /** The extension's identifier. */
    public static final String ID = "io.modelcontextprotocol/skills";

    /** How many skills one {@code skills/list} page holds. */
    public static final int PAGE_SIZE = 50;

    private final SkillCatalog catalog;
    private final int pageSize;

    SkillsExtension(SkillCatalog catalog, int pageSize) {
        this.catalog = catalog;
        this.pageSize = pageSize;
    }

    /** The extension serving {@code catalog}, {@code pageSize} skills a page. */
    public static Extension of(SkillCatalog catalog, int pageSize) {
        return builder(catalog, pageSize).build();
    }

    /** As {@link #of(SkillCatalog, int)}, announcing each change {@code changes} tells of. */
    public static Extension of(SkillCatalog catalog, int pageSize, SkillChanges changes) {
        return of(catalog, pageSize, changes, Optional.empty());
    }

    /**
     * As {@link #of(SkillCatalog, int, SkillChanges)}, each of its requests ended after {@code timeout} when given,
     * else after the server's tool timeout.
     */
    public static Extension of(SkillCatalog catalog, int pageSize, SkillChanges changes, Optional<Duration> timeout) {
        return builder(catalog, pageSize, timeout).resourceChanges(changes).build();
    }

    private static Extension.Builder builder(SkillCatalog catalog, int pageSize) {
        return builder(catalog, pageSize, Optional.empty());
    }

    private static Extension.Builder builder(SkillCatalog catalog, int pageSize, Optional<Duration> timeout) {
        if (pageSize < 1) {
            throw new IllegalArgumentException("the skills page size must be positive, was " + pageSize);
        }
        SkillsExtension skills = new SkillsExtension(catalog, pageSize);
        Extension.Builder extension = Extension.builder(ID)
                .setting("directoryRead", true)
                .method(method("skills/list", skills::list, timeout))
                .method(method("skills/get", skills::get, timeout))
                .method(method("resources/directory/read", skills::directory, timeout))
                .resources(SkillCatalog.SCHEME, skills::read, skills::listed);
        timeout.ifPresent(extension::resourceTimeout);
        return extension;
    }

    private static ExtensionMethod method(String name, ExtensionHandler handler, Optional<Duration> timeout) {
        ExtensionMethod method = new ExtensionMethod(name, handler);
        return timeout.map(method::withTimeout).orElse(method);
    }

    Map<String, Object> list(Map<String, Object> params, CallContext context) {
        List<Skill> visible = catalog.skills().stream()
                .filter(skill -> context.principal().hasAllScopes(skill.requiredScopes()))
                .toList();
        int from = from(params.get("cursor"), visible.size());
        int to = Math.min(visible.size(), from + pageSize);
        List<Map<String, Object>> entries = new ArrayList<>();
        for (Skill skill : visible.subList(from, to)) {
            entries.add(entry(skill));
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("skills", entries);
        if (to < visible.size()) {
            result.put(
                    "nextCursor",
                    Base64.getUrlEncoder()
                            .withoutPadding()
                            .encodeToString(("skills:" + to).getBytes(StandardCharsets.UTF_8)));
        }
        return result;
    }

    /** The first index of the page {@code cursor} names: {@code 0} without one. */
    private static int from(Object cursor, int size) {
        if (cursor == null) {
            return 0;
        }
        if (cursor instanceof String text) {
            try {
                String decoded = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
                if (decoded.startsWith("skills:")) {
                    int from = Integer.parseInt(decoded.substring("skills:".length()));
                    if (from >= 0 && from <= size) {
                        return from;
                    }
                }
            } catch (IllegalArgumentException e) {
                // not a cursor of this server: refused below
            }
        }
        throw invalid("skills/list", "cursor", "not a cursor this server handed out, or one past the list's end");
    }

    /**
     * The {@code SKILL.md} of each skill the caller may see, for {@code resources/list}: named and described by its
     * front matter, as {@code text/markdown}.
     */
    Map<String, Object> listed(Map<String, Object> params, CallContext context) {
        List<Map<String, Object>> resources = new ArrayList<>();
        for (Skill skill : catalog.skills()) {
            if (context.principal().hasAllScopes(skill.requiredScopes())) {
                Map<String, Object> resource = new LinkedHashMap<>();
                resource.put("uri", skill.uri());
                resource.put("name", String.valueOf(skill.frontMatter().get("name")));
                resource.put("description", String.valueOf(skill.frontMatter().get("description")));
                resource.put("mimeType", "text/markdown");
                resources.add(resource);
            }
        }
        return Map.of("resources", resources);
    }

    Map<String, Object> get(Map<String, Object> params, CallContext context) {
        Object uri = params.get("uri");
        if (!(uri instanceof String text)) {
            throw invalid("skills/get", "uri", "is required, the URI of a skill's SKILL.md");
        }
        Skill skill = catalog.skill(text)
                .filter(found -> context.principal().hasAllScopes(found.requiredScopes()))
                .orElseThrow(() -> invalid("skills/get", "uri", "no skill is served at " + text));
        return Map.of("skill", entry(skill));
    }

    Map<String, Object> read(Map<String, Object> params, CallContext context) {
        Object uri = params.get("uri");
        String text = uri instanceof String given ? given : "";
        Optional<SkillCatalog.Found> found = catalog.file(text);
        if (found.isPresent()
                && !context.principal().hasAllScopes(found.get().skill().requiredScopes())) {
            throw new AccessDeniedException(
                    "skill",
                    found.get().skill().name(),
                    context.principal().missingScopes(found.get().skill().requiredScopes()));
        }
        Optional<byte[]> bytes = found.flatMap(catalog::read);
        if (bytes.isEmpty()) {
            throw invalid("resources/read", "uri", "no skill file is served at " + text);
        }
        Skill.SkillFile file = found.get().file();
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("uri", file.uri());
        content.put("mimeType", file.mimeType());
        Optional<String> utf8 = utf8(bytes.get());
        if (utf8.isPresent()) {
            content.put("text", utf8.get());
        } else {
            content.put("blob", Base64.getEncoder().encodeToString(bytes.get()));
        }
        return Map.of("contents", List.of(content));
    }

    /**
     * The direct children of a skill's folder or of a folder in it, {@code skill://<name>} or
     * {@code skill://<name>/<path>}: each file with its media type, each folder as {@code inode/directory}; one page.
     */
    Map<String, Object> directory(Map<String, Object> params, CallContext context) {
        String uri = params.get("uri") instanceof String given ? given : "";
        String rest = uri.startsWith(SkillCatalog.SCHEME) ? uri.substring(SkillCatalog.SCHEME.length()) : "";
        if (rest.endsWith("/")) {
            rest = rest.substring(0, rest.length() - 1);
        }
        int slash = rest.indexOf('/');
        String name = slash < 0 ? rest : rest.substring(0, slash);
        String prefix = slash < 0 ? "" : rest.substring(slash + 1) + "/";
        Optional<Skill> skill = catalog.skill(SkillCatalog.SCHEME + name + "/SKILL.md")
                .filter(found -> context.principal().hasAllScopes(found.requiredScopes()));
        Map<String, Map<String, Object>> children = new java.util.TreeMap<>();
        skill.ifPresent(found -> {
            for (Skill.SkillFile file : found.files()) {
                if (!file.path().startsWith(prefix)) {
                    continue;
                }
                String below = file.path().substring(prefix.length());
                int next = below.indexOf('/');
                String child = next < 0 ? below : below.substring(0, next);
                String childUri = SkillCatalog.SCHEME + name + "/" + prefix + child;
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("uri", childUri);
                entry.put("name", child);
                entry.put("mimeType", next < 0 ? file.mimeType() : "inode/directory");
                children.putIfAbsent(child, entry);
            }
        });
        if (children.isEmpty()) {
            throw invalid("resources/directory/read", "uri", "no skill folder is served at " + uri);
        }
        return Map.of("resources", List.copyOf(children.values()));
    }

    /** A skill's entry: its URI, its front matter, and each file's URI, digest and size. */
    private static Map<String, Object> entry(Skill skill) {
        List<Map<String, Object>> resources = new ArrayList<>();
        for (Skill.SkillFile file : skill.files()) {
            resources.add(Map.of("uri", file.uri(), "digest", file.digest(), "size", file.size()));
        }
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("uri", skill.uri());
        entry.put("frontmatter", skill.frontMatter());
        entry.put("resources", resources);
        return entry;
    }

    private static Optional<String> utf8(byte[] bytes) {
        try {
            return Optional.of(StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    private static InvalidArgumentsException invalid(String method, String field, String message) {
        return new InvalidArgumentsException(method, List.of(new InvalidArgumentsException.Violation(field, message)));
    }
}
