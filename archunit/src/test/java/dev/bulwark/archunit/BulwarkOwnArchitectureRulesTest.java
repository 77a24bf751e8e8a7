package dev.bulwark.archunit;

import static dev.bulwark.archunit.Reports.names;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.bulwark.archunit.fixtures.own.adaptertoadapter.postgres.PostgresUsersEvictingRedis;
import dev.bulwark.archunit.fixtures.own.adaptertoadapter.redis.RedisCache;
import dev.bulwark.archunit.fixtures.own.adaptertocore.bootstrap.ServerMain;
import dev.bulwark.archunit.fixtures.own.adaptertocore.core.internal.business.UserService;
import dev.bulwark.archunit.fixtures.own.adaptertocore.http.HttpEndpointCallingCore;
import dev.bulwark.archunit.fixtures.own.adaptertocore.stdio.StdioEndpointCallingBootstrap;
import dev.bulwark.archunit.fixtures.own.configleak.config.KeyOverCore;
import dev.bulwark.archunit.fixtures.own.coreadapter.bootstrap.ServerWiring;
import dev.bulwark.archunit.fixtures.own.coreadapter.core.internal.business.ServiceReachingBootstrap;
import dev.bulwark.archunit.fixtures.own.coreadapter.core.internal.data.CacheReachingRedis;
import dev.bulwark.archunit.fixtures.own.coreadapter.redis.RedisStore;
import dev.bulwark.archunit.fixtures.own.coreio.core.internal.data.FileRepository;
import dev.bulwark.archunit.fixtures.own.coreio.core.internal.data.JdbcRepository;
import dev.bulwark.archunit.fixtures.own.coreio.core.internal.data.PooledRepository;
import dev.bulwark.archunit.fixtures.own.coreio.core.internal.presentation.StdioEndpoint;
import dev.bulwark.archunit.fixtures.own.corelayout.core.pipeline.StrayInterceptor;
import dev.bulwark.archunit.fixtures.own.injection.bootstrap.ServerModule;
import dev.bulwark.archunit.fixtures.own.injection.core.internal.business.InjectedService;
import dev.bulwark.archunit.fixtures.own.injection.http.JakartaInjectedEndpoint;
import dev.bulwark.archunit.fixtures.own.injection.redis.RedisModule;
import dev.bulwark.archunit.fixtures.own.layers.core.config.SettingsDependingOnBusiness;
import dev.bulwark.archunit.fixtures.own.layers.core.internal.business.Service;
import dev.bulwark.archunit.fixtures.own.layers.core.internal.business.ServiceCallingPresentation;
import dev.bulwark.archunit.fixtures.own.layers.core.internal.data.Repository;
import dev.bulwark.archunit.fixtures.own.layers.core.internal.data.RepositoryCallingBusiness;
import dev.bulwark.archunit.fixtures.own.layers.core.internal.data.RepositoryCallingPresentation;
import dev.bulwark.archunit.fixtures.own.layers.core.internal.presentation.Screen;
import dev.bulwark.archunit.fixtures.own.layers.core.internal.presentation.ScreenSkippingBusiness;
import dev.bulwark.archunit.fixtures.own.portleak.ports.LoggingPort;
import dev.bulwark.archunit.fixtures.own.testinternal.core.internal.business.Pricing;
import dev.bulwark.archunit.fixtures.own.testinternal.test.TesterUsingInternals;
import dev.bulwark.archunit.fixtures.own.unknownmodule.kafka.KafkaPublisher;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Proves every rule in {@link BulwarkOwnRules} can fail: each fixture root under
 * {@code dev.bulwark.archunit.fixtures.own} holds classes that break one rule, and the rule must report them.
 * The {@code clean} root obeys every rule; {@link RuleSetTest} adds what every rule must do.
 */
class BulwarkOwnArchitectureRulesTest extends RuleSetTest {

    private static final String FIXTURES = "dev.bulwark.archunit.fixtures.own";

    // ---------------------------------------------------------------- a miniature that obeys the diagram

    @Override
    List<ArchRule> rulesForTheObedientFixture() {
        return BulwarkOwnRules.forRoot(root("clean")).all();
    }

    @Override
    String obedientFixture() {
        return root("clean");
    }

    @Test
    void everyRuleIsInTheList() {
        assertThat(BulwarkOwnRules.forBulwark().all())
                .hasSize((int) Stream.of(BulwarkOwnRules.class.getDeclaredMethods())
                        .filter(method -> method.getReturnType() == ArchRule.class)
                        .filter(method -> Modifier.isPublic(method.getModifiers()))
                        .count());
    }

