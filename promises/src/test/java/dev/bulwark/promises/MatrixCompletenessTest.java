package dev.bulwark.promises;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The matrix states every promise the docs make, each once, and each under the docs' own heading. */
class MatrixCompletenessTest {

    private static final Path DOCS = Path.of("..", "docs");

    @Test
    void everyPromiseHasATestInTheMatrix() {
        Set<Promise> kept = Arrays.stream(PromiseMatrix.class.getDeclaredMethods())
                .map(method -> method.getAnnotation(Keeps.class))
                .filter(keeps -> keeps != null)
                .map(Keeps::value)
                .collect(Collectors.toSet());

        assertThat(kept).containsExactlyInAnyOrderElementsOf(EnumSet.allOf(Promise.class));
    }

    @Test
    void everyTestOfTheMatrixKeepsAPromise() {
        for (Method method : PromiseMatrix.class.getDeclaredMethods()) {
            if (method.isAnnotationPresent(org.junit.jupiter.params.ParameterizedTest.class)
                    || method.isAnnotationPresent(org.junit.jupiter.api.Test.class)) {
                assertThat(method.getAnnotation(Keeps.class))
                        .as("@Keeps on %s", method.getName())
                        .isNotNull();
            }
        }
    }

    @Test
    void theGatewayIsCheckedWithItsUpstreamOverEachTransportAndInEachEraOneKindPerWay() {
        Map<String, Object> upstreams =
                GatewayStage.configSection("http://127.0.0.1:1/mcp", Path.of("gateway-upstream.record"));
        Map<ToolKind, Set<Object>> ways = new EnumMap<>(ToolKind.class);
        for (ToolKind kind : ToolKind.values()) {
            if (kind.isGateway()) {
                ways.put(
                        kind,
                        Stream.of(kind.allowed(), kind.guarded(), kind.failing(), kind.slow())
                                .map(call ->
                                        call.tool().substring(0, call.tool().indexOf('_')))
                                .map(upstream -> (Map<?, ?>) upstreams.get(upstream))
                                .map(section -> section.get("transport") + " "
                                        + (section.get("era") == null ? "auto" : section.get("era")))
                                .collect(Collectors.toSet()));
            }
        }

        assertThat(ways.values())
                .as("the transport and era of each gateway kind's upstreams")
                .allSatisfy(way -> assertThat(way).hasSize(1));
        assertThat(ways.values().stream().flatMap(Set::stream))
                .as("the transports and eras the gateway kinds reach their upstream by")
                .containsExactlyInAnyOrder("http auto", "http 2025-11-25", "stdio auto");
    }

    @Test
    void aDoorCannotInheritItsWayPastAPromise() {
        assertThat(Arrays.stream(Door.class.getDeclaredMethods()).filter(Method::isDefault))
                .as("default methods of Door: each door must say how it opens, wrongly set too")
                .isEmpty();
        assertThat(Arrays.stream(Door.Opened.class.getDeclaredMethods()).filter(Method::isDefault))
                .as("default methods of Door.Opened: each door must say how it calls, runs tasks and keeps budgets")
                .isEmpty();
    }

    @Test
    void eachPromiseIsStatedOnceUnderItsHeadingOnItsPage() throws IOException {
        for (Promise promise : Promise.values()) {
            long headings = Files.readAllLines(DOCS.resolve(promise.page()), StandardCharsets.UTF_8).stream()
                    .filter(line -> line.startsWith("#")
                            && line.replaceFirst("^#+\\s*", "").equals(promise.title()))
                    .count();

            assertThat(headings)
                    .as("headings '%s' in docs/%s", promise.title(), promise.page())
                    .isEqualTo(1);
        }
    }
}
