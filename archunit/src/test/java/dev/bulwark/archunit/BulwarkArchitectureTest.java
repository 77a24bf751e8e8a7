package dev.bulwark.archunit;

import static dev.bulwark.archunit.Reports.names;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import dev.bulwark.archunit.fixtures.app.adapters.adapter.billing.BillingClient;
import dev.bulwark.archunit.fixtures.app.adapters.adapter.mail.MailSenderCallingBilling;
import dev.bulwark.archunit.fixtures.app.layers.business.Service;
import dev.bulwark.archunit.fixtures.app.layers.business.ServiceCallingTool;
import dev.bulwark.archunit.fixtures.app.layers.data.Repository;
import dev.bulwark.archunit.fixtures.app.layers.data.RepositoryCallingService;
import dev.bulwark.archunit.fixtures.app.layers.presentation.Tool;
import dev.bulwark.archunit.fixtures.app.layers.presentation.ToolSkippingBusiness;
import dev.bulwark.archunit.fixtures.app.toolbeyondapi.tools.ToolReadingData;
import dev.bulwark.archunit.fixtures.app.toolbeyondapi.tools.ToolUsingALibrary;
import dev.bulwark.archunit.fixtures.app.toolbeyondapi.tools.ToolUsingAPort;
import dev.bulwark.archunit.fixtures.app.toolbeyondapi.tools.ToolUsingInternals;
import dev.bulwark.archunit.fixtures.app.toolio.tools.FileTool;
import dev.bulwark.archunit.fixtures.app.toolio.tools.HttpClientTool;
import dev.bulwark.archunit.fixtures.app.toolio.tools.JdbcTool;
import dev.bulwark.archunit.fixtures.app.toolio.tools.SocketTool;
import dev.bulwark.archunit.fixtures.app.toolio.tools.UrlConnectionTool;
import dev.bulwark.archunit.fixtures.app.toolio.tools.UrlStreamTool;
import dev.bulwark.core.internal.PipelineStandIn;
import dev.bulwark.ports.cache.CacheStoreStandIn;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Proves every rule of {@link BulwarkArchitecture} holds on a miniature application that obeys it
 * ({@code fixtures.app.good}), fails on one that breaks it (the other packages under {@code fixtures.app}),
 * naming the offending class; {@link RuleSetTest} adds what every rule must do.
 */
class BulwarkArchitectureTest extends RuleSetTest {

    private static final String FIXTURES = "dev.bulwark.archunit.fixtures.app";

    // ---------------------------------------------------------------- an application that obeys every rule

    @Override
    List<ArchRule> rulesForTheObedientFixture() {
        return forFixture("good")
                .toolsIn("..tools..")
                .adaptersIn("..adapter.(*)..")
                .build()
                .rules();
    }

    @Override
    String obedientFixture() {
        return base("good");
    }

    @Test
    void rulesHoldTheAdapterRuleOnlyWhenAdaptersWereNamed() {
        assertThat(forFixture("good").build().rules()).hasSize(5);
        assertThat(forFixture("good").adaptersIn("..adapter.(*)..").build().rules())
                .hasSize(6);
    }

    // ---------------------------------------------------------------- tools use only the API and their business

    @Test
    void toolMayNotReadTheDataLayer() {
        assertThat(beyondApiViolations())
                .anySatisfy(names(
                        ToolReadingData.class, dev.bulwark.archunit.fixtures.app.toolbeyondapi.data.Repository.class));
    }

    @Test
    void toolMayNotUseBulwarkInternals() {
        assertThat(beyondApiViolations()).anySatisfy(names(ToolUsingInternals.class, PipelineStandIn.class));
    }

    @Test
    void toolMayNotUseAPortInterface() {
        assertThat(beyondApiViolations()).anySatisfy(names(ToolUsingAPort.class, CacheStoreStandIn.class));
    }

    @Test
    void toolMayNotUseALibraryTheTeamDidNotAllow() {
        assertThat(beyondApiViolations()).anySatisfy(names(ToolUsingALibrary.class, "org.slf4j.MDC"));
    }

    @Test
    void toolMayHoldALoggerWithoutTheRestOfItsLibrary() {
        assertThat(beyondApiViolations())
                .noneSatisfy(line -> assertThat(line).contains("uses org.slf4j.Logger "))
                .noneSatisfy(line -> assertThat(line).contains("uses org.slf4j.LoggerFactory "));
    }

    @Test
    void toolMayUseALibraryTheTeamAllowed() {
        ArchRule rule = forFixture("toolbeyondapi")
                .toolsIn("..tools..")
                .alsoAllow("org.slf4j..")
                .build()
                .toolsUseOnlyBulwarkApiAndOwnBusiness();

        assertThat(Reports.violations(rule, base("toolbeyondapi")))
                .noneSatisfy(names(ToolUsingALibrary.class))
                .anySatisfy(names(ToolUsingInternals.class));
    }

    @Test
    void apiRuleSaysHowToAllowAPackage() {
        assertThat(forFixture("good")
                        .build()
                        .toolsUseOnlyBulwarkApiAndOwnBusiness()
                        .getDescription())
                .contains("alsoAllow(...)");
    }

