package dev.bulwark.core.presentation.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ToolResultTest {

    @Test
    void structuredResultKeepsBothParts() {
        ToolResult<Integer> result = ToolResult.of(42, "forty-two");

        assertThat(result.structured()).isEqualTo(42);
        assertThat(result.text()).isEqualTo("forty-two");
    }

    @Test
    void textResultHasNoStructuredPart() {
        assertThat(ToolResult.text("hello").structured()).isNull();
    }

    @Test
    void structuredResultRequiresTheStructuredPart() {
        assertThatThrownBy(() -> ToolResult.of(null, "text")).isInstanceOf(NullPointerException.class);
    }

    @Test
    void everyResultRequiresText() {
        assertThatThrownBy(() -> ToolResult.text(null)).isInstanceOf(NullPointerException.class);
    }
}
