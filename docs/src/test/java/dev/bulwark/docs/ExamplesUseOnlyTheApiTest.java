package dev.bulwark.docs;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.INTERFACES;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.bulwark.archunit.BulwarkArchitecture;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The examples the docs show use only Bulwark's API packages ({@link BulwarkArchitecture#API_PACKAGES}) and what each
 * group of examples names besides: what a newcomer copies never imports an internal class. Each example is checked
 * with its nested and anonymous classes, and every example of this package is in a group.
 */
class ExamplesUseOnlyTheApiTest {

    private static final String DOCS = "dev.bulwark.docs";

    /** The examples that serve tools, resources and prompts: the API and the serving entry points. */
    private static final List<Class<?>> SERVING = List.of(
            GreetServer.class, GreetHttpServer.class, GreetTools.class, OrderTools.class,
            ResourceAndPromptExample.class, AskingTheClientExample.class);

    /**
     * The extension examples. An extension's context hands its code the caller and the request's origin as the ports'
     * value types ({@code Principal}, {@code RequestOrigin}, {@code ProtocolEra}), as a tool's context does, so those
     * pass; the ports' interfaces do not.
     */
    private static final List<Class<?>> EXTENSIONS = List.of(
            ExtensionExample.class, ExtensionOriginExample.class, FollowUpExample.class, DryRunExample.class,
            AppViewExample.class, BackgroundJobsExample.class);

    /** The services example: the API and the outbound port, the client {@code api_request} uses too. */
    private static final List<Class<?>> SERVICES = List.of(CreateOrderExample.class);

    /** The OpenAPI tools example: the API, {@code dev.bulwark.tools} and the outbound port. */
    private static final List<Class<?>> OPENAPI = List.of(OpenApiToolsExample.class);

    /** The API keys example: the API, the serving entry points and the API keys {@code BulwarkHttp} takes. */
    private static final List<Class<?>> API_KEYS = List.of(ApiKeysExample.class);

    /** The docs' own classes, tests and examples, nested and anonymous ones included; not the sample projects. */
    private static final JavaClasses PACKAGE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages(DOCS)
            .that(DescribedPredicate.describe("in " + DOCS, type -> type.getPackageName().equals(DOCS)));

    @Test
    void docsExamplesImportOnlyTheApiAndServe() {
        check(SERVING, allowed("dev.bulwark.serve"), "the serving entry points");
    }

    @Test
    void extensionExamplesImportOnlyTheApiAndThePortsValueTypes() {
        JavaClasses examples = examples(EXTENSIONS);
        DescribedPredicate<JavaClass> portsValueTypes = resideInAPackage("dev.bulwark.ports..")
                .and(DescribedPredicate.not(INTERFACES))
                .as("value types of dev.bulwark.ports");
        List<String> allowed = allowed();

        noClasses().should().dependOnClassesThat(resideInAPackage("dev.bulwark..")
                        .and(DescribedPredicate.not(resideInAnyPackage(allowed.toArray(String[]::new))))
                        .and(DescribedPredicate.not(portsValueTypes)))
                .as("the extension examples use only Bulwark's API packages " + allowed
                        + " and the value types of dev.bulwark.ports")
                .allowEmptyShould(false)
                .check(examples);
    }

    /**
     * The services example also calls the outbound port, {@code dev.bulwark.ports.outbound}: the same client the
     * built-in {@code api_request} uses, which the server jar (or the team's own wiring) provides.
     */
    @Test
    void theServicesExampleImportsOnlyTheApiAndTheOutboundPort() {
        check(SERVICES, allowed("dev.bulwark.ports.outbound"), "the outbound port");
    }

    /**
     * The OpenAPI tools example also uses {@code dev.bulwark.tools}, where {@code OpenApiTools} is, and the outbound
     * port its packs call through.
     */
    @Test
    void theOpenApiToolsExampleImportsOnlyTheApiTheToolsAndTheOutboundPort() {
        check(OPENAPI, allowed("dev.bulwark.tools", "dev.bulwark.ports.outbound"), "the tools and the outbound port");
    }

    @Test
    void theApiKeysExampleImportsOnlyTheApiServeAndTheApiKeys() {
        check(API_KEYS, allowed("dev.bulwark.serve..", "dev.bulwark.http.auth"), "serve and the API keys");
    }

    @Test
    void everyExampleOfTheDocsIsChecked() {
        Set<String> checked = Stream.of(SERVING, EXTENSIONS, SERVICES, OPENAPI, API_KEYS)
                .flatMap(List::stream)
                .map(Class::getName)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> examples = PACKAGE.stream()
                .filter(type -> type.getEnclosingClass().isEmpty())
                .filter(type -> !isTest(type))
                .map(JavaClass::getName)
                .collect(Collectors.toCollection(TreeSet::new));

        assertThat(examples).as("the classes of %s that are not tests", DOCS).contains(DryRunExample.class.getName());
        assertThat(checked).as("the examples checked here").containsExactlyInAnyOrderElementsOf(examples);
    }

    /** Whether {@code type} is a test or a test's helper, not an example: named for a test, or holding test methods. */
    private static boolean isTest(JavaClass type) {
        return type.getSimpleName().endsWith("Test")
                || type.getMethods().stream()
                        .anyMatch(method -> method.isAnnotatedWith(Test.class)
                                || method.isAnnotatedWith("org.junit.jupiter.params.ParameterizedTest"));
    }

    private static List<String> allowed(String... besides) {
        List<String> allowed = new ArrayList<>(BulwarkArchitecture.API_PACKAGES);
        allowed.addAll(List.of(besides));
        allowed.add(DOCS);
        return allowed;
    }

    private static void check(List<Class<?>> group, List<String> allowed, String besides) {
        noClasses().should().dependOnClassesThat(resideInAPackage("dev.bulwark..")
                        .and(DescribedPredicate.not(resideInAnyPackage(allowed.toArray(String[]::new)))))
                .as("the examples " + group.stream().map(Class::getSimpleName).toList()
                        + " use only Bulwark's API packages and " + besides + ": " + allowed)
                .allowEmptyShould(false)
                .check(examples(group));
    }

    /** The classes of {@code group}, with their nested and anonymous classes. */
    private static JavaClasses examples(List<Class<?>> group) {
        Set<String> names = group.stream().map(Class::getName).collect(Collectors.toSet());
        JavaClasses examples = PACKAGE.that(DescribedPredicate.describe(
                "of " + names, type -> names.contains(outermost(type).getName())));
        assertThat(examples.stream().map(type -> outermost(type).getName()).collect(Collectors.toSet()))
                .as("the imported examples")
                .containsExactlyInAnyOrderElementsOf(names);
        return examples;
    }

    private static JavaClass outermost(JavaClass type) {
        JavaClass outer = type;
        while (outer.getEnclosingClass().isPresent()) {
            outer = outer.getEnclosingClass().get();
        }
        return outer;
    }
}
