package dev.bulwark.archunit;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.INTERFACES;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import dev.bulwark.archunit.Rules.Layer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The architecture rules an embedding team applies to its own application. Immutable and thread-safe.
 */
public final class BulwarkArchitecture {

    /**
     * Bulwark's public API: exactly these packages, not their subpackages. Everything else of Bulwark's core
     * is internal and may change in any release.
     */
    public static final List<String> API_PACKAGES = List.of("dev.bulwark.core", "dev.bulwark.core.config");

    /**
     * Libraries and JDK classes that do I/O, which a tool handler must not touch. An entry ending in
     * {@code ..} is a package tree; any other entry is a fully qualified class name, and its subclasses count
     * too.
     */
    public static final List<String> IO_LIBRARIES = List.of(
            "java.sql..",
            "javax.sql..",
            "redis.clients..",
            "java.net.http..",
            "okhttp3..",
            "org.apache.hc..",
            "org.apache.http..",
            "org.eclipse.jetty..",
            "jakarta.servlet..",
            "javax.servlet..",
            "com.zaxxer.hikari..",
            "org.springframework.jdbc..",
            "java.net.URLConnection",
            "java.net.Socket",
            "java.net.ServerSocket",
            "java.net.DatagramSocket",
            // URL reaches the network by itself (openStream, openConnection, getContent); URI does not
            "java.net.URL");

    /**
     * JDK classes that read or write files, which a tool handler must not touch either (same form as
     * {@link #IO_LIBRARIES}).
     */
    public static final List<String> FILE_IO = List.of(
            "java.nio.channels..",
            "java.nio.file.Files",
            "java.io.FileInputStream",
            "java.io.FileOutputStream",
            "java.io.FileReader",
            "java.io.FileWriter",
            "java.io.RandomAccessFile");

    /**
     * What tool handlers may use besides Bulwark's API and the team's business layer: the JDK, and Jackson's
     * annotations for input records.
     */
    public static final List<String> TOOL_LIBRARIES = List.of("java..", "com.fasterxml.jackson.annotation..");

    // The port interfaces (CacheStore, SqlGateway, UserRepository...) are data access: a tool handler reaches
    // them only through the team's business and data layers. The ports' value types (records, enums,
    // exceptions) are another matter: the API speaks in them (a call's context hands the handler its caller
    // as a ports Principal, a handler may catch DependencyUnavailableException), so tools may use those.
    private static final DescribedPredicate<JavaClass> PORT_VALUE_TYPES = resideInAPackage("dev.bulwark.ports..")
            .and(DescribedPredicate.not(INTERFACES))
            .as("value types of dev.bulwark.ports");

    private static final Pattern JAVA_PACKAGE = Pattern.compile("\\p{javaJavaIdentifierStart}"
            + "\\p{javaJavaIdentifierPart}*(\\.\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*)*");

    private final String basePackage;
    private final String tools;
    private final String business;
    private final String data;
    private final Optional<String> adapters;
    private final List<String> alsoAllowed;

    private BulwarkArchitecture(Builder builder) {
        this.basePackage = builder.basePackage;
        this.tools = builder.basePackage + builder.tools;
        this.business = builder.basePackage + builder.business;
        this.data = builder.basePackage + builder.data;
        this.adapters = Optional.ofNullable(builder.adapters).map(pattern -> builder.basePackage + pattern);
        this.alsoAllowed = List.copyOf(builder.alsoAllowed);
    }

    /**
     * Starts the rules for an application whose classes live under {@code basePackage} (for example
     * {@code "com.acme.orders"}); the rules look at nothing outside it.
     */
    public static Builder forApplication(String basePackage) {
        Objects.requireNonNull(basePackage, "basePackage");
        if (!JAVA_PACKAGE.matcher(basePackage).matches()) {
            throw new IllegalArgumentException("The base package must be a Java package name such as"
                    + " com.acme.orders, not '" + basePackage + "'");
        }
        return new Builder(basePackage);
    }

    /**
     * Every rule: {@link #toolsUseOnlyBulwarkApiAndOwnBusiness()}, {@link #toolsUseNoIoLibrary()},
     * {@link #layersAreRespected()}, and {@link #adaptersAreIndependent()} when adapters were named.
     */
    public List<ArchRule> rules() {
        List<ArchRule> rules = new ArrayList<>(
                List.of(toolsUseOnlyBulwarkApiAndOwnBusiness(), toolsUseNoIoLibrary(), layersAreRespected()));
        adapters.ifPresent(pattern -> rules.add(adaptersAreIndependent()));
        return List.copyOf(rules);
    }

    /**
     * Tool handlers depend only on the JDK, Bulwark's {@link #API_PACKAGES} and the ports' value types,
     * Jackson annotations, their own packages, the team's business layer, and what {@link Builder#alsoAllow}
     * added.
     */
    public ArchRule toolsUseOnlyBulwarkApiAndOwnBusiness() {
        List<String> packages = new ArrayList<>(TOOL_LIBRARIES);
        packages.addAll(API_PACKAGES);
        packages.add(tools);
        packages.add(business);
        packages.addAll(alsoAllowed);
        DescribedPredicate<JavaClass> allowed =
                resideInAnyPackage(packages.toArray(String[]::new)).or(PORT_VALUE_TYPES);
        return Rules.onlyDependOn(
                resideInAPackage(tools),
                allowed,
                "tool handlers in '" + tools + "' depend only on the JDK, Bulwark's API " + API_PACKAGES
                        + " and the value types of dev.bulwark.ports, Jackson annotations, the business layer '"
                        + business + "'" + (alsoAllowed.isEmpty() ? "" : " and " + alsoAllowed),
                "a tool handler turns a call into a business-layer call and nothing more: move the work that"
                        + " needs anything else into the business layer, or, if every tool truly needs a"
                        + " package, add it with alsoAllow(...)");
    }