    // ---------------------------------------------------------------- tools use no I/O library

    @Test
    void toolMayNotUseJdbc() {
        assertThat(ioViolations()).anySatisfy(names(JdbcTool.class, "java.sql.Connection"));
    }

    @Test
    void toolMayNotUseAnHttpClient() {
        assertThat(ioViolations()).anySatisfy(names(HttpClientTool.class, "java.net.http.HttpClient"));
    }

    @Test
    void toolMayNotUseASubclassOfAListedClass() {
        assertThat(ioViolations()).anySatisfy(names(UrlConnectionTool.class, "java.net.HttpURLConnection"));
    }

    @Test
    void toolMayNotUseASocket() {
        assertThat(ioViolations()).anySatisfy(names(SocketTool.class, "java.net.Socket"));
    }

    @Test
    void toolMayNotOpenAUrlOrAFileItself() {
        assertThat(ioViolations()).anySatisfy(names(UrlStreamTool.class, "java.net.URL"));
        assertThat(ioViolations()).anySatisfy(names(FileTool.class, "java.nio.file.Files"));
    }

    @Test
    void ioRuleSaysWhereTheIoBelongs() {
        assertThat(forFixture("toolio").build().toolsUseNoIoLibrary().getDescription())
                .contains("data layer");
    }

    // ---------------------------------------------------------------- layers (default package names)

    @Test
    void toolMayNotSkipBusiness() {
        assertThat(layerViolations()).anySatisfy(names(ToolSkippingBusiness.class, Repository.class));
    }

    @Test
    void businessMayNotCallATool() {
        assertThat(layerViolations()).anySatisfy(names(ServiceCallingTool.class, Tool.class));
    }

    @Test
    void dataMayNotCallBusiness() {
        assertThat(layerViolations()).anySatisfy(names(RepositoryCallingService.class, Service.class));
    }

    @Test
    void emptyMandatoryLayerIsReported() {
        ArchRule rule = forFixture("good").toolsIn("..tools..").build().layersAreRespected();
        JavaClasses withoutBusiness = new ClassFileImporter()
                .withImportOption(location -> !location.contains("/app/good/business/"))
                .importPackages(base("good"));

        assertThat(rule.evaluate(withoutBusiness).getFailureReport().getDetails())
                .anySatisfy(line -> assertThat(line).contains("Layer 'Business' is empty"));
    }

    @Test
    void applicationWithoutADataLayerKeepsTheLayers() {
        ArchRule rule = forFixture("good").toolsIn("..tools..").build().layersAreRespected();
        JavaClasses withoutData = new ClassFileImporter()
                .withImportOption(location -> !location.contains("/app/good/data/"))
                .importPackages(base("good"));

        assertThat(rule.evaluate(withoutData).hasViolation()).isFalse();
    }

    // ---------------------------------------------------------------- adapters

    @Test
    void adapterMayNotDependOnAnotherAdapter() {
        ArchRule rule =
                forFixture("adapters").adaptersIn("..adapter.(*)..").build().adaptersAreIndependent();

        assertThat(Reports.violations(rule, base("adapters")))
                .anySatisfy(names(MailSenderCallingBilling.class, BillingClient.class));
    }

    @Test
    void adapterRuleNeedsToKnowWhereAdaptersLive() {
        BulwarkArchitecture withoutAdapters = forFixture("adapters").build();

        assertThatThrownBy(withoutAdapters::adaptersAreIndependent)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("adaptersIn");
    }

    // ---------------------------------------------------------------- the builder refuses what cannot work

    @Test
    void basePackageMustBeAJavaPackage() {
        assertThatThrownBy(() -> BulwarkArchitecture.forApplication("com.acme..orders"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("com.acme.orders");
    }

    @Test
    void layerPatternMustBeRelativeToTheBasePackage() {
        assertThatThrownBy(() -> forFixture("good").toolsIn("tools"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("..tools..");
    }

    @Test
    void adapterPatternMustNameEachAdapter() {
        assertThatThrownBy(() -> forFixture("good").adaptersIn("..adapter.."))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("(*)");
    }

    // ---------------------------------------------------------------- helpers

    private static List<String> beyondApiViolations() {
        return Reports.violations(
                forFixture("toolbeyondapi").toolsIn("..tools..").build().toolsUseOnlyBulwarkApiAndOwnBusiness(),
                base("toolbeyondapi"));
    }

    private static List<String> ioViolations() {
        return Reports.violations(
                forFixture("toolio").toolsIn("..tools..").build().toolsUseNoIoLibrary(), base("toolio"));
    }

    private static List<String> layerViolations() {
        return Reports.violations(forFixture("layers").build().layersAreRespected(), base("layers"));
    }

    private static BulwarkArchitecture.Builder forFixture(String fixture) {
        return BulwarkArchitecture.forApplication(base(fixture));
    }

    private static String base(String fixture) {
        return FIXTURES + "." + fixture;
    }
}