    // ---------------------------------------------------------------- modules

    @Test
    void packageOfAnUnknownModuleIsReported() {
        List<String> violations = violations("unknownmodule", BulwarkOwnRules::everyPackageBelongsToAKnownModule);

        assertThat(violations).anySatisfy(names(KafkaPublisher.class));
    }

    @Test
    void unknownModuleReportSaysWhereToAddIt() {
        ArchRule rule = BulwarkOwnRules.forRoot(root("unknownmodule")).everyPackageBelongsToAKnownModule();
        EvaluationResult result = rule.evaluate(Reports.classesOf(root("unknownmodule")));

        assertThat(result.getFailureReport().toString())
                .contains("BulwarkOwnRules.ADAPTERS", "BulwarkOwnRules.MODULES");
    }

    // ---------------------------------------------------------------- config

    @Test
    void configMayNotDependOnAnotherModule() {
        List<String> violations = violations("configleak", BulwarkOwnRules::configDependsOnlyOnTheJdk);

        assertThat(violations).anySatisfy(names(KeyOverCore.class, "GreetingSettings"));
    }

    // ---------------------------------------------------------------- ports

    @Test
    void portsMayNotDependOnALibrary() {
        List<String> violations = violations("portleak", BulwarkOwnRules::portsDependOnlyOnTheJdk);

        assertThat(violations).anySatisfy(names(LoggingPort.class, "org.slf4j.Logger"));
    }

    // ---------------------------------------------------------------- core layers

    @Test
    void coreDataLayerMayNotCallPresentation() {
        assertThat(layerViolations()).anySatisfy(names(RepositoryCallingPresentation.class, Screen.class));
    }

    @Test
    void coreDataLayerMayNotCallBusiness() {
        assertThat(layerViolations()).anySatisfy(names(RepositoryCallingBusiness.class, Service.class));
    }

    @Test
    void coreBusinessLayerMayNotCallPresentation() {
        assertThat(layerViolations()).anySatisfy(names(ServiceCallingPresentation.class, Screen.class));
    }

    @Test
    void corePresentationMayNotSkipBusinessToReachData() {
        assertThat(layerViolations()).anySatisfy(names(ScreenSkippingBusiness.class, Repository.class));
    }

    @Test
    void coreSharedKernelMayNotDependOnALayer() {
        assertThat(layerViolations()).anySatisfy(names(SettingsDependingOnBusiness.class, Service.class));
    }

    @Test
    void emptyCoreLayerIsReported() {
        ArchRule rule = BulwarkOwnRules.forRoot(root("clean")).coreLayersAreRespected();
        JavaClasses withoutData = new ClassFileImporter()
                .withImportOption(location -> !location.contains("/own/clean/core/internal/data/"))
                .importPackages(root("clean"));

        assertThat(rule.evaluate(withoutData).getFailureReport().getDetails())
                .anySatisfy(line -> assertThat(line).contains("Layer 'Data' is empty"));
    }

    @Test
    void coreClassOutsideEveryLayerIsReported() {
        List<String> violations = violations("corelayout", BulwarkOwnRules::coreHasNoPackageOutsideTheLayers);

        assertThat(violations).anySatisfy(names(StrayInterceptor.class));
    }

    // ---------------------------------------------------------------- core and the outside world

    @Test
    void coreMayNotUseJdbc() {
        assertThat(ioViolations()).anySatisfy(names(JdbcRepository.class, "java.sql.Connection"));
    }

    @Test
    void coreMayNotUseADataSource() {
        assertThat(ioViolations()).anySatisfy(names(PooledRepository.class, "javax.sql.DataSource"));
    }

    @Test
    void coreMayNotWriteAFile() {
        assertThat(ioViolations()).anySatisfy(names(FileRepository.class, "java.nio.file.Files"));
    }

    @Test
    void coreMayNotUseAnMcpSdkTransport() {
        assertThat(ioViolations()).anySatisfy(names(StdioEndpoint.class, StdioServerTransportProvider.class));
    }

    @Test
    void coreMayNotReachAnAdapter() {
        List<String> violations = violations("coreadapter", BulwarkOwnRules::coreReachesNoAdapterNorBootstrap);

        assertThat(violations).anySatisfy(names(CacheReachingRedis.class, RedisStore.class));
    }

