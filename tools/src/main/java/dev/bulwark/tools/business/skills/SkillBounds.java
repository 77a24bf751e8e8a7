package dev.bulwark.tools.business.skills;

import java.time.Duration;
import java.util.Objects;

/**
 * The bounds on a folder of skills (a skill over one is not served), and how long one look at it stands. Immutable.
 */
public record SkillBounds(
        int maxSkills, int maxFilesPerSkill, long maxSkillBytes, long maxFileBytes, Duration rescanAfter) {

    /** The extension's own limits (512 files, 16 MiB a skill), 1,000 skills, 4 MiB a file, a look every 2 s. */
    public static final SkillBounds DEFAULTS =
            new SkillBounds(1_000, 512, 16L * 1024 * 1024, 4L * 1024 * 1024, Duration.ofSeconds(2));

    public SkillBounds {
        if (maxSkills < 1 || maxFilesPerSkill < 1 || maxSkillBytes < 1 || maxFileBytes < 1) {
            throw new IllegalArgumentException("skill bounds must be positive");
        }
        Objects.requireNonNull(rescanAfter, "rescanAfter");
        if (rescanAfter.isNegative()) {
            throw new IllegalArgumentException("skills rescan interval must not be negative");
        }
    }
}
