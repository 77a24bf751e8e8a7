package dev.bulwark.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.config.BulwarkConfig;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every mistake in {@code @McpTool} methods stops the build of the pack, naming the class and method and the fix. */
class AnnotatedToolsMistakesTest {

    public record Point(int x, int y) {}

    public static class TwoOfOneName {
        @McpTool(description = "One")
        public String find(String id) {
            return id;
        }

        @McpTool(description = "Two")
        public String find(String id, int limit) {
            return id;
        }
    }

    @Test
    void twoToolsOfOneNameAreRefusedNamingBothMethods() {
        assertThatThrownBy(() -> AnnotatedTools.from(new TwoOfOneName()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Tools of " + TwoOfOneName.class.getName() + " cannot be built")
                .hasMessageContaining(TwoOfOneName.class.getName() + ".find(String)")
                .hasMessageContaining(TwoOfOneName.class.getName() + ".find(String, int)")
                .hasMessageContaining("its tool name 'find' is also the name of")
                .hasMessageContaining("@McpTool(name = \"...\")");
    }

    public static class FirstPack {
        @McpTool(description = "One")
        public String lookup() {
            return "one";
        }
    }

    public static class SecondPack {
        @McpTool(description = "Two")
        public String lookup() {
            return "two";
        }
    }

    @Test
    void twoObjectsWithOneToolNameStopTheBuildOfTheServer() {
        Bulwark.Builder builder = Bulwark.builder(BulwarkConfig.defaults())
                .pack(AnnotatedTools.from(new FirstPack()))
                .pack(AnnotatedTools.from(new SecondPack()));

        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("duplicate tool name(s): [lookup]");
    }

    public static class Unsupported {
        @McpTool(description = "Takes a map")
        public String map(Map<String, String> values) {
            return "";
        }

        @McpTool(description = "Takes a char")
        public String letter(char letter) {
            return "";
        }

        @McpTool(description = "Takes a record beside another argument")
        public String move(Point point, String label) {
            return "";
        }

        @McpTool(description = "Takes a list of optionals")
        public String nested(List<Optional<String>> values) {
            return "";
        }
    }

    @Test
    void parametersOfUnsupportedTypesAreRefusedEachWithItsMethod() {
        assertThatThrownBy(() -> AnnotatedTools.from(new Unsupported()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(Unsupported.class.getName() + ".map(Map): parameter 'values' is of a type an"
                        + " argument cannot be (java.util.Map<java.lang.String, java.lang.String>): take a String, a"
                        + " number, a boolean, an enum")
                .hasMessageContaining(".letter(char): parameter 'letter' is of a type an argument cannot be (char)")
                .hasMessageContaining(".move(Point, String): parameter 'point' is of a type an argument cannot be")
                .hasMessageContaining("for structured input, take one record parameter")
                .hasMessageContaining(".nested(List): parameter 'values' is of a type an argument cannot be");
    }

    @Test
    void aParameterWithoutANameIsRefusedSayingToCompileWithParameters(@TempDir Path classes) throws Exception {
        Object tools = compiledWithoutParameterNames(classes, "NamelessTools", """
                public class NamelessTools {
                    @dev.bulwark.core.McpTool(description = "Greets")
                    public String greet(String name) {
                        return name;
                    }
                }
                """);

        assertThatThrownBy(() -> AnnotatedTools.from(tools))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("@McpTool method NamelessTools.greet(String): parameter arg0 (String) has no"
                        + " name in the class file: compile with the -parameters flag")
                .hasMessageContaining("or name it with @ToolParam(name = \"...\")");
    }

    @Test
    void aParameterNamedInTheAnnotationNeedsNoParameterNames(@TempDir Path classes) throws Exception {
        Object tools = compiledWithoutParameterNames(classes, "NamedTools", """
                public class NamedTools {
                    @dev.bulwark.core.McpTool(description = "Greets")
                    public String greet(@dev.bulwark.core.ToolParam(name = "name") String name,
                            dev.bulwark.core.CallContext context) {
                        return name;
                    }
                }
                """);

        try (Bulwark bulwark = Bulwark.builder(BulwarkConfig.defaults())
                .pack(AnnotatedTools.from(tools))
                .build()) {
            assertThat(bulwark.tools().get(0).inputSchema().get("required")).isEqualTo(List.of("name"));
        }
    }

    /** {@code source} compiled as javac does without {@code -parameters}, loaded, and instantiated. */
    private static Object compiledWithoutParameterNames(Path classes, String className, String source)
            throws IOException, ReflectiveOperationException {
        Path file = classes.resolve(className + ".java");
        Files.writeString(file, source, StandardCharsets.UTF_8);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int exit = javac.run(
                null,
                null,
                null,
                "-classpath",
                System.getProperty("java.class.path"),
                "-d",
                classes.toString(),
                file.toString());
        assertThat(exit).as("javac exit code").isZero();
        URLClassLoader loader = new URLClassLoader(
                new URL[] {classes.toUri().toURL()}, AnnotatedToolsMistakesTest.class.getClassLoader());
        return loader.loadClass(className).getConstructor().newInstance();
    }

    public static class NotPublic {
        @McpTool(description = "Hidden")
        String hidden() {
            return "";
        }
    }

    @Test
    void aMethodThatIsNotPublicIsRefused() {
        assertThatThrownBy(() -> AnnotatedTools.from(new NotPublic()))
                .hasMessageContaining(NotPublic.class.getName() + ".hidden(): is not public: make it public");
    }

    static class PackagePrivate {
        @McpTool(description = "Hidden class")
        public String hello() {
            return "";
        }
    }

    @Test
    void aClassBulwarkCannotCallIsRefusedSayingHowToLetIt() {
        assertThatThrownBy(() -> AnnotatedTools.from(new PackagePrivate()))
                .hasMessageContaining(PackagePrivate.class.getName() + ".hello(): cannot be called from Bulwark,"
                        + " since its class " + PackagePrivate.class.getName() + " is not public")
                .hasMessageContaining("make the class public, or pass a lookup that can call it,"
                        + " AnnotatedTools.from(tools, MethodHandles.lookup()), from code in its package");
    }

    public static class BadName {
        @McpTool(name = "find users", description = "Finds")
        public String find() {
            return "";
        }

        @McpTool(description = "Dollar")
        public String $cash() {
            return "";
        }
    }

    @Test
    void anInvalidToolNameIsRefused() {
        assertThatThrownBy(() -> AnnotatedTools.from(new BadName()))
                .hasMessageContaining(BadName.class.getName() + ".find(): invalid tool name 'find users': use 1 to 128"
                        + " letters, digits, '_', '.' or '-'")
                .hasMessageContaining(BadName.class.getName() + ".$cash(): invalid tool name '$cash'");
    }

    public static class BadOptions {
        @McpTool(description = "Bad timeout", timeout = "2 seconds")
        public String slow() {
            return "";
        }

        @McpTool(description = "TTL without a cache", cacheTtl = "5m")
        public String uncached() {
            return "";
        }

        @McpTool(description = "Both", notRateLimited = true, rateLimit = 10)
        public String both() {
            return "";
        }

        @McpTool(description = "Period only", rateLimitPeriod = "1h")
        public String periodOnly() {
            return "";
        }

        @McpTool(description = "Caller thread with a timeout", execution = Tool.Execution.CALLER_THREAD, timeout = "1s")
        public String fast() {
            return "";
        }

        @McpTool(description = "Bad scope", scopes = "tools read")
        public String scoped() {
            return "";
        }

        @McpTool(description = "Bad concurrency", maxConcurrency = -1)
        public String crowded() {
            return "";
        }

        @McpTool(description = " ")
        public String blank() {
            return "";
        }
    }

    @Test
    void everyInvalidOptionIsRefusedWithItsMethod() {
        String type = BadOptions.class.getName();
        assertThatThrownBy(() -> AnnotatedTools.from(new BadOptions()))
                .hasMessageContaining(type + ".slow(): timeout = \"2 seconds\" is not a duration; use seconds (300),"
                        + " a number with a unit ms, s, m, h or d (5m), or ISO-8601 (PT5M)")
                .hasMessageContaining(type + ".uncached(): cacheTtl is set but cache is NONE")
                .hasMessageContaining(type + ".both(): notRateLimited = true takes no rateLimit")
                .hasMessageContaining(type + ".periodOnly(): rateLimitPeriod and rateLimitExtraBurst need rateLimit")
                .hasMessageContaining(type + ".fast(): tool 'fast' runs on the caller's thread")
                .hasMessageContaining(type + ".scoped(): a required scope of tool 'scoped' holds a space")
                .hasMessageContaining(type + ".crowded(): maxConcurrency must be at least 1, was -1")
                .hasMessageContaining(type + ".blank(): tool 'blank' needs a description");
    }

    public static class BadParameters {
        @McpTool(description = "Optional primitive")
        public String limited(@ToolParam(required = false) int limit) {
            return "";
        }

        @McpTool(description = "Described record")
        public String moved(@ToolParam(description = "Where") Point point) {
            return "";
        }

        @McpTool(description = "Two of one name")
        public String twice(String first, @ToolParam(name = "first") String second) {
            return "";
        }
    }

    @Test
    void parametersThatCannotBeArgumentsAsDeclaredAreRefused() {
        String type = BadParameters.class.getName();
        assertThatThrownBy(() -> AnnotatedTools.from(new BadParameters()))
                .hasMessageContaining(type + ".limited(int): parameter 'limit' is optional but of the primitive type"
                        + " int, which has no value for an argument left out: make it required, or take its boxed"
                        + " type or an Optional")
                .hasMessageContaining(type + ".moved(Point): its record parameter is the whole input, which"
                        + " @ToolParam cannot describe: put @ToolParam on the record's components instead")
                .hasMessageContaining(type + ".twice(String, String): two parameters are named 'first'");
    }

    public static class BadResults {
        @McpTool(description = "A list")
        public List<String> names() {
            return List.of();
        }

        @McpTool(description = "A number")
        public int count() {
            return 0;
        }
    }

    @Test
    void resultsThatAreNotJsonObjectsAreRefused() {
        String type = BadResults.class.getName();
        assertThatThrownBy(() -> AnnotatedTools.from(new BadResults()))
                .hasMessageContaining(type + ".names(): returns List, which is not a JSON object: return a record, a"
                        + " Map, a String, a ToolResult or nothing (void)")
                .hasMessageContaining(type + ".count(): returns int, which is not a JSON object");
    }

    public record Renamed(@ToolParam(name = "full_name") String name) {}

    public static class RenamedComponent {
        @McpTool(description = "Takes a record with a renamed component")
        public String greet(Renamed input) {
            return input.name();
        }
    }

    @Test
    void aRecordComponentNamedWithToolParamIsRefusedSayingToUseJsonProperty() {
        String expected = "component 'name' of record " + Renamed.class.getName() + " has @ToolParam(name ="
                + " \"full_name\"), which only names a parameter of an @McpTool method: name the component with"
                + " @JsonProperty(\"full_name\") instead";

        assertThatThrownBy(() -> AnnotatedTools.from(new RenamedComponent()))
                .hasMessageContaining(RenamedComponent.class.getName() + ".greet(Renamed): " + expected);
        assertThatThrownBy(() -> Tool.builder("greet", Renamed.class, Void.class)
                        .description("Greets")
                        .handler((input, context) -> ToolResult.text(input.name()))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(expected);
        assertThatThrownBy(() -> Tool.builder("greet", Renamed.class, Void.class)
                        .description("Greets")
                        .inputSchema(Map.of("type", "object", "properties", Map.of("name", Map.of("type", "string"))))
                        .handler((input, context) -> ToolResult.text(input.name()))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tool 'greet': " + expected);
    }

    @Test
    void anObjectWithoutToolMethodsIsRefused() {
        assertThatThrownBy(() -> AnnotatedTools.from(new Object()))
                .hasMessageContaining("java.lang.Object has no method annotated @McpTool");
    }
}
