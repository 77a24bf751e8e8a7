package dev.bulwark.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.bulwark.archfixtures.adaptertoadapter.postgres.PostgresUsersEvictingRedis;
import dev.bulwark.archfixtures.adaptertoadapter.redis.RedisCache;
import dev.bulwark.archfixtures.adaptertocore.bootstrap.ServerMain;
import dev.bulwark.archfixtures.adaptertocore.core.business.UserService;
import dev.bulwark.archfixtures.adaptertocore.http.HttpEndpointCallingCore;
import dev.bulwark.archfixtures.adaptertocore.stdio.StdioEndpointCallingBootstrap;
import dev.bulwark.archfixtures.coreadapter.bootstrap.ServerWiring;
import dev.bulwark.archfixtures.coreadapter.core.business.ServiceReachingBootstrap;
import dev.bulwark.archfixtures.coreadapter.core.data.CacheReachingRedis;
import dev.bulwark.archfixtures.coreio.core.data.JdbcRepository;
import dev.bulwark.archfixtures.coreio.core.data.PooledRepository;
import dev.bulwark.archfixtures.coreio.core.presentation.StdioEndpoint;
import dev.bulwark.archfixtures.corelayout.core.pipeline.StrayInterceptor;
import dev.bulwark.archfixtures.injection.bootstrap.ServerModule;
import dev.bulwark.archfixtures.injection.core.business.InjectedService;
import dev.bulwark.archfixtures.injection.http.JakartaInjectedEndpoint;
import dev.bulwark.archfixtures.injection.redis.RedisModule;
import dev.bulwark.archfixtures.layers.core.Kit;
import dev.bulwark.archfixtures.layers.core.business.Service;
import dev.bulwark.archfixtures.layers.core.business.ServiceCallingPresentation;
import dev.bulwark.archfixtures.layers.core.business.ServiceCallingTheEntryPoint;
import dev.bulwark.archfixtures.layers.core.config.SettingsDependingOnBusiness;
import dev.bulwark.archfixtures.layers.core.data.Repository;
import dev.bulwark.archfixtures.layers.core.data.RepositoryCallingBusiness;
import dev.bulwark.archfixtures.layers.core.data.RepositoryCallingPresentation;
import dev.bulwark.archfixtures.layers.core.presentation.Screen;
import dev.bulwark.archfixtures.layers.core.presentation.ScreenSkippingBusiness;
import dev.bulwark.archfixtures.portleak.ports.LoggingPort;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Proves every rule in {@link ArchitectureRules} can fail: each fixture root under
 * {@code dev.bulwark.archfixtures} holds classes that break exactly one rule, and the rule must report them.
 * The {@code clean} root obeys every rule, so no rule can pass these tests by reporting everything.
 */
class ArchitectureRulesFailOnFixturesTest {

    private static final String FIXTURES = "dev.bulwark.archfixtures";

    // ---------------------------------------------------------------- a miniature that obeys the diagram

