package dev.bulwark.archunit;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import dev.bulwark.archunit.Rules.Layer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Bulwark's own architecture as ArchUnit rules; get them with {@link #forBulwark()}. Immutable and thread-safe.
 */
public final class BulwarkOwnRules {

    /** Bulwark's root package. */
    public static final String ROOT = "dev.bulwark";

    /** The adapter modules' packages, relative to the root. */
    public static final List<String> ADAPTERS = List.of("redis", "postgres", "stdio", "http", "outbound", "mcpclient");

    /**
     * Every top-level package under the root, the adapters included: the one list a new module's package
     * must join (and, for an adapter, {@link #ADAPTERS}) before the build accepts it.
     */
    public static final List<String> MODULES = Stream.of(
                    List.of("config", "ports", "core"),
                    ADAPTERS,
                    List.of(
                            "serve",
                            // the Spring Boot starter: binds the public API of core, serve and the adapters to
                            // Spring, so an embedding application reaches Bulwark the way any embedder does
                            "spring",
                            "monitor",
                            "tools",
                            "test",
                            "bootstrap",
                            "archunit",
                            "benchmarks",
                            "loadtest",
                            "docs",
                            "promises"))
            .flatMap(List::stream)
            .toList();

    /**
     * Where core's layers live, relative to the root, as ArchUnit package identifiers: the API package (the
     * library's front door: it wires the layers, and every layer speaks in its types), the three internal
     * layers, and the shared kernel (config) every layer may use. The one line to edit when core moves its
     * layers.
     */
    static final CoreLayout CORE_LAYOUT = new CoreLayout(
            "core",
            "core.internal.presentation..",
            "core.internal.business..",
            "core.internal.data..",
            "core.config..");

    /** The modules that embed the core as an application would, and so use only public API. */
    static final List<String> EMBEDDERS = List.of("spring", "serve", "tools", "monitor", "bootstrap");

    /**
     * The internal classes the test kit ({@code bulwark-test}) may use, relative to the root, each with its reason:
     * the kit replays a call as the wire does, and these are the wire's own steps, which the public API does not
     * offer (an application calls a tool through a transport, never step by step). Any other internal class is a
     * violation.
     */
    static final Map<String, String> TEST_KIT_INTERNALS = Map.of(
            "core.internal.presentation.era2026.ClientInputRound",
            "a tool's question to the client (elicitation, sampling, roots) is answered in a round the kit opens",
            "core.internal.presentation.era2026.SignedInputRounds",
            "the kit opens and resumes input rounds as the transport does, signed with the server's request state",
            "core.internal.presentation.era2026.InputRequiredSignal",
            "the signal a tool's question raises, which the kit answers with the test's scripted client answer",
            "core.internal.presentation.pipeline.ErrorTypes",
            "the kit reports a failed call's error type as the wire's result carries it",
            "core.internal.presentation.pipeline.ResultMeta",
            "the kit reads a result's error flag and cache metadata as the wire's result carries them");

    /** Dependency-injection APIs: Dagger and the JSR-330 annotations it reads. */
    private static final List<String> DEPENDENCY_INJECTION = List.of("dagger..", "javax.inject..", "jakarta.inject..");

    /** The MCP SDK's transports: the core may use the SDK, but a transport is I/O. */
    private static final String SDK_TRANSPORTS = "io.modelcontextprotocol.server.transport..";

    /** Core's layout: an exact entry-point package, three layer trees, and the shared kernel's trees. */
    record CoreLayout(String entryPoint, String presentation, String business, String data, String... sharedKernel) {}

    private final String root;
    private final CoreLayout core;

    private BulwarkOwnRules(String root, CoreLayout core) {
        this.root = root;
        this.core = core;
    }

    /** Bulwark's rules for its own code under {@link #ROOT}. */
    public static BulwarkOwnRules forBulwark() {
        return forRoot(ROOT);
    }

    /** The same rules for a miniature Bulwark under another root: the fixtures that prove each rule fails. */
    static BulwarkOwnRules forRoot(String root) {
        return new BulwarkOwnRules(root, CORE_LAYOUT);
    }

    /** Every rule, in the order of the diagram. */
    public List<ArchRule> all() {
        return List.of(
                everyPackageBelongsToAKnownModule(),
                configDependsOnlyOnTheJdk(),
                portsDependOnlyOnTheJdk(),
                coreLayersAreRespected(),
                coreHasNoPackageOutsideTheLayers(),
                coreUsesNoIoLibrary(),
                coreReachesNoAdapterNorBootstrap(),
                adaptersDoNotDependOnEachOther(),
                adaptersDependOnNeitherCoreNorBootstrap(),
                onlyBootstrapKnowsDependencyInjection(),
                embeddersUseOnlyPublicApi(),
                testKitUsesOnlyTheInternalsItNames(),
                monitorUsesNoAdapter());
    }

