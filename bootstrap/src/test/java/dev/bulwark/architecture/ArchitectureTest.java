package dev.bulwark.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static dev.bulwark.archunit.BulwarkOwnRules.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import dev.bulwark.archunit.BulwarkArchitecture;
import dev.bulwark.archunit.BulwarkOwnRules;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bulwark's architecture, checked on the real code: the rules of {@link BulwarkOwnRules} (from the
 * {@code bulwark-archunit} kit that embedding teams use too) on the main classes of every module, and the
 * documentation rules of {@link SourceChecks} on their sources. No rule passes on an empty selection, so an
 * import that missed a module fails here too.
 *
 * <p>Bootstrap's test classpath holds every module's main classes, but also the core and adapter test-jars
 * (fakes and contract suites, free to use JUnit) and this module's own test classes; the import leaves all of
 * those out. The fixtures proving each rule can fail live with the rules, in the {@code archunit} module.
 */
class ArchitectureTest {

    private static final BulwarkOwnRules RULES = BulwarkOwnRules.forBulwark();

    private static JavaClasses bulwark;

    @BeforeAll
    static void importMainClasses() {
        bulwark = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ArchitectureTest::isNotATestJar)
                .importPackages(ROOT);
    }

    // ---------------------------------------------------------------- the import itself

    @Test
    void importHoldsNoTestCode() {
        assertThat(bulwark.stream().map(ArchitectureTest::location))
                .allSatisfy(location -> assertThat(location).doesNotContain("-tests.jar", "test-classes"));
    }

    // ---------------------------------------------------------------- the rules, in the order of the diagram

    @Test
    void everyPackageBelongsToAKnownModule() {
        RULES.everyPackageBelongsToAKnownModule().check(bulwark);
    }

    @Test
    void configDependsOnlyOnTheJdk() {
        RULES.configDependsOnlyOnTheJdk().check(bulwark);
    }

    @Test
    void portsDependOnlyOnTheJdk() {
        RULES.portsDependOnlyOnTheJdk().check(bulwark);
    }

    @Test
    void coreLayersAreRespected() {
        RULES.coreLayersAreRespected().check(bulwark);
    }

    @Test
    void coreHasNoPackageOutsideTheLayers() {
        RULES.coreHasNoPackageOutsideTheLayers().check(bulwark);
    }

    @Test
    void coreUsesNoIoLibrary() {
        RULES.coreUsesNoIoLibrary().check(bulwark);
    }

    @Test
    void coreReachesNoAdapterNorBootstrap() {
        RULES.coreReachesNoAdapterNorBootstrap().check(bulwark);
    }

    @Test
    void adaptersDoNotDependOnEachOther() {
        RULES.adaptersDoNotDependOnEachOther().check(bulwark);
    }

    @Test
    void adaptersDependOnNeitherCoreNorBootstrap() {
        RULES.adaptersDependOnNeitherCoreNorBootstrap().check(bulwark);
    }

    @Test
    void onlyBootstrapKnowsDependencyInjection() {
        RULES.onlyBootstrapKnowsDependencyInjection().check(bulwark);
    }

    @Test
    void embeddersUseOnlyPublicApi() {
        RULES.embeddersUseOnlyPublicApi().check(bulwark);
    }

    @Test
    void testKitUsesOnlyTheInternalsItNames() {
        RULES.testKitUsesOnlyTheInternalsItNames().check(bulwark);
    }

    @Test
    void monitorUsesNoAdapter() {
        RULES.monitorUsesNoAdapter().check(bulwark);
    }

    // ---------------------------------------------------------------- the reference tool packs, as an application

    /**
     * The reference server's tool packs are checked as an embedding team's application is: with the kit's
     * public rules on their own base package. Their tools use only core's API; the business layer may also use
     * Jackson's tree model, because {@code process_data} takes any JSON value (a {@code JsonNode}) as input.
     */
    @Test
    void builtInToolPacksFollowTheApplicationRules() {
        BulwarkArchitecture.forApplication("dev.bulwark.tools")
                .alsoAllow("com.fasterxml.jackson.databind..")
                .build()
                .all()
                .check(bulwark);
    }

    /**
     * The whole of the reference packs, business and data layers too, uses core's API and never its internals: what
     * the packs need, an embedding team's tools can have.
     */
    @Test
    void builtInToolPacksUseNoneOfCoresInternals() {
        noClasses()
                .that()
                .resideInAPackage("dev.bulwark.tools..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.bulwark.core.internal..")
                .because("the reference packs are built with the public API only, as an embedding team's are")
                .check(bulwark);
    }

    /**
     * No class extends the SDK's concrete sessions: what Bulwark answers before a session (the tool list's pages, the
     * session era's tasks) reaches the core through the transports ({@code SessionRequests}), so nothing repeats a
     * session's delegation or builds one with placeholder arguments.
     */
    @Test
    void noClassExtendsAnSdkSession() {
        noClasses()
                .should()
                .beAssignableTo(io.modelcontextprotocol.spec.McpServerSession.class)
                .orShould()
                .beAssignableTo(io.modelcontextprotocol.spec.McpStreamableServerSession.class)
                .because("session requests Bulwark answers itself are routed by its transports (SessionRequests)")
                .check(bulwark);
    }

    /**
     * The task engine is era-neutral: the business package that holds it imports no presentation package, so an era
     * (the session era's server, the 2026 era) builds on it and never the reverse.
     */
    @Test
    void theTaskEngineImportsNoPresentationPackage() {
        noClasses()
                .that()
                .resideInAPackage(ROOT + ".core.internal.business.tasks..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage(ROOT + ".core.internal.presentation..")
                .because(
                        "each era serves the engine's tasks in its own shape; a wire type belongs to its era's package")
                .check(bulwark);
    }

    /**
     * What both eras' task routes share (admission, counting, answers) imports neither era's server: the session
     * server imports it, so an import back would make the two packages one tangle.
     */
    @Test
    void theSharedTaskRoutesImportNoEraServer() {
        noClasses()
                .that()
                .resideInAPackage(ROOT + ".core.internal.presentation.tasks..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        ROOT + ".core.internal.presentation.server..", ROOT + ".core.internal.presentation.era2026..")
                .because("the session server and the 2026 era import the shared task routes; an import back is a"
                        + " package cycle")
                .check(bulwark);
    }

    @Test
    void everyRuleOfTheKitIsCheckedHere() {
        assertThat(RULES.all())
                .as("a rule added to BulwarkOwnRules needs its test method here")
                // embeddersUseOnlyPublicApi is also checked on the starter's classes by its StarterArchitectureTest:
                // the server jar does not depend on the starter, so its classes are not on this class path
                .hasSize(13);
    }

    // ---------------------------------------------------------------- documentation, checked on the sources

    @Test
    void everyPackageHasAPackageInfoWithJavadoc() {
        List<String> problems = mainSourceRoots().stream()
                .flatMap(root -> SourceChecks.packagesWithoutDocumentedPackageInfo(root).stream()
                        .map(problem -> problem + " in " + projectRoot().relativize(root)))
                .toList();

        assertThat(problems)
                .as("packages without a documented package-info.java")
                .isEmpty();
    }

    @Test
    void everyPublicTypeInPortsCoreAndTheKitHasJavadoc() {
        List<String> problems = Stream.of("ports", "core", "archunit")
                .map(module -> projectRoot().resolve(module).resolve("src/main/java"))
                .flatMap(root -> SourceChecks.publicTypesWithoutJavadoc(root).stream())
                .toList();

        assertThat(problems)
                .as("public types in ports, core and the kit without Javadoc")
                .isEmpty();
    }

    @Test
    void sourceChecksSeePortsCoreAndTheKit() {
        assertThat(mainSourceRoots())
                .contains(
                        projectRoot().resolve("ports/src/main/java"),
                        projectRoot().resolve("core/src/main/java"),
                        projectRoot().resolve("archunit/src/main/java"));
    }

    // ---------------------------------------------------------------- helpers

    private static boolean isNotATestJar(Location location) {
        return !location.contains("-tests.jar");
    }

    private static String location(JavaClass javaClass) {
        return javaClass.getSource().map(source -> source.getUri().toString()).orElse("");
    }

    /** {@code src/main/java} of every module (a direct sub-folder of the project root) that has one. */
    private static List<Path> mainSourceRoots() {
        try (Stream<Path> modules = Files.list(projectRoot())) {
            return modules.map(module -> module.resolve("src/main/java"))
                    .filter(Files::isDirectory)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The multi-module project's root: tests run from {@code bootstrap/} under Maven, from the root in some
     * IDEs, so walk up from the working directory to the folder that holds {@code ports/pom.xml}.
     */
    private static Path projectRoot() {
        for (Path folder = Path.of("").toAbsolutePath(); folder != null; folder = folder.getParent()) {
            if (Files.isRegularFile(folder.resolve("ports/pom.xml"))) {
                return folder;
            }
        }
        throw new IllegalStateException("No Bulwark project root (a folder with ports/pom.xml) above "
                + Path.of("").toAbsolutePath());
    }
}
