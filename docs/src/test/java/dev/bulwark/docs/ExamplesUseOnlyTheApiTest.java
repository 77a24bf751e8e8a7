package dev.bulwark.docs;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import dev.bulwark.archunit.BulwarkArchitecture;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The examples the docs show use only Bulwark's API packages ({@link BulwarkArchitecture#API_PACKAGES}) and the
 * serving entry points of {@code dev.bulwark.serve}: what a newcomer copies never imports an internal class.
 */
class ExamplesUseOnlyTheApiTest {

    @Test
    void docsExamplesImportOnlyTheApiAndServe() {
        JavaClasses examples = new ClassFileImporter()
                .importClasses(GreetServer.class, GreetHttpServer.class, GreetTools.class,
                        ResourceAndPromptExample.class);
        List<String> allowed = new ArrayList<>(BulwarkArchitecture.API_PACKAGES);
        allowed.add("dev.bulwark.serve");
        allowed.add("dev.bulwark.docs");

        noClasses().should().dependOnClassesThat(resideInAPackage("dev.bulwark..")
                        .and(DescribedPredicate.not(resideInAnyPackage(allowed.toArray(String[]::new)))))
                .as("the docs' examples use only Bulwark's API packages " + allowed)
                .allowEmptyShould(false)
                .check(examples);
    }

    /**
     * The services example also calls the outbound port, {@code dev.bulwark.ports.outbound}: the same client the
     * built-in {@code api_request} uses, which the server jar (or the team's own wiring) provides.
     */
    @Test
    void theServicesExampleImportsOnlyTheApiAndTheOutboundPort() {
        JavaClasses examples = new ClassFileImporter().importClasses(CreateOrderExample.class,
                CreateOrderExample.OrderWorkflow.class, CreateOrderExample.CreateOrderInput.class,
                CreateOrderExample.OrderCreated.class);
        List<String> allowed = new ArrayList<>(BulwarkArchitecture.API_PACKAGES);
        allowed.add("dev.bulwark.ports.outbound");
        allowed.add("dev.bulwark.docs");

        noClasses().should().dependOnClassesThat(resideInAPackage("dev.bulwark..")
                        .and(DescribedPredicate.not(resideInAnyPackage(allowed.toArray(String[]::new)))))
                .as("the services example uses only Bulwark's API packages and the outbound port " + allowed)
                .allowEmptyShould(false)
                .check(examples);
    }

    /**
     * The OpenAPI tools example also uses {@code dev.bulwark.tools}, where {@code OpenApiTools} is, and the outbound
     * port its packs call through.
     */
    @Test
    void theOpenApiToolsExampleImportsOnlyTheApiTheToolsAndTheOutboundPort() {
        JavaClasses examples = new ClassFileImporter().importClasses(OpenApiToolsExample.class);
        List<String> allowed = new ArrayList<>(BulwarkArchitecture.API_PACKAGES);
        allowed.add("dev.bulwark.tools");
        allowed.add("dev.bulwark.ports.outbound");
        allowed.add("dev.bulwark.docs");

        noClasses().should().dependOnClassesThat(resideInAPackage("dev.bulwark..")
                        .and(DescribedPredicate.not(resideInAnyPackage(allowed.toArray(String[]::new)))))
                .as("the OpenAPI tools example uses only Bulwark's API packages, the tools and the outbound port "
                        + allowed)
                .allowEmptyShould(false)
                .check(examples);
    }
}
