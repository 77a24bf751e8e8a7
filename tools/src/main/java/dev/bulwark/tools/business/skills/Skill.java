package dev.bulwark.tools.business.skills;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One skill as served. Immutable.
 *
 * @param name its folder's name
 * @param uri {@code skill://<name>/SKILL.md}
 * @param frontMatter its {@code SKILL.md}'s front matter, as JSON values
 * @param requiredScopes what a caller must hold to see it
 * @param files its files, {@code SKILL.md} first
 */
public record Skill(
        String name, String uri, Map<String, Object> frontMatter, Set<String> requiredScopes, List<SkillFile> files) {

    public Skill {
        frontMatter = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(frontMatter));
        requiredScopes = Set.copyOf(requiredScopes);
        files = List.copyOf(files);
    }

    /**
     * One file of a skill. Immutable.
     *
     * @param path its path in the skill's folder, with {@code /}
     * @param uri its URI, {@code skill://<name>/<path>}
     * @param digest {@code sha256:} and the hex SHA-256 of its bytes
     * @param size its length in bytes
     * @param mimeType its media type, from its extension
     */
    public record SkillFile(String path, String uri, String digest, long size, String mimeType) {}
}
