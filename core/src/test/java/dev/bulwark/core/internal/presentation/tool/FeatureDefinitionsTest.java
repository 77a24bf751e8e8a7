package dev.bulwark.core.internal.presentation.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.CallContext;
import dev.bulwark.core.ClientFeatureUnavailableException;
import dev.bulwark.core.Completion;
import dev.bulwark.core.Content;
import dev.bulwark.core.ElicitationResult;
import dev.bulwark.core.Prompt;
import dev.bulwark.core.Resource;
import dev.bulwark.core.ResourceTemplate;
import dev.bulwark.core.SamplingResult;
import dev.bulwark.core.internal.testing.FakeCallContext;
import dev.bulwark.ports.security.Principal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Resources, resource templates, prompts, completions and the server features that hold them. */
class FeatureDefinitionsTest {

    private static final CallContext CONTEXT = new FakeCallContext(Principal.of("tester"), "r-1", "tool");

    private static final Prompt GREETING = new Prompt(
            "greeting",
            "Greets",
            List.of(new Prompt.Argument("name", "Who", true)),
            (arguments, context) -> "Hello " + arguments.get("name"));

    private static final ResourceTemplate PROFILE = new ResourceTemplate(
            "users://{id}/profile", "profile", "A profile", "application/json", (uri, variables, context) -> "{}");

    @Test
    void textResourceIsNotBinary() {
        Resource readme = new Resource("x://readme", "readme", "Read me", "text/plain", context -> "hi");

        assertThat(readme.binary()).isFalse();
    }

    @Test
    void binaryResourceReadsAsBase64() throws Exception {
        Resource logo = Resource.binary(
                "x://logo", "logo", "Logo", "image/png", context -> "bytes".getBytes(StandardCharsets.US_ASCII));

        assertThat(logo.binary()).isTrue();
        assertThat(logo.reader().read(CONTEXT)).isEqualTo("Ynl0ZXM=");
    }

    @Test
    void templateNeedsAVariable() {
        assertThatThrownBy(() -> new ResourceTemplate(
                        "users://all", "all", "All", "application/json", (uri, variables, context) -> "[]"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no {variable}");
    }

    @Test
    void templateMayNotNameAVariableTwice() {
        assertThatThrownBy(() -> new ResourceTemplate(
                        "users://{id}/{id}", "user", "A user", "application/json", (uri, variables, context) -> "{}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("resource template 'users://{id}/{id}' names {id} twice; give each variable its own name");
    }

    @Test
    void textPromptRendersAsOneUserMessage() throws Exception {
        assertThat(GREETING.messages(Map.of("name", "Ada"), CONTEXT))
                .containsExactly(Prompt.Message.user(Content.text("Hello Ada")));
    }

    @Test
    void messagesPromptRendersItsMessagesAndTheirText() throws Exception {
        Prompt chart = Prompt.withMessages(
                "chart",
                "Shows a chart",
                List.of(),
                (arguments, context) -> List.of(
                        Prompt.Message.user(new Content.Image("iVBO", "image/png")),
                        Prompt.Message.assistant(Content.text("A chart.")),
                        Prompt.Message.user(Content.text("Explain it."))));

        assertThat(chart.messages(Map.of(), CONTEXT))
                .extracting(Prompt.Message::role)
                .containsExactly(Prompt.Role.USER, Prompt.Role.ASSISTANT, Prompt.Role.USER);
        assertThat(chart.renderer().render(Map.of(), CONTEXT)).isEqualTo("A chart.\nExplain it.");
    }

    @Test
    void promptRenderingNoMessagesIsAnError() {
        Prompt empty = Prompt.withMessages("empty", "Nothing", List.of(), (arguments, context) -> List.of());

        assertThatThrownBy(() -> empty.messages(Map.of(), CONTEXT)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void completionRequestDefaultsItsValueAndArguments() {
        Completion.Request request = new Completion.Request("city", null, null);

        assertThat(request.value()).isEmpty();
        assertThat(request.arguments()).isEmpty();
    }

    @Test
    void featuresAcceptCompletionsForRegisteredPromptsAndTemplates() {
        ServerFeatures features = ServerFeatures.builder()
                .prompt(GREETING)
                .resourceTemplate(PROFILE)
                .completion(Completion.forPrompt("greeting", (request, context) -> List.of("Ada")))
                .completion(Completion.forResourceTemplate("users://{id}/profile", (request, context) -> List.of()))
                .resourceSubscriptions(true)
                .build();

        assertThat(features.completions()).hasSize(2);
        assertThat(features.resourceTemplates()).containsExactly(PROFILE);
        assertThat(features.resourceSubscriptions()).isTrue();
    }

    @Test
    void featuresRefuseACompletionForAnUnregisteredPrompt() {
        ServerFeatures.Builder builder =
                ServerFeatures.builder().completion(Completion.forPrompt("missing", (request, context) -> List.of()));

        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PROMPT missing");
    }

    @Test
    void featuresRefuseDuplicateTemplates() {
        ServerFeatures.Builder builder =
                ServerFeatures.builder().resourceTemplate(PROFILE).resourceTemplate(PROFILE);

        assertThatThrownBy(builder::build).hasMessageContaining("duplicate resource template");
    }

    @Test
    void threeListFeaturesHaveNoTemplatesCompletionsOrSubscriptions() {
        ServerFeatures features = new ServerFeatures(List.of(), List.of(), List.of(GREETING));

        assertThat(features.resourceTemplates()).isEmpty();
        assertThat(features.completions()).isEmpty();
        assertThat(features.resourceSubscriptions()).isFalse();
    }

    @Test
    void aContextWithoutAClientSessionCannotSampleOrElicit() {
        assertThatThrownBy(() -> CONTEXT.sample("hi", 10))
                .isInstanceOfSatisfying(
                        ClientFeatureUnavailableException.class,
                        e -> assertThat(e.feature()).isEqualTo("sampling"));
        assertThatThrownBy(() -> CONTEXT.elicit("name?", Map.of("type", "object")))
                .isInstanceOfSatisfying(
                        ClientFeatureUnavailableException.class,
                        e -> assertThat(e.feature()).isEqualTo("elicitation"));
    }

    @Test
    void elicitationResultCopiesItsContent() {
        ElicitationResult declined = new ElicitationResult(ElicitationResult.Action.DECLINE, null);

        assertThat(declined.accepted()).isFalse();
        assertThat(declined.content()).isEmpty();
    }

    @Test
    void samplingResultTextIsEmptyForNonTextAnswers() {
        assertThat(new SamplingResult(Content.text("hi"), "m", "endTurn").text())
                .isEqualTo("hi");
        assertThat(new SamplingResult(new Content.Image("iVBO", "image/png"), "m", null).text())
                .isEmpty();
    }
}