    /** Tool handlers use none of the {@link #IO_LIBRARIES} and none of the {@link #FILE_IO} classes. */
    public ArchRule toolsUseNoIoLibrary() {
        List<String> io = new ArrayList<>(IO_LIBRARIES);
        io.addAll(FILE_IO);
        return Rules.dependOnNone(
                resideInAPackage(tools),
                Rules.packagesOrClasses(io),
                "tool handlers in '" + tools + "' use no I/O library (JDBC, Redis, HTTP clients, servlets,"
                        + " sockets, URLs, files)",
                "I/O belongs in the data layer, where Bulwark's timeouts, circuit breakers and error mapping"
                        + " reach it through one business call: move the I/O into a data-layer class and call"
                        + " it through a business service");
    }

    /**
     * Tools → business → data: each layer is reached only by the layer directly above it, and no configured
     * layer may be empty.
     */
    public ArchRule layersAreRespected() {
        return Rules.finish(
                Rules.strictLayers(
                        Optional.empty(),
                        List.of(
                                new Layer("Tools", resideInAPackage(tools)),
                                new Layer("Business", resideInAPackage(business)),
                                new Layer("Data", resideInAPackage(data)))),
                "layers of " + basePackage + " are respected: tools '" + tools + "' → business '" + business
                        + "' → data '" + data + "', each reached only by the layer directly above it",
                "a layer that skips one below it or calls upward tangles the layers: call only the layer"
                        + " directly below and move shared types down; a layer reported empty means its"
                        + " pattern (toolsIn, businessIn, dataIn) matches no class: fix the pattern");
    }

    /**
     * The team's adapters, one slice per match of the {@link Builder#adaptersIn} capture group, do not depend
     * on each other.
     *
     * @throws IllegalStateException if no adapters were named with {@link Builder#adaptersIn}
     */
    public ArchRule adaptersAreIndependent() {
        String pattern = adapters.orElseThrow(() -> new IllegalStateException(
                "No adapters were named: call adaptersIn(\"..adapter.(*)..\") (or your own pattern) on the"
                        + " builder to check that adapters are independent"));
        return Rules.independentSlices(
                pattern,
                DescribedPredicate.alwaysTrue(),
                "adapters '" + pattern + "' do not depend on each other",
                "adapters are swapped one at a time: move what two adapters share into the layer or the"
                        + " interface they both serve");
    }

    /**
     * Collects where each part of an application lives. Not thread-safe: build on one thread, then share the
     * immutable {@link BulwarkArchitecture}.
     */
    public static final class Builder {

        private final String basePackage;
        private String tools = "..presentation..";
        private String business = "..business..";
        private String data = "..data..";
        private String adapters;
        private final List<String> alsoAllowed = new ArrayList<>();

        private Builder(String basePackage) {
            this.basePackage = basePackage;
        }

        /** Where tool handlers live, relative to the base package; default {@code "..presentation.."}. */
        public Builder toolsIn(String pattern) {
            this.tools = relative(pattern, "toolsIn");
            return this;
        }

        /** Where the business layer lives, relative to the base package; default {@code "..business.."}. */
        public Builder businessIn(String pattern) {
            this.business = relative(pattern, "businessIn");
            return this;
        }

        /** Where the data layer lives, relative to the base package; default {@code "..data.."}. */
        public Builder dataIn(String pattern) {
            this.data = relative(pattern, "dataIn");
            return this;
        }

        /**
         * Where adapters live, relative to the base package, with one capture group that names each adapter,
         * for example {@code "..adapter.(*).."}; without it the kit has no adapter rule.
         */
        public Builder adaptersIn(String pattern) {
            String adapterPattern = relative(pattern, "adaptersIn");
            if (!adapterPattern.contains("(*)") && !adapterPattern.contains("(**)")) {
                throw new IllegalArgumentException("adaptersIn needs a capture group that names each adapter,"
                        + " such as \"..adapter.(*)..\", not '" + pattern + "'");
            }
            this.adapters = adapterPattern;
            return this;
        }

        /**
         * More packages tool handlers may depend on, as absolute ArchUnit package identifiers (for example
         * {@code "com.acme.orders.shared.."} or {@code "org.jspecify.."}); adds to earlier calls.
         */
        public Builder alsoAllow(String... packages) {
            for (String allowed : packages) {
                if (allowed == null || allowed.isBlank()) {
                    throw new IllegalArgumentException("alsoAllow takes package identifiers such as"
                            + " \"com.acme.orders.shared..\", not a blank or null one");
                }
                alsoAllowed.add(allowed);
            }
            return this;
        }

        /** The immutable rules for what was collected. */
        public BulwarkArchitecture build() {
            return new BulwarkArchitecture(this);
        }

        private static String relative(String pattern, String option) {
            Objects.requireNonNull(pattern, option);
            if (!pattern.startsWith(".") || pattern.replace(".", "").isEmpty()) {
                throw new IllegalArgumentException(option + " takes a package pattern relative to the base"
                        + " package, starting with a dot, such as \"..tools..\" or \".tools..\", not '"
                        + pattern + "'");
            }
            return pattern;
        }
    }
}
