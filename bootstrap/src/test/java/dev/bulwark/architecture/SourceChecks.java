package dev.bulwark.architecture;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.DocTrees;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreePath;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import javax.lang.model.element.Modifier;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * The two documentation rules ArchUnit cannot see, because Javadoc never reaches the bytecode (and javac
 * writes {@code package-info.class} only when asked to): checked on the source trees instead.
 *
 * <p>Sources are only parsed, with the JDK's own parser, never compiled, so a check needs no classpath
 * and finds a Javadoc the way the {@code javadoc} tool does: the doc comment right before the declaration,
 * annotations and modifiers allowed in between. A blank Javadoc counts as none.
 */
final class SourceChecks {

    private SourceChecks() {}

    /**
     * Every package (a directory holding a {@code .java} file) under {@code sourceRoot} that lacks a
     * {@code package-info.java}, or whose {@code package-info.java} has no Javadoc; one line per package,
     * saying which.
     */
    static List<String> packagesWithoutDocumentedPackageInfo(Path sourceDirectory) {
        Path sourceRoot = sourceDirectory.toAbsolutePath().normalize();
        Set<Path> documented = new HashSet<>();
        parse(javaFiles(sourceRoot, "package-info.java"::equals), (unit, docTrees) -> {
            if (unit.getPackage() != null && hasJavadoc(docTrees, TreePath.getPath(unit, unit.getPackage()))) {
                documented.add(Path.of(unit.getSourceFile().toUri()).getParent());
            }
        });
        List<String> problems = new ArrayList<>();
        for (Path directory : packageDirectories(sourceRoot)) {
            if (!Files.isRegularFile(directory.resolve("package-info.java"))) {
                problems.add(packageName(sourceRoot, directory) + ": no package-info.java");
            } else if (!documented.contains(directory)) {
                problems.add(packageName(sourceRoot, directory) + ": package-info.java has no Javadoc");
            }
        }
        return problems;
    }

    /**
     * Every public top-level type (class, interface, enum, record, annotation) under {@code sourceRoot}
     * without a Javadoc, as {@code fully.qualified.Name (path/relative/to/root.java)}.
     */
    static List<String> publicTypesWithoutJavadoc(Path sourceDirectory) {
        Path sourceRoot = sourceDirectory.toAbsolutePath().normalize();
        List<String> problems = new ArrayList<>();
        parse(javaFiles(sourceRoot, fileName -> !fileName.equals("package-info.java")), (unit, docTrees) -> {
            for (Tree declaration : unit.getTypeDecls()) {
                if (declaration instanceof ClassTree type
                        && type.getModifiers().getFlags().contains(Modifier.PUBLIC)
                        && !hasJavadoc(docTrees, TreePath.getPath(unit, type))) {
                    String packagePrefix = unit.getPackageName() == null ? "" : unit.getPackageName() + ".";
                    Path file = Path.of(unit.getSourceFile().toUri());
                    problems.add(packagePrefix + type.getSimpleName() + " (" + sourceRoot.relativize(file) + ")");
                }
            }
        });
        return problems;
    }

    private static boolean hasJavadoc(DocTrees docTrees, TreePath declaration) {
        String javadoc = docTrees.getDocComment(declaration);
        return javadoc != null && !javadoc.isBlank();
    }

    private interface UnitVisitor {
        void visit(CompilationUnitTree unit, DocTrees docTrees);
    }

    private static void parse(List<Path> sources, UnitVisitor visitor) {
        if (sources.isEmpty()) {
            return;
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("The source checks need a JDK: ToolProvider found no Java compiler");
        }
        try (StandardJavaFileManager files = javac.getStandardFileManager(null, Locale.ROOT, UTF_8)) {
            JavacTask task = (JavacTask) javac.getTask(
                    null,
                    files,
                    diagnostic -> {},
                    List.of("-proc:none"),
                    null,
                    files.getJavaFileObjectsFromPaths(sources));
            DocTrees docTrees = DocTrees.instance(task);
            for (CompilationUnitTree unit : task.parse()) {
                visitor.visit(unit, docTrees);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> packageDirectories(Path sourceRoot) {
        return javaFiles(sourceRoot, fileName -> true).stream()
                .map(Path::getParent)
                .filter(directory -> !directory.equals(sourceRoot))
                .distinct()
                .sorted()
                .toList();
    }

    private static String packageName(Path sourceRoot, Path directory) {
        return sourceRoot.relativize(directory).toString().replace(File.separatorChar, '.');
    }

    private static List<Path> javaFiles(Path sourceRoot, Predicate<String> fileName) {
        if (!Files.isDirectory(sourceRoot)) {
            throw new IllegalArgumentException("Not a source directory: " + sourceRoot.toAbsolutePath());
        }
        try (Stream<Path> paths = Files.walk(sourceRoot)) {
            return paths.filter(path -> path.toString().endsWith(".java") && Files.isRegularFile(path))
                    .filter(path -> fileName.test(path.getFileName().toString()))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
