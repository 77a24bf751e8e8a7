package dev.bulwark.archunit;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.INTERFACES;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.EvaluationResult;
import com.tngtech.archunit.lang.Priority;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The architecture rules an embedding team applies to its own application, in a layered or a hexagonal style.
 * Immutable and thread-safe.
 */
public final class BulwarkArchitecture {

    /**
     * Bulwark's public API: exactly these packages, not their subpackages. Everything else of Bulwark's core
     * is internal and may change in any release.
     */
    public static final List<String> API_PACKAGES = List.of("dev.bulwark.core", "dev.bulwark.core.config");

    /** The annotation that makes a method a tool: a class with such a method is a tool class wherever it lives. */
    public static final String TOOL_ANNOTATION = "dev.bulwark.core.McpTool";

    /**
     * The interfaces whose implementations serve calls (tool packs, tool handlers, resource readers, prompt
     * renderers): a class implementing one is a tool class wherever it lives.
     */
    public static final List<String> TOOL_INTERFACES = List.of(
            "dev.bulwark.core.ToolPack",
            "dev.bulwark.core.ToolHandler",
            "dev.bulwark.core.Resource$Reader",
            "dev.bulwark.core.ResourceTemplate$Reader",
            "dev.bulwark.core.Prompt$Renderer");

    /**
     * The definitions a handler is given to: a class that builds one (calls its constructor or a static factory)
     * holds the handler's code, and is a tool class wherever it lives.
     */
    public static final List<String> TOOL_DEFINITIONS = List.of(
            "dev.bulwark.core.Tool",
            "dev.bulwark.core.Resource",
            "dev.bulwark.core.ResourceTemplate",
            "dev.bulwark.core.Prompt");

