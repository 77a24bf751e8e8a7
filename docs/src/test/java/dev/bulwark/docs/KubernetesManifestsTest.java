package dev.bulwark.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every Kubernetes manifest of {@code docs/deploy/kubernetes} is read into the Kubernetes API's own types (the fabric8
 * model, generated from the API's OpenAPI schemas): each document's apiVersion and kind must name a real API type,
 * every field must be one that type has (fabric8 keeps unknown fields aside; here they fail), and every value must
 * have the field's type. A misspelt field ({@code readinessProbes}, {@code minAvailble}) would otherwise be dropped
 * silently by {@code kubectl apply} on a server without strict field validation.
 */
class KubernetesManifestsTest {

    private static final Path KUBERNETES = Path.of("deploy", "kubernetes");
    private static final ObjectMapper STRICT = strictMapper();

    @Test
    void everyManifestReadsIntoTheKubernetesApiTypesWithNoUnknownField() throws IOException {
        Map<String, Class<?>> read = new TreeMap<>();
        for (Path manifest : manifests()) {
            for (JsonNode document : documents(manifest)) {
                KubernetesResource resource = STRICT.treeToValue(document, KubernetesResource.class);
                String name = manifest.getFileName() + ": " + document.path("kind").asText() + " "
                        + document.path("metadata").path("name").asText();
                assertThat(resource).as(name + " (apiVersion " + document.path("apiVersion").asText()
                        + " is not a Kubernetes API type)").isNotInstanceOf(GenericKubernetesResource.class);
                assertThat(((HasMetadata) resource).getMetadata().getName()).as(name).isNotBlank();
                read.put(name, resource.getClass());
            }
        }

        assertThat(read.values()).as("the kinds read").extracting(Class::getSimpleName).contains("Deployment",
                "Service", "PodDisruptionBudget", "HorizontalPodAutoscaler", "NetworkPolicy");
    }

    @Test
    void theDeploymentProbesTheManagementPortAndRunsLockedDown() throws IOException {
        Deployment deployment = null;
        for (Path manifest : manifests()) {
            for (JsonNode document : documents(manifest)) {
                if (STRICT.treeToValue(document, KubernetesResource.class) instanceof Deployment found) {
                    deployment = found;
                }
            }
        }
        assertThat(deployment).isNotNull();
        var pod = deployment.getSpec().getTemplate().getSpec();
        var container = pod.getContainers().get(0);

        assertThat(List.of(container.getReadinessProbe(), container.getLivenessProbe(), container.getStartupProbe()))
                .allSatisfy(probe -> assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("management"));
        // The server's own drain delay keeps it serving while /ready answers 503, so no preStop sleep is needed; the
        // grace period covers the delay, the drain grace and the close grace
        assertThat(container.getLifecycle()).isNull();
        assertThat(pod.getTerminationGracePeriodSeconds()).isGreaterThanOrEqualTo(45L);
        assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(container.getResources().getLimits()).containsKey("memory");
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    }

    @Test
    void aMisspeltFieldFails() {
        JsonNode document = YAMLMapper.builder().build().valueToTree(Map.of(
                "apiVersion", "policy/v1", "kind", "PodDisruptionBudget",
                "metadata", Map.of("name", "x"), "spec", Map.of("minAvailble", 1)));

        assertThatThrownBy(() -> STRICT.treeToValue(document, KubernetesResource.class))
                .isInstanceOf(UnrecognizedPropertyException.class)
                .hasMessageContaining("minAvailble");
    }

    @Test
    void anUnknownApiVersionIsNoApiType() throws IOException {
        JsonNode document = YAMLMapper.builder().build().valueToTree(Map.of(
                "apiVersion", "policy/v2", "kind", "PodDisruptionBudget", "metadata", Map.of("name", "x")));

        assertThat(STRICT.treeToValue(document, KubernetesResource.class))
                .isInstanceOf(GenericKubernetesResource.class);
    }

    /** A mapper that fails on unknown properties: fabric8's catch-all "additionalProperties" setter is ignored. */
    private static ObjectMapper strictMapper() {
        ObjectMapper mapper = new ObjectMapper();
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        mapper.setAnnotationIntrospector(new JacksonAnnotationIntrospector() {
            @Override
            public Boolean hasAnySetter(Annotated member) {
                return Boolean.FALSE;
            }
        });
        return mapper;
    }

    private static List<Path> manifests() throws IOException {
        try (Stream<Path> files = Files.list(KUBERNETES)) {
            List<Path> manifests = files.filter(file -> file.toString().endsWith(".yaml")).sorted().toList();
            assertThat(manifests).as("manifests in " + KUBERNETES.toAbsolutePath()).isNotEmpty();
            return manifests;
        }
    }

    private static List<JsonNode> documents(Path manifest) throws IOException {
        YAMLMapper yaml = YAMLMapper.builder().build();
        List<JsonNode> documents = new ArrayList<>();
        try (var parser = new YAMLFactory().createParser(manifest.toFile())) {
            for (JsonNode document : yaml.readValues(parser, JsonNode.class).readAll()) {
                if (document != null && !document.isNull() && !document.isEmpty()) {
                    documents.add(document);
                }
            }
        }
        return documents;
    }
}