    /**
     * Every class under the root lives in one of the {@link #MODULES}: the other rules select modules by
     * name, so a package they do not know would escape all of them.
     */
    public ArchRule everyPackageBelongsToAKnownModule() {
        return Rules.resideOnlyIn(
                resideInAPackage(root + ".."),
                trees(MODULES),
                "every package under " + root + " belongs to a known module " + MODULES,
                "a package the rules do not know escapes every one of them: add a new module's package to"
                        + " BulwarkOwnRules.ADAPTERS if it is an adapter, else to BulwarkOwnRules.MODULES, and give"
                        + " it its rules there; a renamed module is renamed there too");
    }

    /**
     * The config module (the shape of a configuration key) depends only on the JDK: every module's key table is made
     * of it, and so is whatever binds those tables to its own configuration (the server jar, an embedding framework),
     * so anything it depended on would be forced on all of them.
     */
    public ArchRule configDependsOnlyOnTheJdk() {
        return Rules.onlyDependOn(
                inModules(List.of("config")),
                resideInAnyPackage("java..", tree("config")),
                "config depends only on the JDK",
                "every module's key table and every reader of them use it: keep a module's own value types (an enum"
                        + " of its settings) in that module's key table, made with ConfigType.of");
    }

    /**
     * Ports depend only on the JDK: they are the contract every adapter and every embedding team implements,
     * and a library type in a port would force that library on all of them.
     */
    public ArchRule portsDependOnlyOnTheJdk() {
        return Rules.onlyDependOn(
                inModules(List.of("ports")),
                resideInAnyPackage("java..", tree("ports")),
                "ports depend only on the JDK",
                "a port is implemented by every adapter and embedding team: speak in JDK types or in a value"
                        + " type of the ports module, and keep library types inside the adapters");
    }

    /**
     * Presentation → business → data, one step down at a time; the shared kernel is usable from every layer
     * and depends on none; the API package wires every layer, and every layer may use its types (a tool, its
     * result, the errors).
     */
    public ArchRule coreLayersAreRespected() {
        String kernel = "Shared kernel";
        return Rules.finish(
                Rules.strictLayers(
                                Optional.of(new Layer("API", inCore(core.entryPoint()))),
                                List.of(
                                        new Layer("Presentation", inCore(core.presentation())),
                                        new Layer("Business", inCore(core.business())),
                                        new Layer("Data", inCore(core.data()))))
                        .layer(kernel)
                        .definedBy(inCore(core.sharedKernel()))
                        .whereLayer(kernel)
                        .mayNotAccessAnyLayer(),
                "core layers are respected: presentation → business → data, shared kernel below all, the API"
                        + " above all",
                "a layer that skips one below it or calls upward tangles the core: call only the layer directly"
                        + " below, move shared types into the shared kernel or the API, and let only the API"
                        + " wire the layers");
    }

    /**
     * Every core class lives in a layer, the shared kernel or the entry point: the layer rule sees only those,
     * so any other core package would escape it.
     */
    public ArchRule coreHasNoPackageOutsideTheLayers() {
        List<String> layout =
                new ArrayList<>(List.of(core.entryPoint(), core.presentation(), core.business(), core.data()));
        layout.addAll(List.of(core.sharedKernel()));
        return Rules.resideOnlyIn(
                inModules(List.of("core")),
                relative(layout),
                "core classes live in a layer, the shared kernel or the entry point " + relative(layout),
                "the layer rule sees only those packages: move the class into the layer it belongs to");
    }

    /**
     * The core uses no I/O library and no file I/O, the lists a team's tools are held to: it is pure domain, testable
     * without servers and embeddable anywhere.
     */
    public ArchRule coreUsesNoIoLibrary() {
        List<String> io = new ArrayList<>(BulwarkArchitecture.IO_LIBRARIES);
        io.addAll(BulwarkArchitecture.FILE_IO);
        io.add(SDK_TRANSPORTS);
        return Rules.dependOnNone(
                inModules(List.of("core")),
                Rules.packagesOrClasses(io),
                "core uses no I/O library (JDBC, Redis, HTTP, Jetty, Servlet, sockets, DNS, processes, files, MCP SDK"
                        + " transports)",
                "the core reaches the world only through ports: declare what the core needs as a port in"
                        + " dev.bulwark.ports and implement it in an adapter");
    }

    /** The core reaches an adapter only through a port, and never knows how it is wired. */
    public ArchRule coreReachesNoAdapterNorBootstrap() {
        List<String> forbidden = new ArrayList<>(ADAPTERS);
        forbidden.add("bootstrap");
        return Rules.dependOnNone(
                inModules(List.of("core")),
                inModules(forbidden),
                "core reaches no adapter (only ports) and not bootstrap",
                "depend on the port the adapter implements, and let bootstrap hand the core its implementation");
    }

