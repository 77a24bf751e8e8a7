package dev.bulwark.archunit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import com.tngtech.archunit.library.dependencies.Slice;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The generic rule builders both {@link BulwarkArchitecture} and {@link BulwarkOwnRules} are made of.
 */
final class Rules {

    private Rules() {}

    /** One layer of a layered rule: its name in reports, and the classes it holds. */
    record Layer(String name, DescribedPredicate<? super JavaClass> classes) {}

    /**
     * Classes that reside in any package of {@code entries} ending in {@code ..} (an ArchUnit package
     * identifier), or that are assignable to a class named by any other entry (a fully qualified class name,
     * so its subclasses count too: {@code java.net.URLConnection} covers {@code HttpsURLConnection}).
     */
    static DescribedPredicate<JavaClass> packagesOrClasses(List<String> entries) {
        List<DescribedPredicate<? super JavaClass>> matchers = new ArrayList<>();
        List<String> packages =
                entries.stream().filter(entry -> entry.endsWith("..")).toList();
        if (!packages.isEmpty()) {
            matchers.add(JavaClass.Predicates.resideInAnyPackage(packages.toArray(String[]::new)));
        }
        entries.stream()
                .filter(entry -> !entry.endsWith(".."))
                .forEach(className -> matchers.add(JavaClass.Predicates.assignableTo(className)));
        return DescribedPredicate.<JavaClass>or(matchers).as(String.join(", ", entries));
    }

    /** {@code selection} depends on nothing outside {@code allowed}. */
    static ArchRule onlyDependOn(
            DescribedPredicate<? super JavaClass> selection,
            DescribedPredicate<? super JavaClass> allowed,
            String what,
            String whatToDo) {
        return finish(classes().that(selection).should().onlyDependOnClassesThat(allowed), what, whatToDo);
    }

    /** {@code selection} depends on nothing in {@code forbidden}. */
    static ArchRule dependOnNone(
            DescribedPredicate<? super JavaClass> selection,
            DescribedPredicate<? super JavaClass> forbidden,
            String what,
            String whatToDo) {
        return finish(noClasses().that(selection).should().dependOnClassesThat(forbidden), what, whatToDo);
    }

    /** Every class of {@code selection} resides in one of {@code packages} (ArchUnit package identifiers). */
    static ArchRule resideOnlyIn(
            DescribedPredicate<? super JavaClass> selection, List<String> packages, String what, String whatToDo) {
        return finish(
                classes().that(selection).should().resideInAnyPackage(packages.toArray(String[]::new)), what, whatToDo);
    }

    /**
     * The slices that {@code pattern} cuts (an ArchUnit package identifier with a capture group, such as
     * {@code com.acme..adapter.(*)..}) and that {@code which} keeps, do not depend on each other.
     */
    static ArchRule independentSlices(
            String pattern, DescribedPredicate<? super Slice> which, String what, String whatToDo) {
        return finish(slices().matching(pattern).that(which).should().notDependOnEachOther(), what, whatToDo);
    }

    /**
     * Layers from top to bottom, each reached only by the layer directly above it and by the optional
     * {@code entryPoint} (a composition root, such as an API package, that may wire every layer and whose types
     * every layer may use).
     * Only dependencies between layers count; no layer is optional, so an empty layer is a violation.
     */
    static LayeredArchitecture strictLayers(Optional<Layer> entryPoint, List<Layer> topDown) {
        List<Layer> all = new ArrayList<>();
        entryPoint.ifPresent(all::add);
        all.addAll(topDown);
        LayeredArchitecture layers =
                layeredArchitecture().consideringOnlyDependenciesInLayers().withOptionalLayers(false);
        for (Layer layer : all) {
            layers = layers.layer(layer.name()).definedBy(layer.classes());
        }
        for (int i = 0; i < topDown.size(); i++) {
            List<String> callers = new ArrayList<>();
            if (i > 0) {
                callers.add(topDown.get(i - 1).name());
            }
            entryPoint.ifPresent(root -> callers.add(root.name()));
            String layer = topDown.get(i).name();
            layers = callers.isEmpty()
                    ? layers.whereLayer(layer).mayNotBeAccessedByAnyLayer()
                    : layers.whereLayer(layer).mayOnlyBeAccessedByLayers(callers.toArray(String[]::new));
        }
        return layers;
    }

    /** Names the rule, says what to do about a violation, and makes an empty selection fail. */
    static ArchRule finish(ArchRule rule, String what, String whatToDo) {
        return rule.as(what).because(whatToDo).allowEmptyShould(false);
    }
}