    static Stream<Named<ArchRule>> everyRule() {
        return ArchitectureRules.all(root("clean")).stream().map(rule -> Named.of(rule.getDescription(), rule));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyRule")
    void ruleHoldsOnAMiniatureThatObeysTheDiagram(ArchRule rule) {
        EvaluationResult result = rule.evaluate(new ClassFileImporter().importPackages(root("clean")));

        assertThat(result.getFailureReport().getDetails()).isEmpty();
    }

    // ---------------------------------------------------------------- ports

    @Test
    void portsMayNotDependOnALibrary() {
        List<String> violations = violations("portleak", ArchitectureRules::portsDependOnlyOnTheJdk);

        assertThat(violations).anySatisfy(line -> assertThat(line).contains(LoggingPort.class.getName(), "org.slf4j.Logger"));
    }

    // ---------------------------------------------------------------- core layers

    @Test
    void coreDataLayerMayNotCallPresentation() {
        assertThat(layerViolations())
                .anySatisfy(line -> assertThat(line).contains(RepositoryCallingPresentation.class.getName(), Screen.class.getName()));
    }

    @Test
    void coreDataLayerMayNotCallBusiness() {
        assertThat(layerViolations())
                .anySatisfy(line -> assertThat(line).contains(RepositoryCallingBusiness.class.getName(), Service.class.getName()));
    }

    @Test
    void coreBusinessLayerMayNotCallPresentation() {
        assertThat(layerViolations())
                .anySatisfy(line -> assertThat(line).contains(ServiceCallingPresentation.class.getName(), Screen.class.getName()));
    }

    @Test
    void corePresentationMayNotSkipBusinessToReachData() {
        assertThat(layerViolations())
                .anySatisfy(line -> assertThat(line).contains(ScreenSkippingBusiness.class.getName(), Repository.class.getName()));
    }

    @Test
    void coreSharedKernelMayNotDependOnALayer() {
        assertThat(layerViolations())
                .anySatisfy(line -> assertThat(line).contains(SettingsDependingOnBusiness.class.getName(), Service.class.getName()));
    }

    @Test
    void coreLayerMayNotCallTheEntryPoint() {
        assertThat(layerViolations())
                .anySatisfy(line -> assertThat(line).contains(ServiceCallingTheEntryPoint.class.getName(), Kit.class.getName()));
    }

    @Test
    void coreClassOutsideEveryLayerIsReported() {
        List<String> violations =
                violations("corelayout", ArchitectureRules::coreClassesLiveInALayerOrTheSharedKernel);

        assertThat(violations).anySatisfy(line -> assertThat(line).contains(StrayInterceptor.class.getName()));
    }

    // ---------------------------------------------------------------- core and the outside world

    @Test
    void coreMayNotUseJdbc() {
        assertThat(ioViolations()).anySatisfy(line -> assertThat(line).contains(JdbcRepository.class.getName(), "java.sql.Connection"));
    }

    @Test
    void coreMayNotUseADataSource() {
        assertThat(ioViolations()).anySatisfy(line -> assertThat(line).contains(PooledRepository.class.getName(), "javax.sql.DataSource"));
    }

    @Test
    void coreMayNotUseAnMcpSdkTransport() {
        assertThat(ioViolations()).anySatisfy(line -> assertThat(line)
                .contains(StdioEndpoint.class.getName(), "io.modelcontextprotocol.server.transport.StdioServerTransportProvider"));
    }

    @Test
    void coreMayNotReachAnAdapter() {
        List<String> violations =
                violations("coreadapter", ArchitectureRules::coreReachesNoAdapterNorBootstrap);

        assertThat(violations).anySatisfy(line -> assertThat(line).contains(
                CacheReachingRedis.class.getName(), dev.bulwark.archfixtures.coreadapter.redis.RedisCache.class.getName()));
    }

    @Test
    void coreMayNotReachBootstrap() {
        List<String> violations =
                violations("coreadapter", ArchitectureRules::coreReachesNoAdapterNorBootstrap);

        assertThat(violations).anySatisfy(line -> assertThat(line)
                .contains(ServiceReachingBootstrap.class.getName(), ServerWiring.class.getName()));
    }

    // ---------------------------------------------------------------- adapters

    @Test
    void adapterMayNotDependOnAnotherAdapter() {
        List<String> violations =
                violations("adaptertoadapter", ArchitectureRules::adaptersDoNotDependOnEachOther);

        assertThat(violations).anySatisfy(line -> assertThat(line)
                .contains(PostgresUsersEvictingRedis.class.getName(), RedisCache.class.getName()));
    }

    @Test
    void adapterMayNotDependOnCore() {
        List<String> violations =
                violations("adaptertocore", ArchitectureRules::adaptersDependOnNeitherCoreNorBootstrap);

        assertThat(violations).anySatisfy(line -> assertThat(line)
                .contains(HttpEndpointCallingCore.class.getName(), UserService.class.getName()));
    }

    @Test
    void adapterMayNotDependOnBootstrap() {
        List<String> violations =
                violations("adaptertocore", ArchitectureRules::adaptersDependOnNeitherCoreNorBootstrap);

        assertThat(violations).anySatisfy(line -> assertThat(line)
                .contains(StdioEndpointCallingBootstrap.class.getName(), ServerMain.class.getName()));
    }

    // ---------------------------------------------------------------- dependency injection

    @Test
    void coreMayNotUseJavaxInject() {
        assertThat(injectionViolations())
                .anySatisfy(line -> assertThat(line).contains(InjectedService.class.getName(), "javax.inject.Inject"));
    }

    @Test
    void adapterMayNotUseJakartaInject() {
        assertThat(injectionViolations())
                .anySatisfy(line -> assertThat(line).contains(JakartaInjectedEndpoint.class.getName(), "jakarta.inject.Inject"));
    }

    @Test
    void adapterMayNotDeclareADaggerModule() {
        assertThat(injectionViolations())
                .anySatisfy(line -> assertThat(line).contains(RedisModule.class.getName(), "dagger.Module"));
    }

    @Test
    void bootstrapMayUseDagger() {
        assertThat(injectionViolations()).noneSatisfy(line -> assertThat(line).contains(ServerModule.class.getName()));
    }

    // ---------------------------------------------------------------- helpers

    private static List<String> layerViolations() {
        return violations("layers", ArchitectureRules::coreLayersAreRespected);
    }

    private static List<String> ioViolations() {
        return violations("coreio", ArchitectureRules::coreUsesNoIoLibrary);
    }

    private static List<String> injectionViolations() {
        return violations("injection", ArchitectureRules::onlyBootstrapKnowsDependencyInjection);
    }

    /** Builds a rule for one fixture root, evaluates it there, asserts it failed and returns its report lines. */
    private static List<String> violations(String fixture, Function<String, ArchRule> ruleForRoot) {
        ArchRule rule = ruleForRoot.apply(root(fixture));
        EvaluationResult result = rule.evaluate(new ClassFileImporter().importPackages(root(fixture)));
        assertThat(result.hasViolation()).as("'%s' fails on fixture '%s'", rule.getDescription(), fixture).isTrue();
        return result.getFailureReport().getDetails();
    }

    private static String root(String fixture) {
        return FIXTURES + "." + fixture;
    }
}