    /**
     * Adapters do not depend on each other: they are swapped one at a time (Redis on or off, stdio or HTTP),
     * and one adapter using another would make them a package deal.
     */
    public ArchRule adaptersDoNotDependOnEachOther() {
        return Rules.independentSlices(
                root + ".(*)..",
                DescribedPredicate.describe("adapters " + ADAPTERS, slice -> ADAPTERS.contains(slice.getNamePart(1))),
                "adapters " + ADAPTERS + " do not depend on each other",
                "adapters are swapped one at a time: speak to the other side through a port, and let bootstrap"
                        + " wire both");
    }

    /** Adapters implement ports; they do not call the domain, and they do not choose their own wiring. */
    public ArchRule adaptersDependOnNeitherCoreNorBootstrap() {
        return Rules.dependOnNone(
                inModules(ADAPTERS),
                inModules(List.of("core", "bootstrap")),
                "adapters depend on neither core nor bootstrap",
                "an adapter implements a port and knows nothing else of Bulwark: move what it needs from core"
                        + " into the port, and let bootstrap wire it");
    }

    /**
     * Only bootstrap knows dependency injection: core and adapters are plain constructors, so an embedding
     * team can wire them by hand or with its own container.
     */
    public ArchRule onlyBootstrapKnowsDependencyInjection() {
        return Rules.dependOnNone(
                resideInAPackage(root + "..").and(DescribedPredicate.not(inModules(List.of("bootstrap")))),
                resideInAnyPackage(DEPENDENCY_INJECTION.toArray(String[]::new)),
                "only bootstrap knows Dagger (dagger, javax.inject, jakarta.inject)",
                "take collaborators as plain constructor parameters, and put the Dagger module or annotation in"
                        + " dev.bulwark.bootstrap");
    }

    /**
     * The modules that embed the core (the Spring Boot starter, serve, the tool packs, the fleet monitor and the server
     * jar) use the public API of the modules they wire, never an {@code internal} package: each is an embedder like
     * any application, so what it needs is what an embedding team needs, and belongs in that API.
     */
    public ArchRule embeddersUseOnlyPublicApi() {
        return Rules.dependOnNone(
                inModules(EMBEDDERS),
                resideInAPackage(root + "..internal.."),
                "the modules that embed the core " + EMBEDDERS + " use no internal package",
                "an embedder needs what an embedding team needs: make it public API of its module (a builder"
                        + " option, a public factory) instead of reaching into an internal package");
    }

    /**
     * The test kit uses Bulwark's public API, and of the internals only the classes of {@link #TEST_KIT_INTERNALS},
     * each named there with its reason: a test written with the kit exercises what an application gets.
     */
    public ArchRule testKitUsesOnlyTheInternalsItNames() {
        List<String> named = TEST_KIT_INTERNALS.keySet().stream()
                .map(name -> root + "." + name)
                .sorted()
                .toList();
        return Rules.dependOnNone(
                inModules(List.of("test")),
                resideInAPackage(root + "..internal..")
                        .and(DescribedPredicate.describe(
                                "not named in BulwarkOwnRules.TEST_KIT_INTERNALS",
                                type -> !named.contains(type.getName()))),
                "the test kit uses no internal class but " + named,
                "the kit tests what an application gets: use the public API, or, when the kit must replay a step"
                        + " of the wire, name the class in BulwarkOwnRules.TEST_KIT_INTERNALS with the reason");
    }

    /**
     * The fleet monitor is an MCP client with a metrics port of its own: it serves through its own small HTTP
     * endpoint and reaches no adapter, so the server's transports can change without it.
     */
    public ArchRule monitorUsesNoAdapter() {
        return Rules.dependOnNone(
                inModules(List.of("monitor")),
                inModules(ADAPTERS),
                "the fleet monitor uses no adapter " + ADAPTERS,
                "serve what the monitor needs from its own classes or from serve's public API, not from an adapter");
    }

    /** The classes of the named modules (top-level packages under the root). */
    private DescribedPredicate<JavaClass> inModules(List<String> modules) {
        return resideInAnyPackage(trees(modules).toArray(String[]::new));
    }

    /** The package tree of one module, as an ArchUnit package identifier. */
    private String tree(String module) {
        return root + "." + module + "..";
    }

    private List<String> trees(List<String> modules) {
        return modules.stream().map(this::tree).toList();
    }

    /** The classes of core packages named relative to the root. */
    private DescribedPredicate<JavaClass> inCore(String... packages) {
        return resideInAnyPackage(relative(List.of(packages)).toArray(String[]::new));
    }

    private List<String> relative(List<String> packages) {
        return packages.stream().map(name -> root + "." + name).toList();
    }
}
