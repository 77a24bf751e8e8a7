package dev.bulwark.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.ports.tasks.TaskSupport;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a service's OpenAPI options refuse at start, each naming its field. */
class ServiceOpenApiOptionsTest {

    private static ServiceSettings.Builder petstore() {
        return ServiceSettings.builder("petstore").baseUrl("https://pets.example/api/");
    }

    @Test
    void aDocumentWithoutListedOperationsIsRefusedNoneIsServedUntilListed() {
        assertThatThrownBy(() -> petstore().openapi("openapi.yaml").build())
                .hasMessageStartingWith("services.petstore.openapi-operations must list the operations to serve")
                .hasMessageContaining("none is served until listed");
    }

    @Test
    void operationsWithoutADocumentAreRefused() {
        assertThatThrownBy(
                        () -> petstore().openapiOperations(List.of("listPets")).build())
                .hasMessageStartingWith("services.petstore.openapi is required with openapi-operations");
    }

    @Test
    void aDocumentPathThatLeavesTheBaseUrlIsRefused() {
        for (String path : List.of("../openapi.yaml", "//elsewhere.example/openapi.yaml", "https://x.example/o")) {
            assertThatThrownBy(() -> petstore()
                            .openapi(path)
                            .openapiOperations(List.of("*"))
                            .build())
                    .as(path)
                    .hasMessageStartingWith("services.petstore.openapi is refused:");
        }
    }

    @Test
    void aDocumentUnderTheBaseUrlTakesOnlyOperationIdsNamingTheEntriesAndTheFix() {
        assertThatThrownBy(() -> petstore()
                        .openapi("openapi.yaml")
                        .openapiOperations(List.of("listPets", "tag:pets", "POST /pets", " * "))
                        .build())
                .hasMessageStartingWith("services.petstore.openapi-operations may list only operationIds with a"
                        + " document under the base URL")
                .hasMessageContaining("the entries 'tag:pets', 'POST /pets', '*' choose by tag, pattern or *")
                .hasMessageContaining("list those operations by operationId, or give openapi as file:")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("'listPets'"));
    }

    @Test
    void aLocalDocumentTakesTagsPatternsAndStar() {
        ServiceSettings local = petstore()
                .openapi("file:/etc/bulwark/petstore.yaml")
                .openapiOperations(List.of("listPets", "tag:pets", "POST /pets", "*"))
                .build();

        assertThat(local.openapiOperations()).containsExactly("listPets", "tag:pets", "POST /pets", "*");
    }

    @Test
    void aScopeEntryThatIsNotOperationIdEqualsScopeIsRefused() {
        assertThatThrownBy(() -> petstore().openapiScopes(List.of("deletePet")))
                .hasMessageStartingWith("services.petstore.openapi-scopes entries are operationId=scope");
    }

    @Test
    void aPathIsUnderTheBaseUrlAndFileColonIsALocalFile() {
        ServiceSettings remote = petstore()
                .openapi("docs/openapi.json")
                .openapiOperations(List.of("listPets", "deletePet"))
                .openapiScopes(List.of("deletePet=pets:admin"))
                .build();
        ServiceSettings local = petstore()
                .openapi("file:/etc/bulwark/petstore.yaml")
                .openapiOperations(List.of("*"))
                .build();

        assertThat(remote.openapiPath()).contains("docs/openapi.json");
        assertThat(remote.openapiFile()).isEmpty();
        assertThat(remote.openapiScopes()).isEqualTo(Map.of("deletePet", "pets:admin"));
        assertThat(local.openapiFile()).contains(Path.of("/etc/bulwark/petstore.yaml"));
        assertThat(local.openapiPath()).isEmpty();
    }

    @Test
    void apiRequestIsOffForAServiceWithADocumentUnlessOpenedWithAScopeOfItsOwn() {
        ServiceSettings plain = petstore().build();
        ServiceSettings documented = petstore()
                .openapi("openapi.yaml")
                .openapiOperations(List.of("listPets"))
                .build();
        ServiceSettings opened = petstore()
                .openapi("openapi.yaml")
                .openapiOperations(List.of("listPets"))
                .apiRequest(true)
                .build();

        assertThat(plain.descriptor().apiRequests()).isTrue();
        assertThat(plain.descriptor().apiRequestScope()).isEmpty();
        assertThat(documented.descriptor().apiRequests()).isFalse();
        assertThat(documented.descriptor().apiRequestScopesFor(dev.bulwark.ports.outbound.HttpMethod.GET))
                .isEmpty();
        assertThat(opened.descriptor().apiRequestScopesFor(dev.bulwark.ports.outbound.HttpMethod.DELETE))
                .containsExactlyInAnyOrder("services:petstore:write", "services:petstore:api-request");
        assertThatThrownBy(() -> petstore().apiRequestScope("raw").build())
                .hasMessageStartingWith("services.petstore.api-request-scope applies only to a service with an"
                        + " OpenAPI document (openapi) and api-request: true");
        assertThatThrownBy(() -> petstore()
                        .openapi("openapi.yaml")
                        .openapiOperations(List.of("listPets"))
                        .apiRequestScope("raw")
                        .build())
                .hasMessageStartingWith("services.petstore.api-request-scope applies only");
    }

    @Test
    void taskSupportIsForbiddenByDefaultAndAnOperationsEntryOverridesTheServices() {
        ServiceSettings plain = petstore().build();
        assertThat(plain.taskSupport()).isEqualTo(TaskSupport.FORBIDDEN);

        ServiceSettings tasks = petstore()
                .openapi("openapi.yaml")
                .openapiOperations(List.of("listPets", "createPet"))
                .taskSupport(TaskSupport.OPTIONAL)
                .openapiTaskSupport(List.of("createPet = required"))
                .build();

        assertThat(tasks.taskSupportOf("listPets")).isEqualTo(TaskSupport.OPTIONAL);
        assertThat(tasks.taskSupportOf("createPet")).isEqualTo(TaskSupport.REQUIRED);
    }

    @Test
    void anUnknownTaskSupportOrAMalformedEntryIsRefusedNamingTheField() {
        assertThatThrownBy(() -> TaskSupport.parse("sometimes")).hasMessage("is not forbidden, optional or required");
        assertThatThrownBy(() -> petstore().openapiTaskSupport(List.of("createPet=later")))
                .hasMessageStartingWith("services.petstore.openapi-task-support entry 'createPet=later': 'later' is"
                        + " not forbidden, optional or required");
        assertThatThrownBy(() -> petstore().openapiTaskSupport(List.of("createPet")))
                .hasMessageStartingWith("services.petstore.openapi-task-support entries are"
                        + " operationId=forbidden|optional|required");
        assertThatThrownBy(() -> petstore()
                        .openapiTaskSupport(List.of("createPet=required"))
                        .build())
                .hasMessageStartingWith("services.petstore.openapi is required with openapi-task-support");
    }
}