    @Test
    void coreMayNotReachBootstrap() {
        List<String> violations = violations("coreadapter", BulwarkOwnRules::coreReachesNoAdapterNorBootstrap);

        assertThat(violations).anySatisfy(names(ServiceReachingBootstrap.class, ServerWiring.class));
    }

    // ---------------------------------------------------------------- adapters

    @Test
    void adapterMayNotDependOnAnotherAdapter() {
        List<String> violations = violations("adaptertoadapter", BulwarkOwnRules::adaptersDoNotDependOnEachOther);

        assertThat(violations).anySatisfy(names(PostgresUsersEvictingRedis.class, RedisCache.class));
    }

    @Test
    void adapterMayNotDependOnCore() {
        List<String> violations = violations("adaptertocore", BulwarkOwnRules::adaptersDependOnNeitherCoreNorBootstrap);

        assertThat(violations).anySatisfy(names(HttpEndpointCallingCore.class, UserService.class));
    }

    @Test
    void adapterMayNotDependOnBootstrap() {
        List<String> violations = violations("adaptertocore", BulwarkOwnRules::adaptersDependOnNeitherCoreNorBootstrap);

        assertThat(violations).anySatisfy(names(StdioEndpointCallingBootstrap.class, ServerMain.class));
    }

    // ---------------------------------------------------------------- dependency injection

    @Test
    void coreMayNotUseJavaxInject() {
        assertThat(injectionViolations()).anySatisfy(names(InjectedService.class, "javax.inject.Inject"));
    }

    @Test
    void adapterMayNotUseJakartaInject() {
        assertThat(injectionViolations()).anySatisfy(names(JakartaInjectedEndpoint.class, "jakarta.inject.Inject"));
    }

    @Test
    void adapterMayNotDeclareADaggerModule() {
        assertThat(injectionViolations()).anySatisfy(names(RedisModule.class, "dagger.Module"));
    }

    @Test
    void bootstrapMayUseDagger() {
        assertThat(injectionViolations()).noneSatisfy(names(ServerModule.class));
    }

    // ---------------------------------------------------------------- helpers

    private static List<String> layerViolations() {
        return violations("layers", BulwarkOwnRules::coreLayersAreRespected);
    }

    private static List<String> ioViolations() {
        return violations("coreio", BulwarkOwnRules::coreUsesNoIoLibrary);
    }

    private static List<String> injectionViolations() {
        return violations("injection", BulwarkOwnRules::onlyBootstrapKnowsDependencyInjection);
    }

    /** Builds a rule for one fixture root, evaluates it there, asserts it failed and returns its report lines. */
    @Test
    void anEmbedderReachingAnInternalPackageIsReported() {
        List<String> violations = violations("springinternal", BulwarkOwnRules::embeddersUseOnlyPublicApi);

        assertThat(violations).anyMatch(line -> line.contains("StarterUsingInternals"));
        assertThat(violations).anyMatch(line -> line.contains("MonitorUsingInternals"));
    }

    @Test
    void theTestKitUsingAnInternalClassItDoesNotNameIsReported() {
        List<String> violations = violations("testinternal", BulwarkOwnRules::testKitUsesOnlyTheInternalsItNames);

        assertThat(violations)
                .singleElement()
                .satisfies(names(TesterUsingInternals.class, Pricing.class))
                .satisfies(line -> assertThat(line).contains("TEST_KIT_INTERNALS"));
    }

    @Test
    void everyInternalClassTheTestKitNamesHasAReason() {
        assertThat(BulwarkOwnRules.TEST_KIT_INTERNALS)
                .allSatisfy((name, reason) -> assertThat(name).startsWith("core.internal."))
                .allSatisfy((name, reason) -> assertThat(reason).isNotBlank());
    }

    @Test
    void theMonitorUsingAnAdapterIsReported() {
        List<String> violations = violations("monitoradapter", BulwarkOwnRules::monitorUsesNoAdapter);

        assertThat(violations).anyMatch(line -> line.contains("MonitorUsingAdapter"));
    }

    private static List<String> violations(String fixture, Function<BulwarkOwnRules, ArchRule> ruleOf) {
        return Reports.violations(ruleOf.apply(BulwarkOwnRules.forRoot(root(fixture))), root(fixture));
    }

    private static String root(String fixture) {
        return FIXTURES + "." + fixture;
    }
}
