package dev.bulwark.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import java.util.ArrayList;
import java.util.List;

/**
 * Bulwark's architecture as ArchUnit rules, read top to bottom like the diagram in {@code DESIGN.md}:
 *
 * <pre>
 *   bootstrap ──► adapters (redis | postgres | stdio | http) ───► ports ──► JDK
 *       │                                                           ▲
 *       └──► core: entry point (dev.bulwark.core itself): wires the layers below
 *                  presentation ──► business ──► data ──────────────┘
 *                  shared kernel (config, error): used by every layer, uses none
 * </pre>
 *
 * <p>Every rule is built for a root package: {@code dev.bulwark} for the real code, a package under
 * {@code dev.bulwark.archfixtures} for the fixtures that prove each rule can fail. Rules allow an empty
 * selection (a module may have no classes yet); {@code ArchitectureTest} guards against importing nothing.
 */
final class ArchitectureRules {

    /** The production root package. */
    static final String BULWARK = "dev.bulwark";

    /** The adapter modules' packages, relative to the root. */
    private static final List<String> ADAPTERS = List.of("redis", "postgres", "stdio", "http");

    /** Libraries that do I/O, and the SDK's transports: the core must reach the world only through ports. */
    private static final String[] IO_LIBRARIES = {
        "redis.clients..",
        "java.sql..",
        "javax.sql..",
        "org.eclipse.jetty..",
        "jakarta.servlet..",
        "io.modelcontextprotocol.server.transport..",
    };

    /** Dependency-injection APIs: Dagger and the JSR-330 annotations it reads. */
    private static final String[] DEPENDENCY_INJECTION = {"dagger..", "javax.inject..", "jakarta.inject.."};

    private ArchitectureRules() {
    }

    // Ports are the contract every adapter and every embedding team implements; a library type in a port
    // would force that library on all of them.
    static ArchRule portsDependOnlyOnTheJdk(String root) {
        return classes().that().resideInAPackage(ports(root))
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", ports(root))
                .as("ports depend only on the JDK")
                .allowEmptyShould(true);
    }

    // Presentation → business → data, one step down at a time: a tool spec that reaches the data layer
    // skips the business rules, and a lower layer that calls upward makes the layers a tangle.
    // The shared kernel (config, error) is usable from every layer, so it must not depend on any of them.
    // The core's own package is its entry point (the library's front door, e.g. a builder): a composition
    // root that may wire every layer, and that no layer may call back.
    static ArchRule coreLayersAreRespected(String root) {
        String core = root + ".core";
        return layeredArchitecture().consideringOnlyDependenciesInLayers()
                .withOptionalLayers(true)
                .layer("Entry point").definedBy(core)
                .layer("Presentation").definedBy(core + ".presentation..")
                .layer("Business").definedBy(core + ".business..")
                .layer("Data").definedBy(core + ".data..")
                .layer("Shared kernel").definedBy(core + ".config..", core + ".error..")

                .whereLayer("Entry point").mayNotBeAccessedByAnyLayer()
                .whereLayer("Presentation").mayOnlyBeAccessedByLayers("Entry point")
                .whereLayer("Business").mayOnlyBeAccessedByLayers("Presentation", "Entry point")
                .whereLayer("Data").mayOnlyBeAccessedByLayers("Business", "Entry point")
                .whereLayer("Shared kernel").mayNotAccessAnyLayer()
                .as("core layers are respected: presentation → business → data, shared kernel below all,"
                        + " entry point above all");
    }

    // The layer rule only sees classes inside a layer (or the entry point, or the shared kernel); any other
    // core package would escape it unnoticed.
    static ArchRule coreHasNoPackageOutsideTheLayers(String root) {
        String core = root + ".core";
        return classes().that().resideInAPackage(core + "..")
                .should().resideInAnyPackage(
                        core,
                        core + ".presentation..",
                        core + ".business..",
                        core + ".data..",
                        core + ".config..",
                        core + ".error..")
                .as("core classes live in a layer (presentation, business, data), the shared kernel"
                        + " (config, error) or the entry point (the core package itself)")
                .allowEmptyShould(true);
    }

    // The core is pure domain: it can be unit-tested without servers and embedded next to any transport.
    static ArchRule coreUsesNoIoLibrary(String root) {
        return noClasses().that().resideInAPackage(core(root))
                .should().dependOnClassesThat().resideInAnyPackage(IO_LIBRARIES)
                .as("core uses no I/O library (Redis, JDBC, Jetty, Servlet, MCP SDK transports)")
                .allowEmptyShould(true);
    }

    // The core reaches an adapter only through a port, and never knows how it is wired.
    static ArchRule coreReachesNoAdapterNorBootstrap(String root) {
        List<String> forbidden = new ArrayList<>(adapters(root));
        forbidden.add(bootstrap(root));
        return noClasses().that().resideInAPackage(core(root))
                .should().dependOnClassesThat().resideInAnyPackage(forbidden.toArray(String[]::new))
                .as("core reaches no adapter (only ports) and not bootstrap")
                .allowEmptyShould(true);
    }

    // Adapters are swapped one at a time (Redis on or off, stdio or HTTP); one adapter using another
    // would make them a package deal.
    static ArchRule adaptersDoNotDependOnEachOther(String root) {
        List<ArchRule> perAdapter = new ArrayList<>();
        for (String adapter : adapters(root)) {
            List<String> others = new ArrayList<>(adapters(root));
            others.remove(adapter);
            perAdapter.add(noClasses().that().resideInAPackage(adapter)
                    .should().dependOnClassesThat().resideInAnyPackage(others.toArray(String[]::new))
                    .allowEmptyShould(true));
        }
        return CompositeArchRule.of(perAdapter).as("adapters do not depend on each other");
    }

    // Adapters implement ports; they do not call the domain, and they do not choose their own wiring.
    static ArchRule adaptersDependOnNeitherCoreNorBootstrap(String root) {
        return noClasses().that().resideInAnyPackage(adapters(root).toArray(String[]::new))
                .should().dependOnClassesThat().resideInAnyPackage(core(root), bootstrap(root))
                .as("adapters depend on neither core nor bootstrap")
                .allowEmptyShould(true);
    }

    // Core and adapters are plain constructors so an embedding team can wire them by hand or with its own
    // container; only bootstrap knows Dagger.
    static ArchRule onlyBootstrapKnowsDependencyInjection(String root) {
        return noClasses().that().resideInAPackage(root + "..")
                .and().resideOutsideOfPackage(bootstrap(root))
                .should().dependOnClassesThat().resideInAnyPackage(DEPENDENCY_INJECTION)
                .as("only bootstrap knows Dagger (dagger, javax.inject, jakarta.inject)")
                .allowEmptyShould(true);
    }

    /** Every rule above, in the order of the diagram, built for {@code root}. */
    static List<ArchRule> all(String root) {
        return List.of(
                portsDependOnlyOnTheJdk(root),
                coreLayersAreRespected(root),
                coreHasNoPackageOutsideTheLayers(root),
                coreUsesNoIoLibrary(root),
                coreReachesNoAdapterNorBootstrap(root),
                adaptersDoNotDependOnEachOther(root),
                adaptersDependOnNeitherCoreNorBootstrap(root),
                onlyBootstrapKnowsDependencyInjection(root));
    }

    private static String ports(String root) {
        return root + ".ports..";
    }

    private static String core(String root) {
        return root + ".core..";
    }

    private static String bootstrap(String root) {
        return root + ".bootstrap..";
    }

    private static List<String> adapters(String root) {
        return ADAPTERS.stream().map(adapter -> root + "." + adapter + "..").toList();
    }
}
