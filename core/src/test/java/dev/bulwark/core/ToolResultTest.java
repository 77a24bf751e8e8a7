package dev.bulwark.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
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

    @Test
    void textResultIsOneTextItem() {
        assertThat(ToolResult.text("hello").content()).containsExactly(Content.text("hello"));
    }

    @Test
    void contentResultKeepsEveryItemInOrder() {
        ToolResult<Void> result = ToolResult.ofContent(
                List.of(Content.text("Chart:"), new Content.Image("iVBO", "image/png"), Content.text("done")));

        assertThat(result.content()).hasSize(3).element(1).isEqualTo(new Content.Image("iVBO", "image/png"));
        assertThat(result.structured()).isNull();
    }

    @Test
    void textIsTheTextItemsJoined() {
        ToolResult<Void> result = ToolResult.ofContent(
                List.of(Content.text("one"), new Content.Audio("UklG", "audio/wav"), Content.text("two")));

        assertThat(result.text()).isEqualTo("one\ntwo");
    }

    @Test
    void aResultWithoutContentIsRefused() {
        assertThatThrownBy(() -> ToolResult.ofContent(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
