package dev.bulwark.archunit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.ArchConfiguration;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.freeze.FreezingArchRule;
import dev.bulwark.archunit.fixtures.app.hexagon.adapter.web.WebControllerCallingTool;
import dev.bulwark.archunit.fixtures.app.hexagon.application.ServiceCallingAdapter;
import dev.bulwark.archunit.fixtures.app.hexagon.domain.OrderNeedingService;
import dev.bulwark.archunit.fixtures.app.planted.adapter.mail.MailAdapterCallingTool;
import dev.bulwark.archunit.fixtures.app.planted.business.PricingService;
import dev.bulwark.archunit.fixtures.app.planted.reports.ReportBuilder;
import dev.bulwark.archunit.fixtures.app.planted.reports.ReportPack;
import dev.bulwark.archunit.fixtures.app.planted.stray.Helper;
import dev.bulwark.archunit.fixtures.app.planted.tools.ClientsTool;
import dev.bulwark.archunit.fixtures.app.planted.tools.JdbcTool;
import dev.bulwark.archunit.fixtures.app.planted.tools.ValidatingTool;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kit on applications written as teams write them: a Spring application full of idiomatic annotations passes
 * every rule, and an application with planted violations has each one caught, once, on a line that names the
 * class, what it uses and what to do.
 */
class ApplicationFixturesTest {

    private static final String FIXTURES = "dev.bulwark.archunit.fixtures.app.";
    private static final JavaClasses SPRING = Reports.classesOf(FIXTURES + "spring");
    private static final JavaClasses PLANTED = Reports.classesOf(FIXTURES + "planted");
    private static final JavaClasses HEXAGON = Reports.classesOf(FIXTURES + "hexagon");

    private static final BulwarkArchitecture SPRING_APP = BulwarkArchitecture.forApplication(FIXTURES + "spring")
            .toolsIn("..tools..")
            .sharedIn("..shared..")
            .adaptersIn("..adapter.(*)..")
            .build();

    private static final BulwarkArchitecture PLANTED_APP = BulwarkArchitecture.forApplication(FIXTURES + "planted")
            .toolsIn("..tools..")
            .adaptersIn("..adapter.(*)..")
            .build();

    // ---------------------------------------------------------------- idiomatic code passes

    @Test
    void idiomaticSpringApplicationPassesEveryRule() {
        assertThat(SPRING.contain(dev.bulwark.archunit.fixtures.app.spring.tools.OrderTools.class))
                .isTrue();

        SPRING_APP.all().check(SPRING);
    }

    // ---------------------------------------------------------------- tools are found by what they are

    @Test
    void mcpToolMethodOnABusinessServiceIsAToolOutsideTheToolsPackage() {
        assertThat(details(PLANTED_APP.toolsLiveInToolPackages()))
                .anySatisfy(line -> assertThat(line)
                        .contains(PricingService.class.getName())
                        .contains("move the @McpTool methods"));
    }

    @Test
    void toolOnABusinessServiceIsHeldToTheToolRules() {
        assertThat(details(PLANTED_APP.toolsUseOnlyBulwarkApiAndOwnBusiness()))
                .anySatisfy(line -> assertThat(line)
                        .startsWith(PricingService.class.getName() + " uses "
                                + dev.bulwark.archunit.fixtures.app.planted.data.PriceRepository.class.getName())
                        .contains("move the work"));
    }

    @Test
    void toolPackOutsideTheToolsPackageIsCaughtDoingHttpAndUsingInternals() {
        assertThat(details(PLANTED_APP.toolsLiveInToolPackages()))
                .anySatisfy(line -> assertThat(line).contains(ReportPack.class.getName()));
        assertThat(details(PLANTED_APP.toolsUseNoIoLibrary()))
                .anySatisfy(line -> assertThat(line)
                        .startsWith(ReportPack.class.getName() + " uses org.springframework.web.client.RestClient (")
                        .endsWith("move the I/O into a data-layer class and call it through a business service"));
        assertThat(details(PLANTED_APP.toolsUseOnlyBulwarkApiAndOwnBusiness()))
                .anySatisfy(line -> assertThat(line)
                        .startsWith(ReportPack.class.getName() + " uses dev.bulwark.core.internal.PipelineStandIn"));
    }

    @Test
    void classThatBuildsAToolIsATool() {
        assertThat(details(PLANTED_APP.toolsLiveInToolPackages()))
                .anySatisfy(line -> assertThat(line).contains(ReportBuilder.class.getName()));
    }