    /**
     * Libraries and JDK classes that do I/O, which a tool handler must not touch. An entry ending in
     * {@code ..} is a package tree; any other entry is a fully qualified class name, and its subclasses count
     * too. Annotations of these packages are not I/O and pass.
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
            // Spring's HTTP clients: RestClient, RestTemplate, WebClient, HTTP interface proxies
            "org.springframework.web.client..",
            "org.springframework.web.reactive.function.client..",
            "org.springframework.http.client..",
            "org.springframework.web.service.invoker..",
            // Spring Data and Spring's messaging and ORM support
            "org.springframework.data.repository..",
            "org.springframework.data.jpa..",
            "org.springframework.data.jdbc..",
            "org.springframework.data.r2dbc..",
            "org.springframework.data.redis..",
            "org.springframework.data.mongodb..",
            "org.springframework.r2dbc..",
            "org.springframework.orm..",
            "org.springframework.kafka..",
            "org.springframework.jms..",
            "org.springframework.amqp..",
            // Redis (Lettuce), JPA and Hibernate, R2DBC, Kafka, gRPC, Netty, MongoDB, AWS
            "io.lettuce..",
            "jakarta.persistence..",
            "javax.persistence..",
            "org.hibernate..",
            "io.r2dbc..",
            "org.apache.kafka..",
            "io.grpc..",
            "io.netty..",
            "reactor.netty..",
            "com.mongodb..",
            "software.amazon.awssdk..",
            "java.net.URLConnection",
            "java.net.Socket",
            "java.net.ServerSocket",
            "java.net.DatagramSocket",
            // URL reaches the network by itself (openStream, openConnection, getContent); URI does not
            "java.net.URL",
            // DNS: a host name is looked up when an address is made
            "java.net.InetAddress",
            "java.net.InetSocketAddress",
            "javax.naming..",
            // other processes
            "java.lang.ProcessBuilder",
            "java.lang.Process",
            "java.lang.ProcessHandle");

    /**
     * JDK classes that read or write files, which a tool handler must not touch either (same form as
     * {@link #IO_LIBRARIES}).
     */
    public static final List<String> FILE_IO = List.of(
            "java.io.File",
            "java.nio.channels..",
            "java.nio.file.Files",
            "java.nio.file.FileSystem",
            "java.nio.file.FileSystems",
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

    /**
     * Packages whose annotations any tool class may carry, without allowing the packages' other classes: Spring's
     * stereotypes, injection, configuration and validation annotations, JSR-330 and Guice injection, Jakarta and
     * JSR-250 annotations, Lombok, Bean Validation and Hibernate Validator, nullness annotations (JSpecify,
     * JetBrains, SpotBugs, Checker Framework), Micrometer's metering annotations, and the architecture annotations of
     * jMolecules and Spring Modulith.
     */
    public static final List<String> IDIOMATIC_ANNOTATIONS = List.of(
            "org.springframework.stereotype..",
            "org.springframework.beans.factory.annotation..",
            "org.springframework.context.annotation..",
            "org.springframework.core.annotation..",
            "org.springframework.validation.annotation..",
            "org.springframework.transaction.annotation..",
            "org.springframework.lang..",
            "jakarta.inject..",
            "javax.inject..",
            "com.google.inject..",
            "jakarta.annotation..",
            "javax.annotation..",
            "lombok..",
            "jakarta.validation..",
            "javax.validation..",
            "org.hibernate.validator.constraints..",
            "org.jspecify.annotations..",
            "org.jetbrains.annotations..",
            "edu.umd.cs.findbugs.annotations..",
            "org.checkerframework.checker.nullness.qual..",
            "io.micrometer.core.annotation..",
            "io.micrometer.observation.annotation..",
            "org.jmolecules..",
            "org.springframework.modulith..");

    /** The logger classes a tool class may hold and make, without allowing the rest of their libraries. */
    public static final List<String> LOGGERS = List.of(
            "org.slf4j.Logger",
            "org.slf4j.LoggerFactory",
            "org.apache.logging.log4j.Logger",
            "org.apache.logging.log4j.LogManager");

    // The port interfaces (CacheStore, SqlGateway, UserRepository...) are data access: a tool handler reaches
    // them only through the team's business and data layers. The ports' value types (records, enums,
    // exceptions) are another matter: the API speaks in them (a call's context hands the handler its caller
    // as a ports Principal, a handler may catch DependencyUnavailableException), so tools may use those.
    private static final DescribedPredicate<JavaClass> PORT_VALUE_TYPES = resideInAPackage("dev.bulwark.ports..")
            .and(DescribedPredicate.not(INTERFACES))
            .as("value types of dev.bulwark.ports");

    private static final DescribedPredicate<JavaClass> IDIOMATIC = DescribedPredicate.describe(
            "annotations of Spring, injection, Lombok, validation and nullness, and loggers",
            type -> LOGGERS.contains(type.getName())
                    || (type.isAnnotation()
                            && resideInAnyPackage(IDIOMATIC_ANNOTATIONS.toArray(String[]::new))
                                    .test(type)));

    private static final Pattern JAVA_PACKAGE = Pattern.compile("\\p{javaJavaIdentifierStart}"
            + "\\p{javaJavaIdentifierPart}*(\\.\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*)*");

    private final String basePackage;
    private final Style style;
    private final Part tools;
    private final List<Part> layers;
    private final Optional<Part> shared;
    private final Optional<String> adapters;
    private final List<String> configuration;
    private final List<String> alsoAllowed;
    private final List<String> io;

    private BulwarkArchitecture(Builder builder) {
        this.basePackage = builder.basePackage;
        this.style = builder.style;
        this.tools = new Part("Tools", List.of(absolute(builder.tools)), true);
        this.layers = builder.style.layers(builder).stream()
                .map(part -> new Part(part.name(), absolute(part.patterns()), part.mandatory()))
                .toList();
        this.shared = builder.shared.isEmpty()
                ? Optional.empty()
                : Optional.of(new Part("Shared", absolute(builder.shared), false));
        this.adapters = Optional.ofNullable(builder.adapters).map(this::absolute);
        List<String> roots = new ArrayList<>(List.of(basePackage));
        roots.addAll(absolute(builder.configuration));
        this.configuration = List.copyOf(roots);
        this.alsoAllowed = List.copyOf(builder.alsoAllowed);
        List<String> forbidden = new ArrayList<>(IO_LIBRARIES);
        forbidden.addAll(FILE_IO);
        forbidden.addAll(builder.alsoForbidden);
        this.io = List.copyOf(forbidden);
    }

    /**
     * Starts layered rules (tools → business → data) for an application whose classes live under
     * {@code basePackage} (for example {@code "com.acme.orders"}); the rules look at nothing outside it.
     */
    public static Builder forApplication(String basePackage) {
        return new Builder(checkedBasePackage(basePackage), Style.LAYERED);
    }

    /**
     * Starts hexagonal rules (tools and adapters around application → ports → domain) for an application whose
     * classes live under {@code basePackage}; the rules look at nothing outside it.
     */
    public static Builder forHexagonalApplication(String basePackage) {
        return new Builder(checkedBasePackage(basePackage), Style.HEXAGONAL);
    }

    /**
     * Every rule: {@link #toolsLiveInToolPackages()}, {@link #toolsUseOnlyBulwarkApiAndOwnBusiness()},
     * {@link #toolsUseNoIoLibrary()}, {@link #layersAreRespected()}, {@link #everyClassBelongsToAPart()}, and
     * {@link #adaptersAreIndependent()} when adapters were named.
     */
    public List<ArchRule> rules() {
        List<ArchRule> rules = new ArrayList<>(List.of(
                toolsLiveInToolPackages(),
                toolsUseOnlyBulwarkApiAndOwnBusiness(),
                toolsUseNoIoLibrary(),
                layersAreRespected(),
                everyClassBelongsToAPart()));
        adapters.ifPresent(pattern -> rules.add(adaptersAreIndependent()));
        return List.copyOf(rules);
    }

    /**
     * Every rule of {@link #rules()} as one rule, for one test or one {@code @ArchTest} field: it reports every
     * violation of every rule at once, grouped by rule, each on one line that says what to do.
     */
    public ArchRule all() {
        return everyRuleOf(rules(), "the architecture of " + basePackage);
    }

    /**
     * The given rules as one: its report holds every violation of every rule at once, grouped by rule, each line
     * starting with the rule it breaks. A check of a list of rules one by one stops at the first that fails.
     */
    public static ArchRule everyRuleOf(List<ArchRule> rules, String description) {
        return new EveryRule(List.copyOf(rules), description);
    }

    /**
     * Tool classes live only in the tools packages: a class with an {@code @McpTool} method, one implementing a
     * tool interface ({@link #TOOL_INTERFACES}) or one building a tool, resource or prompt
     * ({@link #TOOL_DEFINITIONS}) is a tool class wherever it is.
     */
    public ArchRule toolsLiveInToolPackages() {
        return Rules.resideOnlyIn(
                toolClasses(),
                tools.patterns(),
                "tools live only in the tools packages " + tools.patterns() + " (a tool class has @McpTool methods,"
                        + " implements a tool, resource or prompt interface, or builds one)",
                "a tool turns a call into a business call and nothing more: move the @McpTool methods or the tool"
                        + " definition into a class in the tools package that calls this class, or name this"
                        + " package with toolsIn(...)");
    }

    /**
     * Tool classes depend only on the JDK, Bulwark's {@link #API_PACKAGES} and the ports' value types, Jackson
     * annotations, the {@link #IDIOMATIC_ANNOTATIONS} and {@link #LOGGERS}, their own packages, the team's
     * business layer (in the hexagonal style: application, ports and domain), the shared layer, and what
     * {@link Builder#alsoAllow} added.
     */
    public ArchRule toolsUseOnlyBulwarkApiAndOwnBusiness() {
        List<String> packages = new ArrayList<>(TOOL_LIBRARIES);
        packages.addAll(API_PACKAGES);
        packages.addAll(tools.patterns());
        List<String> reachable = new ArrayList<>();
        style.reachableFromTools(layers).forEach(part -> reachable.addAll(part.patterns()));
        shared.ifPresent(part -> reachable.addAll(part.patterns()));
        packages.addAll(reachable);
        packages.addAll(alsoAllowed);
        // I/O is reported by its own rule, once
        DescribedPredicate<JavaClass> allowed = resideInAnyPackage(packages.toArray(String[]::new))
                .or(PORT_VALUE_TYPES)
                .or(IDIOMATIC)
                .or(Rules.packagesOrClasses(io));
        return Rules.onlyDependOn(
                toolClasses(),
                allowed,
                "tools use only Bulwark's API and their business layer: the JDK, Bulwark's API " + API_PACKAGES
                        + " and the value types of dev.bulwark.ports, Jackson annotations, idiomatic annotations and"
                        + " loggers, " + reachable + (alsoAllowed.isEmpty() ? "" : " and " + alsoAllowed),
                "a tool handler turns a call into a business-layer call and nothing more: move the work that"
                        + " needs anything else into the business layer, or, if every tool truly needs a"
                        + " package, add it with alsoAllow(...)");
    }

    /**
     * Tool classes use none of the {@link #IO_LIBRARIES}, none of the {@link #FILE_IO} classes, and nothing
     * {@link Builder#alsoForbid} added; annotations are not I/O.
     */
    public ArchRule toolsUseNoIoLibrary() {
        DescribedPredicate<JavaClass> forbidden = Rules.packagesOrClasses(io);
        return Rules.finish(
                classes()
                        .that(toolClasses())
                        .should(Rules.useNoClassWhere(
                                (origin, target) -> !target.isAnnotation() && forbidden.test(target),
                                "use no I/O library",
                                "move the I/O into a data-layer class and call it through a business service")),
                "tools use no I/O library (JDBC, JPA, Redis, HTTP clients, messaging, gRPC, Netty, servlets,"
                        + " sockets, DNS, URLs, files, processes)",
                "I/O belongs in the data layer, where Bulwark's timeouts, circuit breakers and error mapping"
                        + " reach it through one business call: move the I/O into a data-layer class and call"
                        + " it through a business service");
    }

    /**
     * Each part uses only the parts its style lets it use: in the layered style each layer uses only the layer
     * directly below it; in the hexagonal style tools and adapters use the application, ports and domain, the
     * application uses ports and domain, ports use the domain, and the domain uses nothing. Every part may use
     * the shared layer, which uses none; the configuration (the base package itself and
     * {@link Builder#configurationIn}) may use every part and be used by every part. A mandatory layer (tools,
     * and business or application) must hold a class.
     */
    public ArchRule layersAreRespected() {
        return Rules.finish(
                classes().that(resideInAPackage(basePackage + "..")).should(new LayerCondition()),
                style.describe(basePackage, tools, layers, shared, adapters),
                "a layer that skips one below it or calls upward tangles the layers: call only what the layer may"
                        + " use and move shared types down or into the shared layer; a layer reported empty means"
                        + " its pattern matches no class: fix the pattern");
    }

    /**
     * Every class under the base package belongs to a declared part (tools, a layer, the shared layer, an adapter
     * or the configuration), or is a tool class: the other rules select parts by package, so a class in no part
     * would escape them, and a misspelled pattern shows here.
     */
    public ArchRule everyClassBelongsToAPart() {
        return Rules.finish(
                classes()
                        .that(resideInAPackage(basePackage + ".."))
                        .and(DescribedPredicate.describe(
                                "are not package-info",
                                type -> !type.getSimpleName().equals("package-info")))
                        .should(new ArchCondition<JavaClass>("belong to a declared part") {
                            @Override
                            public void check(JavaClass type, ConditionEvents events) {
                                if (partOf(type).isEmpty() && !isTool(type)) {
                                    events.add(SimpleConditionEvent.violated(
                                            type,
                                            type.getName() + " belongs to no part of the application: move it into"
                                                    + " one, or declare its package (toolsIn, businessIn, dataIn,"
                                                    + " sharedIn, adaptersIn, configurationIn)"));
                                }
                            }
                        }),
                "every class of " + basePackage + " belongs to a declared part " + partNames(),
                "a class in no part escapes the layer rules: move it into a part, or declare its package on the"
                        + " builder");
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

    // ---------------------------------------------------------------- what a class is

    /** Tool classes: in the tools packages, or tools by what they are. */
    private DescribedPredicate<JavaClass> toolClasses() {
        return DescribedPredicate.describe(
                "are tool classes (in " + tools.patterns() + ", with @McpTool methods, implementing a tool,"
                        + " resource or prompt interface, or building one)",
                type -> inBase(type) && (tools.holds(type) || isTool(type)));
    }

    private boolean inBase(JavaClass type) {
        return resideInAPackage(basePackage + "..").test(type);
    }

    /**
     * Whether {@code type} is a tool by what it is, wherever it lives. In the configuration, implementing a tool
     * interface or building a tool is wiring (a pack that assembles the tool classes); an {@code @McpTool} method
     * is a tool there too.
     */
    private boolean isTool(JavaClass type) {
        boolean wiring =
                resideInAnyPackage(configuration.toArray(String[]::new)).test(type);
        return type.getMethods().stream().anyMatch(method -> method.isAnnotatedWith(TOOL_ANNOTATION))
                || (!wiring && definesATool(type));
    }

    private static boolean definesATool(JavaClass type) {
        return TOOL_INTERFACES.stream().anyMatch(name -> !type.getName().equals(name) && type.isAssignableTo(name))
                || type.getConstructorCallsFromSelf().stream()
                        .anyMatch(call ->
                                TOOL_DEFINITIONS.contains(call.getTargetOwner().getName()))
                || type.getMethodCallsFromSelf().stream()
                        .anyMatch(call -> call.getTarget()
                                        .resolveMember()
                                        .map(method -> method.getModifiers().contains(JavaModifier.STATIC))
                                        .orElse(true)
                                && TOOL_DEFINITIONS.contains(
                                        call.getTargetOwner().getName()));
    }

    /** The part {@code type} belongs to by its package: tools, a layer, the shared layer, adapters, configuration. */
    private Optional<String> partOf(JavaClass type) {
        if (tools.holds(type)) {
            return Optional.of(tools.name());
        }
        for (Part layer : layers) {
            if (layer.holds(type)) {
                return Optional.of(layer.name());
            }
        }
        if (shared.isPresent() && shared.get().holds(type)) {
            return Optional.of(shared.get().name());
        }
        if (adapters.isPresent() && resideInAPackage(adapters.get()).test(type)) {
            return Optional.of(Style.ADAPTERS);
        }
        if (resideInAnyPackage(configuration.toArray(String[]::new)).test(type)) {
            return Optional.of(Style.CONFIGURATION);
        }
        return Optional.empty();
    }

    private List<String> partNames() {
        List<String> names = new ArrayList<>(List.of(tools.name()));
        layers.forEach(layer -> names.add(layer.name()));
        shared.ifPresent(part -> names.add(part.name()));
        adapters.ifPresent(pattern -> names.add(Style.ADAPTERS));
        names.add(Style.CONFIGURATION);
        return names;
    }

    private String absolute(String pattern) {
        return basePackage + pattern;
    }

    private List<String> absolute(List<String> patterns) {
        return patterns.stream().map(this::absolute).toList();
    }

    private static String checkedBasePackage(String basePackage) {
        Objects.requireNonNull(basePackage, "basePackage");
        if (!JAVA_PACKAGE.matcher(basePackage).matches()) {
            throw new IllegalArgumentException("The base package must be a Java package name such as"
                    + " com.acme.orders, not '" + basePackage + "'");
        }
        return basePackage;
    }

    /** One part of the application: its name in reports, its package identifiers, and whether it must hold a class. */
    record Part(String name, List<String> patterns, boolean mandatory) {

        boolean holds(JavaClass type) {
            return resideInAnyPackage(patterns.toArray(String[]::new)).test(type);
        }
    }

    /** Checks each class's uses of other parts, and reports mandatory parts that hold no class. */
    private final class LayerCondition extends ArchCondition<JavaClass> {

        // the parts that hold a class, per evaluation: one rule may be evaluated on several threads at once
        private final ThreadLocal<Set<String>> filled = ThreadLocal.withInitial(LinkedHashSet::new);

        LayerCondition() {
            super("use only the parts their part may use");
        }

        @Override
        public void init(Collection<JavaClass> allObjectsToTest) {
            Set<String> parts = filled.get();
            parts.clear();
            allObjectsToTest.forEach(type -> partOf(type).ifPresent(parts::add));
        }

        @Override
        public void check(JavaClass origin, ConditionEvents events) {
            Optional<String> from = partOf(origin);
            if (from.isEmpty() || from.get().equals(Style.CONFIGURATION)) {
                return;
            }
            List<String> declared = partNames();
            Set<String> mayUse = style.mayUse(from.get(), layers).stream()
                    .filter(declared::contains)
                    .collect(Collectors.toCollection(TreeSet::new));
            Rules.useNoClassWhere(
                            (source, target) -> partOf(target)
                                    .filter(to -> !to.equals(from.get())
                                            && !to.equals(Style.CONFIGURATION)
                                            && !to.equals("Shared")
                                            && !mayUse.contains(to))
                                    .isPresent(),
                            "use only the parts their part may use",
                            from.get() + " may use only " + (mayUse.isEmpty() ? "itself" : mayUse)
                                    + " and the shared layer: move the call into a part that may make it")
                    .check(origin, events);
        }

        @Override
        public void finish(ConditionEvents events) {
            Set<String> parts = filled.get();
            filled.remove();
            Stream.concat(Stream.of(tools), layers.stream())
                    .filter(part -> part.mandatory() && !parts.contains(part.name()))
                    .forEach(part -> events.add(SimpleConditionEvent.violated(
                            part.name(),
                            "Layer '" + part.name() + "' is empty: its pattern " + part.patterns()
                                    + " matches no class; fix the pattern on the builder")));
        }
    }

    /** An architecture style: its layers below the tools, and who may use whom. */
    private enum Style {
        LAYERED {
            @Override
            List<Part> layers(Builder builder) {
                return List.of(
                        new Part("Business", List.of(builder.business), true),
                        new Part("Data", List.of(builder.data), false));
            }

            @Override
            Set<String> mayUse(String part, List<Part> layers) {
                return switch (part) {
                    case "Tools" -> Set.of("Business");
                    case "Business" -> Set.of("Data");
                    case "Data" -> Set.of(ADAPTERS);
                    case ADAPTERS -> Set.of("Data");
                    default -> Set.of();
                };
            }

            @Override
            List<Part> reachableFromTools(List<Part> layers) {
                return layers.subList(0, 1);
            }

            @Override
            String describe(
                    String base, Part tools, List<Part> layers, Optional<Part> shared, Optional<String> adapters) {
                return "layers of " + base + " are respected: tools " + tools.patterns() + " → business "
                        + layers.get(0).patterns() + " → data " + layers.get(1).patterns()
                        + adapters.map(pattern -> " ↔ adapters '" + pattern + "'")
                                .orElse("")
                        + shared.map(part -> ", shared " + part.patterns() + " below all")
                                .orElse("")
                        + ", each used only by the layer directly above it";
            }
        },
        HEXAGONAL {
            @Override
            List<Part> layers(Builder builder) {
                return List.of(
                        new Part("Application", List.of(builder.application), true),
                        new Part("Ports", List.of(builder.ports), false),
                        new Part("Domain", List.of(builder.domain), false));
            }

            @Override
            Set<String> mayUse(String part, List<Part> layers) {
                return switch (part) {
                    case "Tools", ADAPTERS -> Set.of("Application", "Ports", "Domain");
                    case "Application" -> Set.of("Ports", "Domain");
                    case "Ports" -> Set.of("Domain");
                    default -> Set.of();
                };
            }

            @Override
            List<Part> reachableFromTools(List<Part> layers) {
                return layers;
            }

            @Override
            String describe(
                    String base, Part tools, List<Part> layers, Optional<Part> shared, Optional<String> adapters) {
                return "the hexagon of " + base + " is respected: tools " + tools.patterns()
                        + adapters.map(pattern -> " and adapters '" + pattern + "'")
                                .orElse("")
                        + " → application " + layers.get(0).patterns() + " → ports "
                        + layers.get(1).patterns()
                        + " → domain " + layers.get(2).patterns()
                        + shared.map(part -> ", shared " + part.patterns() + " below all")
                                .orElse("")
                        + ", the domain using nothing";
            }
        };

        static final String ADAPTERS = "Adapters";
        static final String CONFIGURATION = "Configuration";

        abstract List<Part> layers(Builder builder);

        abstract Set<String> mayUse(String part, List<Part> layers);

        abstract List<Part> reachableFromTools(List<Part> layers);

        abstract String describe(
                String base, Part tools, List<Part> layers, Optional<Part> shared, Optional<String> adapters);
    }

    /** Rules evaluated together: one report with every rule's violations, each line prefixed by its rule. */
    private static final class EveryRule implements ArchRule {

        private final List<ArchRule> rules;
        private final String description;

        EveryRule(List<ArchRule> rules, String description) {
            this.rules = rules;
            this.description = description;
        }

        @Override
        public void check(JavaClasses classes) {
            ArchRule.Assertions.assertNoViolation(evaluate(classes));
        }

        @Override
        public EvaluationResult evaluate(JavaClasses classes) {
            ConditionEvents events = ConditionEvents.Factory.create();
            List<String> empty = new ArrayList<>();
            for (ArchRule rule : rules) {
                String name = shortName(rule);
                try {
                    rule.evaluate(classes)
                            .getFailureReport()
                            .getDetails()
                            .forEach(line -> events.add(SimpleConditionEvent.violated(rule, "[" + name + "] " + line)));
                } catch (AssertionError nothingToCheck) {
                    empty.add(nothingToCheck.getMessage());
                }
            }
            EvaluationResult result = new EvaluationResult(this, events, Priority.MEDIUM);
            if (!empty.isEmpty()) {
                // thrown, not reported: a frozen rule must not store "nothing to check" as a known violation
                throw new AssertionError(
                        String.join("\n", empty) + (result.hasViolation() ? "\n" + result.getFailureReport() : ""));
            }
            return result;
        }

        @Override
        public ArchRule because(String reason) {
            return new EveryRule(rules, description + ", because " + reason);
        }

        @Override
        public ArchRule allowEmptyShould(boolean allowEmptyShould) {
            return new EveryRule(
                    rules.stream()
                            .map(rule -> rule.allowEmptyShould(allowEmptyShould))
                            .toList(),
                    description);
        }

        @Override
        public ArchRule as(String newDescription) {
            return new EveryRule(rules, newDescription);
        }

        @Override
        public String getDescription() {
            return description + ": " + rules.stream().map(EveryRule::shortName).collect(Collectors.joining("; "));
        }

        /** A rule's description up to its first detail: {@code " ("}, {@code ": "}, {@code " ["} or the reason. */
        private static String shortName(ArchRule rule) {
            String full = rule.getDescription();
            int end = full.length();
            for (String detail : List.of(" (", ": ", " [", ", because ")) {
                int at = full.indexOf(detail);
                if (at >= 0 && at < end) {
                    end = at;
                }
            }
            return full.substring(0, end);
        }

        @Override
        public String toString() {
            return getDescription();
        }
    }

    /**
     * Collects where each part of an application lives. Not thread-safe: build on one thread, then share the
     * immutable {@link BulwarkArchitecture}.
     */
    public static final class Builder {

        private final String basePackage;
        private final Style style;
        private String tools = "..tools..";
        private String business = "..business..";
        private String data = "..data..";
        private String application = "..application..";
        private String ports = "..port..";
        private String domain = "..domain..";
        private String adapters;
        private final List<String> shared = new ArrayList<>();
        private final List<String> configuration = new ArrayList<>();
        private final List<String> alsoAllowed = new ArrayList<>();
        private final List<String> alsoForbidden = new ArrayList<>();

        private Builder(String basePackage, Style style) {
            this.basePackage = basePackage;
            this.style = style;
            if (style == Style.LAYERED) {
                this.tools = "..presentation..";
            }
        }

        /**
         * Where tool classes live, relative to the base package; default {@code "..presentation.."} in the layered
         * style, {@code "..tools.."} in the hexagonal one.
         */
        public Builder toolsIn(String pattern) {
            this.tools = relative(pattern, "toolsIn");
            return this;
        }

        /** Where the business layer lives (layered style), relative to the base package; default {@code "..business.."}. */
        public Builder businessIn(String pattern) {
            requireStyle(Style.LAYERED, "businessIn");
            this.business = relative(pattern, "businessIn");
            return this;
        }

        /**
         * Where the data layer lives (layered style), relative to the base package; default {@code "..data.."}. The
         * layer is optional: an application may have none.
         */
        public Builder dataIn(String pattern) {
            requireStyle(Style.LAYERED, "dataIn");
            this.data = relative(pattern, "dataIn");
            return this;
        }

        /** Where the application services live (hexagonal style); default {@code "..application.."}. */
        public Builder applicationIn(String pattern) {
            requireStyle(Style.HEXAGONAL, "applicationIn");
            this.application = relative(pattern, "applicationIn");
            return this;
        }

        /** Where the ports live (hexagonal style); default {@code "..port.."}. Optional. */
        public Builder portsIn(String pattern) {
            requireStyle(Style.HEXAGONAL, "portsIn");
            this.ports = relative(pattern, "portsIn");
            return this;
        }

        /** Where the domain model lives (hexagonal style); default {@code "..domain.."}. Optional. */
        public Builder domainIn(String pattern) {
            requireStyle(Style.HEXAGONAL, "domainIn");
            this.domain = relative(pattern, "domainIn");
            return this;
        }

        /**
         * A shared layer, relative to the base package (for example {@code "..shared.."}): every part may use it,
         * and it uses no other part. Adds to earlier calls.
         */
        public Builder sharedIn(String... patterns) {
            for (String pattern : patterns) {
                shared.add(relative(pattern, "sharedIn"));
            }
            return this;
        }

        /**
         * Where the wiring lives besides the base package itself (where a Spring Boot application class sits), for
         * example {@code "..config.."}: it may use every part and be used by every part. Adds to earlier calls.
         */
        public Builder configurationIn(String... patterns) {
            for (String pattern : patterns) {
                configuration.add(relative(pattern, "configurationIn"));
            }
            return this;
        }

        /**
         * Where adapters live, relative to the base package, with one capture group that names each adapter,
         * for example {@code "..adapter.(*).."}; without it the kit has no adapter rule. In the layered style
         * only the data layer uses adapters; in the hexagonal style adapters use the application, ports and
         * domain, and nothing uses them.
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
         * More packages tool classes may depend on, as absolute ArchUnit package identifiers (for example
         * {@code "com.acme.orders.shared.."} or {@code "org.jspecify.."}); adds to earlier calls.
         */
        public Builder alsoAllow(String... packages) {
            alsoAllowed.addAll(entries(packages, "alsoAllow", "\"com.acme.orders.shared..\""));
            return this;
        }

        /**
         * More I/O tool classes must not use, in the form of {@link #IO_LIBRARIES} (a package tree ending in
         * {@code ..} or a class name, for example {@code "com.acme.legacy.MainframeClient"}); adds to earlier
         * calls.
         */
        public Builder alsoForbid(String... packagesOrClasses) {
            alsoForbidden.addAll(entries(packagesOrClasses, "alsoForbid", "\"com.rabbitmq..\""));
            return this;
        }

        /** The immutable rules for what was collected. */
        public BulwarkArchitecture build() {
            return new BulwarkArchitecture(this);
        }

        private void requireStyle(Style wanted, String option) {
            if (style != wanted) {
                throw new IllegalArgumentException(option + " belongs to the "
                        + wanted.name().toLowerCase(java.util.Locale.ROOT) + " style: start with "
                        + (wanted == Style.LAYERED ? "forApplication" : "forHexagonalApplication")
                        + "(...) to use it");
            }
        }

        private static List<String> entries(String[] values, String option, String example) {
            List<String> checked = new ArrayList<>();
            for (String value : values) {
                if (value == null || value.isBlank()) {
                    throw new IllegalArgumentException(
                            option + " takes package identifiers such as " + example + ", not a blank or null one");
                }
                checked.add(value);
            }
            return checked;
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
