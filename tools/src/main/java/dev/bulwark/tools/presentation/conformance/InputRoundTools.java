package dev.bulwark.tools.presentation.conformance;

import dev.bulwark.core.CallContext;
import dev.bulwark.core.ClientAnswers;
import dev.bulwark.core.ClientFeatureUnavailableException;
import dev.bulwark.core.ClientRequest;
import dev.bulwark.core.Content;
import dev.bulwark.core.ElicitationResult;
import dev.bulwark.core.Prompt;
import dev.bulwark.core.Root;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolHandler;
import dev.bulwark.core.ToolResult;
import dev.bulwark.tools.presentation.conformance.ConformanceTools.NoArguments;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The tools and prompt of the conformance suite's {@code input-required-result-*} scenarios.
 */
public final class InputRoundTools {

    static final ClientRequest.Elicitation USER_NAME =
            ClientRequest.elicitation("user_name", "What is your name?", form("name", "string"));
    static final ClientRequest.Sampling CAPITAL_QUESTION =
            ClientRequest.sampling("capital_question", "What is the capital of France?", 100);
    static final ClientRequest.Roots CLIENT_ROOTS = ClientRequest.roots("client_roots");
    static final ClientRequest.Elicitation CONFIRM =
            ClientRequest.elicitation("confirm", "Please confirm", form("ok", "boolean"));

    private InputRoundTools() {}

    /** Every tool of the {@code input-required-result-*} scenarios. */
    public static List<Tool<?, ?>> all() {
        return List.of(
                elicitation(),
                sampling(),
                listRoots(),
                requestState(),
                multipleInputs(),
                multiRound(),
                tamperedState(),
                capabilities());
    }

    static Tool<NoArguments, Void> elicitation() {
        return tool(
                "test_input_required_result_elicitation",
                "Asks the user's name, then greets them",
                (input, context) -> ToolResult.text("Hello, " + nameIn(answer(context, USER_NAME)) + "!"));
    }

    static Tool<NoArguments, Void> sampling() {
        return tool(
                "test_input_required_result_sampling",
                "Asks the client's model the capital of France",
                (input, context) -> ToolResult.text("The model answered: "
                        + context.ask(CAPITAL_QUESTION)
                                .sampling(CAPITAL_QUESTION.key())
                                .text()));
    }

    static Tool<NoArguments, Void> listRoots() {
        return tool(
                "test_input_required_result_list_roots",
                "Asks the client's roots and names them",
                (input, context) -> ToolResult.text(
                        "Client roots: " + describe(context.ask(CLIENT_ROOTS).roots(CLIENT_ROOTS.key()))));
    }

    static Tool<NoArguments, Void> requestState() {
        return tool(
                "test_input_required_result_request_state",
                "Asks for a confirmation; answers state-ok once the signed request state came back valid",
                (input, context) -> ToolResult.text("state-ok: confirmation "
                        + answer(context, CONFIRM).action().name().toLowerCase(Locale.ROOT)));
    }

    static Tool<NoArguments, Void> multipleInputs() {
        ClientRequest.Sampling greeting = ClientRequest.sampling("greeting", "Generate a greeting", 50);
        return tool(
                "test_input_required_result_multiple_inputs",
                "Asks the user's name, a greeting from the client's model and the client's roots, all at once",
                (input, context) -> {
                    ClientAnswers answers = context.ask(USER_NAME, greeting, CLIENT_ROOTS);
                    return ToolResult.text(answers.sampling(greeting.key()).text() + " "
                            + nameIn(answers.elicitation(USER_NAME.key())) + "; roots: "
                            + describe(answers.roots(CLIENT_ROOTS.key())));
                });
    }

    static Tool<NoArguments, Void> multiRound() {
        ClientRequest.Elicitation step1 =
                ClientRequest.elicitation("step1", "Step 1: What is your name?", form("name", "string"));
        ClientRequest.Elicitation step2 =
                ClientRequest.elicitation("step2", "Step 2: What is your favorite color?", form("color", "string"));
        return tool(
                "test_input_required_result_multi_round",
                "Asks the user's name, then their favorite color: two rounds",
                (input, context) -> {
                    String name = nameIn(answer(context, step1));
                    Object color = answer(context, step2).content().get("color");
                    return ToolResult.text(name + " likes " + (color == null ? "no color" : color));
                });
    }

    static Tool<NoArguments, Void> tamperedState() {
        return tool(
                "test_input_required_result_tampered_state",
                "Asks for a confirmation; a retry whose request state was altered is refused",
                (input, context) -> ToolResult.text(
                        "Confirmed: " + answer(context, CONFIRM).content().get("ok")));
    }

    static Tool<NoArguments, Void> capabilities() {
        return tool(
                "test_input_required_result_capabilities",
                "Asks the user's name and the capital of France, each only if the client can answer it",
                (input, context) -> {
                    ClientAnswers answers;
                    try {
                        answers = context.ask(USER_NAME, CAPITAL_QUESTION);
                    } catch (ClientFeatureUnavailableException withoutOne) {
                        ClientRequest other = withoutOne.feature().equals("elicitation") ? CAPITAL_QUESTION : USER_NAME;
                        try {
                            answers = context.ask(other);
                        } catch (ClientFeatureUnavailableException withoutEither) {
                            return ToolResult.text("The client declared neither elicitation nor sampling");
                        }
                    }
                    return ToolResult.text("Answered: " + String.join(", ", answers.keys()));
                });
    }

    /** The prompt of the {@code input-required-result-non-tool-request} scenario: it asks before it renders. */
    public static Prompt prompt() {
        ClientRequest.Elicitation userContext = ClientRequest.elicitation(
                "user_context", "What context should the prompt use?", form("context", "string"));
        return Prompt.withMessages(
                "test_input_required_result_prompt",
                "A prompt that asks the user for its context first",
                List.of(),
                (arguments, context) -> {
                    Object given = answer(context, userContext).content().get("context");
                    return List.of(Prompt.Message.user(Content.text(
                            "Answer with this context in mind: " + (given == null ? "none given" : given))));
                });
    }

    private static Tool<NoArguments, Void> tool(
            String name, String description, ToolHandler<NoArguments, Void> handler) {
        return Tool.builder(name, NoArguments.class, Void.class)
                .description(description)
                .handler(handler)
                .build();
    }

    /** The client's answer to {@code request}, asked alone. */
    private static ElicitationResult answer(CallContext context, ClientRequest.Elicitation request) {
        return context.ask(request).elicitation(request.key());
    }

    static String nameIn(ElicitationResult answer) {
        Object name = answer.content().get("name");
        return answer.accepted() && name != null ? name.toString() : "stranger";
    }

    private static String describe(List<Root> roots) {
        return roots.isEmpty()
                ? "none"
                : roots.stream()
                        .map(root -> root.name() == null ? root.uri() : root.name() + " (" + root.uri() + ")")
                        .collect(Collectors.joining(", "));
    }

    /** A form of one required property {@code name} of JSON type {@code type}. */
    static Map<String, Object> form(String name, String type) {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", Map.of(name, Map.of("type", type)));
        schema.put("required", List.of(name));
        return schema;
    }
}