    @Test
    void anAnnotationOfALibraryPassesButItsOtherClassesDoNot() {
        assertThat(details(PLANTED_APP.toolsUseOnlyBulwarkApiAndOwnBusiness()))
                .anySatisfy(line -> assertThat(line)
                        .startsWith(ValidatingTool.class.getName() + " uses jakarta.validation.Validator ("))
                .noneSatisfy(line -> assertThat(line).contains(" uses jakarta.validation.Valid "));
    }

    @Test
    void classInNoDeclaredPartIsReported() {
        assertThat(details(PLANTED_APP.everyClassBelongsToAPart()))
                .singleElement()
                .satisfies(line -> assertThat(line)
                        .startsWith(Helper.class.getName() + " belongs to no part of the application")
                        .contains("configurationIn"));
    }

    // ---------------------------------------------------------------- I/O is caught, once per class used

    @Test
    void everyClientAJvmTeamUsesIsIo() {
        List<String> lines = details(PLANTED_APP.toolsUseNoIoLibrary());

        for (String client : List.of(
                "org.springframework.web.client.RestTemplate",
                "org.springframework.web.reactive.function.client.WebClient",
                "io.lettuce.core.RedisClient",
                "jakarta.persistence.EntityManager",
                "io.r2dbc.spi.ConnectionFactory",
                "org.apache.kafka.clients.producer.KafkaProducer",
                "io.grpc.ManagedChannel",
                "io.netty.channel.Channel",
                "okhttp3.OkHttpClient",
                "org.apache.hc.client5.http.impl.classic.CloseableHttpClient",
                "java.lang.ProcessBuilder",
                "java.lang.Process",
                "java.io.File",
                "java.net.InetAddress")) {
            assertThat(lines)
                    .as(client)
                    .filteredOn(line -> line.startsWith(ClientsTool.class.getName() + " uses " + client + " ("))
                    .hasSize(1);
        }
    }

    @Test
    void oneJdbcMethodIsOneLinePerJdbcClass() {
        List<String> lines = details(PLANTED_APP.toolsUseNoIoLibrary()).stream()
                .filter(line -> line.startsWith(JdbcTool.class.getName() + " "))
                .toList();

        assertThat(lines)
                .extracting(line -> line.substring(0, line.indexOf(" (")))
                .containsExactlyInAnyOrder(
                        jdbcUse("Connection"),
                        jdbcUse("PreparedStatement"),
                        jdbcUse("ResultSet"),
                        jdbcUse("SQLException"));
        assertThat(lines)
                .allSatisfy(line -> assertThat(line)
                        .endsWith("move the I/O into a data-layer class and call it through a business service"));
    }

    private static String jdbcUse(String type) {
        return JdbcTool.class.getName() + " uses java.sql." + type;
    }

    @Test
    void ioTheTeamAddsIsCaught() {
        ArchRule rule = BulwarkArchitecture.forApplication(FIXTURES + "spring")
                .toolsIn("..tools..")
                .alsoForbid("org.slf4j.Logger")
                .build()
                .toolsUseNoIoLibrary();

        assertThat(rule.evaluate(SPRING).getFailureReport().getDetails())
                .anySatisfy(line -> assertThat(line).contains("OrderTools uses org.slf4j.Logger"));
    }

    // ---------------------------------------------------------------- layers

    @Test
    void businessMayNotCallAnAdapter() {
        assertThat(details(PLANTED_APP.layersAreRespected()))
                .anySatisfy(line -> assertThat(line)
                        .startsWith(
                                dev.bulwark.archunit.fixtures.app.planted.business.ServiceCallingAdapter.class.getName()
                                        + " uses "
                                        + dev.bulwark.archunit.fixtures.app.planted.adapter.billing.BillingClient.class
                                                .getName())
                        .contains("Business may use only [Data]"));
    }

    @Test
    void adapterMayNotCallATool() {
        assertThat(details(PLANTED_APP.layersAreRespected()))
                .anySatisfy(line -> assertThat(line)
                        .startsWith(MailAdapterCallingTool.class.getName() + " uses "
                                + dev.bulwark.archunit.fixtures.app.planted.tools.OrderTools.class.getName())
                        .contains("Adapters may use only [Data]"));
    }

