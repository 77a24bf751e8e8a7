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
import dev.bulwark.archfixtures.coreadapter.redis.RedisStore;
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
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import java.util.List;
import java.util.function.Consumer;
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
    void coreLayerMayNotCallTheEntryPoint() {
        assertThat(layerViolations()).anySatisfy(names(ServiceCallingTheEntryPoint.class, Kit.class));
    }

    @Test
    void coreClassOutsideEveryLayerIsReported() {
        List<String> violations = violations("corelayout", ArchitectureRules::coreHasNoPackageOutsideTheLayers);

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
    void coreMayNotUseAnMcpSdkTransport() {
        assertThat(ioViolations()).anySatisfy(names(StdioEndpoint.class, StdioServerTransportProvider.class));
    }

    @Test
    void coreMayNotReachAnAdapter() {
        List<String> violations = violations("coreadapter", ArchitectureRules::coreReachesNoAdapterNorBootstrap);

        assertThat(violations).anySatisfy(names(CacheReachingRedis.class, RedisStore.class));
    }

    @Test
    void coreMayNotReachBootstrap() {
        List<String> violations = violations("coreadapter", ArchitectureRules::coreReachesNoAdapterNorBootstrap);

        assertThat(violations).anySatisfy(names(ServiceReachingBootstrap.class, ServerWiring.class));
    }

    // ---------------------------------------------------------------- adapters

    @Test
    void adapterMayNotDependOnAnotherAdapter() {
        List<String> violations = violations("adaptertoadapter", ArchitectureRules::adaptersDoNotDependOnEachOther);

        assertThat(violations).anySatisfy(names(PostgresUsersEvictingRedis.class, RedisCache.class));
    }

    @Test
    void adapterMayNotDependOnCore() {
        List<String> violations =
                violations("adaptertocore", ArchitectureRules::adaptersDependOnNeitherCoreNorBootstrap);

        assertThat(violations).anySatisfy(names(HttpEndpointCallingCore.class, UserService.class));
    }

    @Test
    void adapterMayNotDependOnBootstrap() {
        List<String> violations =
                violations("adaptertocore", ArchitectureRules::adaptersDependOnNeitherCoreNorBootstrap);

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

    /** A report line that names the offending class and, where given, what it must not depend on. */
    private static Consumer<String> names(Class<?> offender, String... targets) {
        return line -> {
            assertThat(line).contains(offender.getName());
            for (String target : targets) {
                assertThat(line).contains(target);
            }
        };
    }

    private static Consumer<String> names(Class<?> offender, Class<?> target) {
        return names(offender, target.getName());
    }

    private static String root(String fixture) {
        return FIXTURES + "." + fixture;
    }
}
