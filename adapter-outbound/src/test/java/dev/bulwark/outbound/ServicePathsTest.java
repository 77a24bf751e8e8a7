package dev.bulwark.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ServicePathsTest {

    private static final URI BASE = ServicePaths.checkBaseUrl("https://orders.internal:8443/api/v1");

    @Test
    void baseUrlIsNormalizedToEndWithASlash() {
        assertThat(BASE).hasToString("https://orders.internal:8443/api/v1/");
        assertThat(ServicePaths.checkBaseUrl("http://h")).hasToString("http://h/");
    }

    @Test
    void pathsResolveUnderTheBase() {
        assertThat(ServicePaths.resolve(BASE, "orders/42", Map.of()))
                .hasToString("https://orders.internal:8443/api/v1/orders/42");
        assertThat(ServicePaths.resolve(BASE, "/orders/42/", Map.of()))
                .hasToString("https://orders.internal:8443/api/v1/orders/42/");
        assertThat(ServicePaths.resolve(BASE, "", Map.of())).hasToString("https://orders.internal:8443/api/v1/");
        assertThat(ServicePaths.resolve(BASE, "a/./b/../c", Map.of()))
                .hasToString("https://orders.internal:8443/api/v1/a/c");
        assertThat(ServicePaths.resolve(BASE, "users/J%C3%BCrgen", Map.of()))
                .hasToString("https://orders.internal:8443/api/v1/users/J%C3%BCrgen");
        assertThat(ServicePaths.resolve(BASE, "a..b/c:d@e", Map.of()).getRawPath())
                .isEqualTo("/api/v1/a..b/c:d@e");
        assertThat(ServicePaths.resolve(BASE, "@evil.example", Map.of()))
                .hasToString("https://orders.internal:8443/api/v1/@evil.example");
    }

    @Test
    void queryValuesAreEncoded() {
        Map<String, List<String>> query = new LinkedHashMap<>();
        query.put("q", List.of("a b&c=d/../x"));
        query.put("tag", List.of("1", "2"));
        assertThat(ServicePaths.resolve(BASE, "search", query).getRawQuery())
                .isEqualTo("q=a%20b%26c%3Dd%2F..%2Fx&tag=1&tag=2");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "..",
                "../admin",
                "a/../../admin",
                "./../x",
                "a/b/../../..",
                "%2e%2e/admin",
                "%2E%2E/admin",
                ".%2e/admin",
                "a%2f..%2f..%2fadmin",
                "a%2Fb",
                "a%5c..%5cadmin",
                "%252e%252e/admin",
                "a%00b",
                "a%0d%0aHost:evil",
                "http://evil.example/x",
                "https://evil.example",
                "HTTP:evil",
                "javascript:alert(1)",
                "file:/etc/passwd",
                "//evil.example/x",
                "///evil",
                "\\\\evil\\x",
                "a\\..\\..\\x",
                "/\\evil",
                "a?b=c",
                "a#frag",
                "a b",
                "a\tb",
                "a\nb",
                "ü",
                "a//b",
                "a%zz",
                "a%2",
                "a/%2e/b",
                "..;/admin",
                "..;/..;/admin",
                "a/..;x/b",
                ".;/x",
                "a/.;jsessionid=1/b"
            })
    void everyWayOutIsRefused(String path) {
        assertThatThrownBy(() -> ServicePaths.resolve(BASE, path, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("evil"));
    }

    @Test
    void aPathLongerThanTheLimitIsRefused() {
        assertThatThrownBy(() -> ServicePaths.resolve(BASE, "a".repeat(ServicePaths.MAX_PATH_LENGTH + 1), Map.of()))
                .hasMessageContaining("longer than");
    }

    @Test
    void aRedirectTargetMustStayUnderTheBase() {
        assertThat(ServicePaths.isUnder(BASE, URI.create("https://orders.internal:8443/api/v1/x")))
                .isTrue();
        assertThat(ServicePaths.isUnder(BASE, URI.create("https://ORDERS.internal:8443/api/v1/x?y=1")))
                .isTrue();
        assertThat(ServicePaths.isUnder(BASE, URI.create("https://orders.internal:8443/api/v2/x")))
                .isFalse();
        assertThat(ServicePaths.isUnder(BASE, URI.create("https://orders.internal/api/v1/x")))
                .isFalse();
        assertThat(ServicePaths.isUnder(BASE, URI.create("http://orders.internal:8443/api/v1/x")))
                .isFalse();
        assertThat(ServicePaths.isUnder(BASE, URI.create("https://evil:8443/api/v1/x")))
                .isFalse();
        assertThat(ServicePaths.isUnder(BASE, URI.create("https://u:p@orders.internal:8443/api/v1/x")))
                .isFalse();
        assertThat(ServicePaths.isUnder(BASE, URI.create("https://orders.internal:8443/api/v1/../admin")))
                .isFalse();
        assertThat(ServicePaths.isUnder(BASE, URI.create("https://orders.internal:8443/api/v1/%2e%2e/admin")))
                .isFalse();
        assertThat(ServicePaths.isUnder(BASE, URI.create("https://orders.internal:8443/api/v1/..;/admin")))
                .as("Tomcat reads ..; as ..")
                .isFalse();
    }

    @Test
    void pathParametersOnOtherSegmentsStay() {
        assertThat(ServicePaths.resolve(BASE, "orders;v=2/42", Map.of()).getRawPath())
                .isEqualTo("/api/v1/orders;v=2/42");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "ftp://h/",
                "h/api",
                "http://user:pw@h/",
                "http:///x",
                "http://h/?a=b",
                "http://h/#f",
                "http://h/a/../b",
                "not a url"
            })
    void badBaseUrlsAreRefusedWithoutQuotingThem(String url) {
        assertThatThrownBy(() -> ServicePaths.checkBaseUrl(url))
                .isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("pw").doesNotContain(url));
    }
}
