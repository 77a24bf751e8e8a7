package dev.bulwark.tools;

import dev.bulwark.core.ToolPack;
import dev.bulwark.core.ToolPackContext;
import dev.bulwark.ports.time.Ticker;
import dev.bulwark.tools.business.skills.SkillBounds;
import dev.bulwark.tools.business.skills.SkillCatalog;
import dev.bulwark.tools.data.skills.SkillFolder;
import dev.bulwark.tools.presentation.skills.SkillChanges;
import dev.bulwark.tools.presentation.skills.SkillsExtension;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a folder of skills through the Skills extension ({@code io.modelcontextprotocol/skills}): each folder in it
 * holding a {@code SKILL.md} with front matter is a skill. Thread-safe once registered.
 */
public final class SkillsPack implements ToolPack {

    private static final Logger LOG = LoggerFactory.getLogger(SkillsPack.class);

    private final Path folder;
    private final SkillBounds bounds;
    private final int pageSize;
    private final Ticker ticker;
    private final Optional<Duration> timeout;

    private SkillsPack(Path folder, SkillBounds bounds, int pageSize, Ticker ticker, Optional<Duration> timeout) {
        this.folder = Objects.requireNonNull(folder, "folder");
        this.bounds = Objects.requireNonNull(bounds, "bounds");
        this.pageSize = pageSize;
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /**
     * The skills of {@code folder}, within the extension's default bounds. A skill's front matter may name the scopes
     * a caller needs to see it, separated by spaces, under {@code metadata: {dev.bulwark/required-scopes: ...}}.
     *
     * @throws IllegalArgumentException if {@code folder} is no readable directory
     */
    public static SkillsPack of(Path folder) {
        return of(folder, SkillBounds.DEFAULTS, SkillsExtension.PAGE_SIZE, Ticker.system());
    }

    /**
     * The skills of {@code folder} within {@code bounds}, {@code pageSize} a page, looked at again as
     * {@code ticker} counts.
     *
     * @throws IllegalArgumentException if {@code folder} is no readable directory, or the page size is not positive
     */
    public static SkillsPack of(Path folder, SkillBounds bounds, int pageSize, Ticker ticker) {
        if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS) || !Files.isReadable(folder)) {
            throw new IllegalArgumentException("the skills folder " + folder + " is no readable directory");
        }
        if (pageSize < 1) {
            throw new IllegalArgumentException("the skills page size must be positive, was " + pageSize);
        }
        return new SkillsPack(folder, bounds, pageSize, ticker, Optional.empty());
    }

    /**
     * These skills, each request of the extension ({@code skills/list}, {@code skills/get}, a directory or a file
     * read) ended after {@code timeout} and answered with the timeout error a tool gets, instead of after the server's
     * {@code limits.tool-timeout}.
     *
     * @throws IllegalArgumentException if the timeout is not positive or past 365 days
     */
    public SkillsPack withTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isZero() || timeout.isNegative() || timeout.compareTo(dev.bulwark.core.Tool.MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException(
                    "the skills timeout must be positive and at most 365 days, was " + timeout);
        }
        return new SkillsPack(folder, bounds, pageSize, ticker, Optional.of(timeout));
    }

    /**
     * Why each skill folder that cannot be served is not, one sentence each, from a look at the folder now: for
     * reporting at start.
     */
    public List<String> problems() {
        return catalog().problems();
    }

    /**
     * Registers the Skills extension over the folder, looked at once now; a folder left out is logged. While a server
     * listens, the folder is looked at again at the bounds' rescan interval, and a change is announced to its clients.
     */
    @Override
    public void register(ToolPackContext pack) {
        SkillChanges changes = new SkillChanges(bounds.rescanAfter());
        SkillCatalog catalog = new SkillCatalog(new SkillFolder(folder), bounds, ticker, changes::changed);
        changes.looksWith(catalog::skills);
        catalog.problems().forEach(problem -> LOG.warn("{}", problem));
        pack.extension(SkillsExtension.of(catalog, pageSize, changes, timeout));
    }

    private SkillCatalog catalog() {
        return new SkillCatalog(new SkillFolder(folder), bounds, ticker, () -> {});
    }
}
