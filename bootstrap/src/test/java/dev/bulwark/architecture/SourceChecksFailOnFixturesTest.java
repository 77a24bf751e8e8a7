package dev.bulwark.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Proves the {@link SourceChecks} can fail: they run on a small source tree kept as test resources under
 * {@code archfixtures/sources}, with one package or type per way of missing (or having) documentation.
 */
class SourceChecksFailOnFixturesTest {

    private static final Path SOURCES = fixtureSources();

    // ---------------------------------------------------------------- package-info

    @Test
    void packageWithoutPackageInfoIsReported() {
        assertThat(SourceChecks.packagesWithoutDocumentedPackageInfo(SOURCES))
                .contains("dev.bulwark.sample.nopackageinfo: no package-info.java");
    }

    @Test
    void packageInfoWithoutJavadocIsReported() {
        assertThat(SourceChecks.packagesWithoutDocumentedPackageInfo(SOURCES))
                .contains("dev.bulwark.sample.undocumentedpackageinfo: package-info.java has no Javadoc");
    }

    @Test
    void packageWithADocumentedPackageInfoIsNotReported() {
        assertThat(SourceChecks.packagesWithoutDocumentedPackageInfo(SOURCES))
                .noneSatisfy(line -> assertThat(line).startsWith("dev.bulwark.sample:"));
    }

    @Test
    void directoriesWithoutJavaFilesAreNotPackages() {
        assertThat(SourceChecks.packagesWithoutDocumentedPackageInfo(SOURCES))
                .noneSatisfy(line -> assertThat(line).startsWith("dev:"))
                .noneSatisfy(line -> assertThat(line).startsWith("dev.bulwark:"));
    }

    // ---------------------------------------------------------------- Javadoc on public types

    @Test
    void publicTypeWithoutJavadocIsReported() {
        assertThat(undocumentedTypes()).contains("dev.bulwark.sample.Undocumented");
    }

    @Test
    void publicTypeWithOnlyPlainCommentsIsReported() {
        assertThat(undocumentedTypes()).contains("dev.bulwark.sample.PlainCommentOnly");
    }

    @Test
    void publicTypeWithABlankJavadocIsReported() {
        assertThat(undocumentedTypes()).contains("dev.bulwark.sample.BlankJavadoc");
    }

    @Test
    void javadocSeparatedFromTheTypeByAnImportDoesNotCount() {
        assertThat(undocumentedTypes()).contains("dev.bulwark.sample.JavadocBeforeImports");
    }

    @Test
    void javadocFollowedByAnnotationsCounts() {
        assertThat(undocumentedTypes()).doesNotContain("dev.bulwark.sample.AnnotatedAfterJavadoc");
    }

    @Test
    void documentedPublicTypeIsNotReported() {
        assertThat(undocumentedTypes()).doesNotContain("dev.bulwark.sample.Documented");
    }

    @Test
    void typesThatAreNotPublicNeedNoJavadoc() {
        assertThat(undocumentedTypes())
                .doesNotContain("dev.bulwark.sample.PackagePrivateHelper")
                .doesNotContain("dev.bulwark.sample.AnotherPackagePrivateType");
    }

    @Test
    void reportNamesTheFileOfTheUndocumentedType() {
        Path file = Path.of("dev", "bulwark", "sample", "Undocumented.java");

        assertThat(SourceChecks.publicTypesWithoutJavadoc(SOURCES))
                .contains("dev.bulwark.sample.Undocumented (" + file + ")");
    }

    /** The report's type names, without the file part. */
    private static List<String> undocumentedTypes() {
        return SourceChecks.publicTypesWithoutJavadoc(SOURCES).stream()
                .map(line -> line.substring(0, line.indexOf(' ')))
                .toList();
    }

    private static Path fixtureSources() {
        URL sources = SourceChecksFailOnFixturesTest.class.getResource("/archfixtures/sources");
        assertThat(sources).as("test resource archfixtures/sources").isNotNull();
        try {
            return Path.of(sources.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
