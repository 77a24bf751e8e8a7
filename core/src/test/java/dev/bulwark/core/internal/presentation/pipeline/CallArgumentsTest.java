package dev.bulwark.core.internal.presentation.pipeline;

import static dev.bulwark.core.internal.presentation.pipeline.TestTools.echo;
import static dev.bulwark.core.internal.presentation.pipeline.TestTools.invocation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolResult;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** A call's arguments become one JSON tree, the tree the schema check reads and the input is bound from. */
class CallArgumentsTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void theTreeIsWhatTheMapperWouldMakeOfTheArguments() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("big", new BigInteger("123456789012345678901234567890"));
        nested.put("decimal", new BigDecimal("1.50"));
        nested.put("nothing", null);
        Map<String, Object> arguments = new LinkedHashMap<>();
        arguments.put("text", "a@example.com");
        arguments.put("count", 3);
        arguments.put("large", 5_000_000_000L);
        arguments.put("ratio", 0.25);
        arguments.put("flag", true);
        arguments.put("list", new ArrayList<>(Arrays.asList(1, "two", null, List.of(false))));
        arguments.put("nested", nested);
        arguments.put("small", (short) 7);

        ObjectNode tree = CallArguments.of(arguments).tree(mapper);

        assertThat(tree).isEqualTo(mapper.valueToTree(arguments));
        assertThat(tree.toString()).isEqualTo(mapper.valueToTree(arguments).toString());
    }

    @Test
    void theTreeIsBuiltOnceAndTravelsWithTheCall() {
        ToolInvocation call = invocation(echo(), Map.of("text", "x"));
        ObjectNode tree = CallArguments.of(call.arguments()).tree(mapper);

        ToolInvocation copy = call.withRateLimitCharged(true).withDeferredHandler(new DeferredHandler());

        assertThat(copy.arguments()).isSameAs(call.arguments());
        assertThat(CallArguments.of(copy.arguments()).tree(mapper)).isSameAs(tree);
    }

    @Test
    void theArgumentsCannotBeChangedAndEqualTheMapSent() {
        Map<String, Object> sent = new LinkedHashMap<>(Map.of("text", "x"));
        CallArguments arguments = CallArguments.of(sent);
        sent.put("later", 1);

        assertThat(arguments).isEqualTo(Map.of("text", "x")).hasSameHashCodeAs(Map.of("text", "x"));
        assertThatThrownBy(() -> arguments.put("more", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> arguments.entrySet().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aHandlerTakingJsonGetsACopyItMayChangeWithoutChangingTheCallsTree() {
        AtomicReference<JsonNode> seen = new AtomicReference<>();
        Tool<JsonNode, Void> changes = Tool.builder("changes", JsonNode.class, Void.class)
                .description("Changes its input")
                .inputSchema(Map.of("type", "object"))
                .handler((input, context) -> {
                    ((ObjectNode) input).put("text", "changed");
                    seen.set(input);
                    return ToolResult.text("ok");
                })
                .build();
        ToolInvocation call = invocation(changes, Map.of("text", "sent"));

        new HandlerInvoker(mapper).proceed(call).join();

        assertThat(seen.get().get("text").asText()).isEqualTo("changed");
        assertThat(CallArguments.of(call.arguments()).tree(mapper).get("text").asText())
                .isEqualTo("sent");
    }
}
