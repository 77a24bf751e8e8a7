package dev.bulwark.archunit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import com.tngtech.archunit.library.dependencies.Slice;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiPredicate;

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

    /** {@code selection} depends on nothing outside {@code allowed}; one report line per class used. */
    static ArchRule onlyDependOn(
            DescribedPredicate<? super JavaClass> selection,
            DescribedPredicate<? super JavaClass> allowed,
            String what,
            String whatToDo) {
        return finish(
                classes().that(selection).should(useNoClassThat(DescribedPredicate.not(allowed), whatToDo)),
                what,
                whatToDo);
    }

    /** {@code selection} depends on nothing in {@code forbidden}; one report line per class used. */
    static ArchRule dependOnNone(
            DescribedPredicate<? super JavaClass> selection,
            DescribedPredicate<? super JavaClass> forbidden,
            String what,
            String whatToDo) {
        return finish(classes().that(selection).should(useNoClassThat(forbidden, whatToDo)), what, whatToDo);
    }

    /**
     * A class uses no class of {@code forbidden} (besides its own nested classes). A class used in many places,
     * with its nested classes, is one violation, reported once with the first place and {@code fix}, not once per
     * call, field and signature.
     */
    static ArchCondition<JavaClass> useNoClassThat(DescribedPredicate<? super JavaClass> forbidden, String fix) {
        return useNoClassWhere((origin, target) -> forbidden.test(target), "use no " + forbidden.getDescription(), fix);
    }

    /**
     * A class uses no class for which {@code forbidden} holds, given the class that uses it: one report line per
     * class used, naming the first place and {@code fix}.
     */
    static ArchCondition<JavaClass> useNoClassWhere(
            BiPredicate<JavaClass, JavaClass> forbidden, String description, String fix) {
        return new ArchCondition<>(description) {
            @Override
            public void check(JavaClass origin, ConditionEvents events) {
                Map<String, Dependency> firstUse = new LinkedHashMap<>();
                for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
                    JavaClass target = dependency.getTargetClass().getBaseComponentType();
                    if (!sameTopLevelClass(origin, target) && forbidden.test(origin, target)) {
                        firstUse.putIfAbsent(topLevel(target), dependency);
                    }
                }
                firstUse.forEach((target, dependency) -> events.add(
                        SimpleConditionEvent.violated(dependency, violation(origin, target, dependency, fix))));
            }
        };
    }

    /** One report line: who uses what, where first, and what to do about it. */
    static String violation(JavaClass origin, String target, Dependency first, String fix) {
        return origin.getName() + " uses " + target + " " + first.getSourceCodeLocation() + ": " + fix;
    }

    /** Whether both are the same top-level class or nested in it: a class may always use its own parts. */
    static boolean sameTopLevelClass(JavaClass one, JavaClass other) {
        return topLevel(one).equals(topLevel(other));
    }

    private static String topLevel(JavaClass type) {
        String name = type.getName();
        int nested = name.indexOf('$', name.lastIndexOf('.') + 1);
        return nested < 0 ? name : name.substring(0, nested);
    }

    /** Every class of {@code selection} resides in one of {@code packages} (ArchUnit package identifiers). */
    static ArchRule resideOnlyIn(
            DescribedPredicate<? super JavaClass> selection, List<String> packages, String what, String whatToDo) {
        DescribedPredicate<JavaClass> inPackages =
                JavaClass.Predicates.resideInAnyPackage(packages.toArray(String[]::new));
        ArchCondition<JavaClass> resides = new ArchCondition<>("reside in any package " + packages) {
            @Override
            public void check(JavaClass type, ConditionEvents events) {
                if (!inPackages.test(type)) {
                    events.add(SimpleConditionEvent.violated(
                            type,
                            type.getName() + " lives in " + type.getPackageName() + ", outside " + packages + ": "
                                    + whatToDo));
                }
            }
        };
        return finish(classes().that(selection).should(resides), what, whatToDo);
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