    @Test
    void hexagonReportsExactlyThePlantedViolations() {
        BulwarkArchitecture hexagon = BulwarkArchitecture.forHexagonalApplication(FIXTURES + "hexagon")
                .adaptersIn("..adapter.(*)..")
                .build();

        List<String> lines = hexagon.layersAreRespected()
                .evaluate(HEXAGON)
                .getFailureReport()
                .getDetails();

        assertThat(lines).hasSize(3);
        assertThat(lines)
                .anySatisfy(line -> assertThat(line).startsWith(OrderNeedingService.class.getName() + " uses "))
                .anySatisfy(line -> assertThat(line).startsWith(ServiceCallingAdapter.class.getName() + " uses "))
                .anySatisfy(line -> assertThat(line).startsWith(WebControllerCallingTool.class.getName() + " uses "));
        assertThat(hexagon.everyClassBelongsToAPart().evaluate(HEXAGON).hasViolation())
                .isFalse();
        assertThat(hexagon.toolsUseOnlyBulwarkApiAndOwnBusiness()
                        .evaluate(HEXAGON)
                        .hasViolation())
                .isFalse();
    }

    @Test
    void layerOptionOfTheOtherStyleIsRefused() {
        assertThatThrownBy(() -> BulwarkArchitecture.forHexagonalApplication(FIXTURES + "hexagon")
                        .dataIn("..db.."))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("forApplication");
    }

    // ---------------------------------------------------------------- every violation at once

    @Test
    void allRulesReportEveryViolationAtOnceGroupedByRule() {
        assertThatThrownBy(() -> PLANTED_APP.all().check(PLANTED))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("\n[tools live only in the tools packages] " + PricingService.class.getName())
                .hasMessageContaining("\n[tools use no I/O library] " + JdbcTool.class.getName())
                .hasMessageContaining(
                        "\n[tools use only Bulwark's API and their business layer] " + PricingService.class.getName())
                .hasMessageContaining(
                        "\n[layers of " + FIXTURES + "planted are respected] " + MailAdapterCallingTool.class.getName())
                .hasMessageContaining("\n[every class of " + FIXTURES + "planted belongs to a declared part] "
                        + Helper.class.getName());
    }

    @Test
    void ioIsReportedOnceNotAlsoAsALibraryBeyondTheApi() {
        assertThat(details(PLANTED_APP.toolsUseOnlyBulwarkApiAndOwnBusiness()))
                .noneSatisfy(line -> assertThat(line).startsWith(ClientsTool.class.getName()));
    }

    @Test
    void aLibraryClassAndItsNestedClassesAreOneLine() {
        assertThat(details(PLANTED_APP.toolsUseNoIoLibrary()))
                .filteredOn(line -> line.startsWith(ReportPack.class.getName() + " uses "))
                .singleElement()
                .satisfies(line -> assertThat(line).contains(" uses org.springframework.web.client.RestClient ("));
    }

    @Test
    void everyRuleStillFailsOnNothing() {
        assertThatThrownBy(() -> PLANTED_APP.all().check(Reports.nothing()))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("failed to check any classes");
    }

    // ---------------------------------------------------------------- frozen

    @Test
    void frozenRulesReportOnlyNewViolations(@TempDir Path store) {
        ArchConfiguration configuration = ArchConfiguration.get();
        configuration.setProperty("freeze.store.default.path", store.toString());
        configuration.setProperty("freeze.store.default.allowStoreCreation", "true");
        try {
            ArchRule frozen = FreezingArchRule.freeze(PLANTED_APP.all());
            JavaClasses before = new ClassFileImporter()
                    .withImportOption(location -> !location.contains("/planted/tools/ClientsTool"))
                    .importPackages(FIXTURES + "planted");
            frozen.check(before);
            frozen.check(before);

            assertThatThrownBy(() -> frozen.check(PLANTED))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("[tools use no I/O library] " + ClientsTool.class.getName() + " uses ")
                    .hasMessageNotContaining(JdbcTool.class.getName())
                    .hasMessageNotContaining(Helper.class.getName());
        } finally {
            configuration.reset();
        }
    }

    @Test
    void aFrozenRuleStillFailsOnNothing(@TempDir Path store) {
        ArchConfiguration configuration = ArchConfiguration.get();
        configuration.setProperty("freeze.store.default.path", store.toString());
        configuration.setProperty("freeze.store.default.allowStoreCreation", "true");
        try {
            ArchRule frozen = FreezingArchRule.freeze(PLANTED_APP.all());

            assertThatThrownBy(() -> frozen.check(Reports.nothing()))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("failed to check any classes");
            assertThatThrownBy(() -> frozen.check(Reports.nothing()))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("failed to check any classes");
        } finally {
            configuration.reset();
        }
    }

    private static List<String> details(ArchRule rule) {
        return rule.evaluate(PLANTED).getFailureReport().getDetails();
    }
}
