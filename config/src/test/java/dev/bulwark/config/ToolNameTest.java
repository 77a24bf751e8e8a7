package dev.bulwark.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ToolNameTest {

    @Test
    void lettersDigitsUnderscoreDashAndDotUpTo128AreAToolName() {
        assertThat(ToolName.isValid("get_pet-v2.1")).isTrue();
        assertThat(ToolName.isValid("a".repeat(128))).isTrue();
    }

    @Test
    void anEmptyNameALongerOneOtherCharactersAndNullAreNot() {
        assertThat(ToolName.isValid("")).isFalse();
        assertThat(ToolName.isValid("a".repeat(129))).isFalse();
        assertThat(ToolName.isValid("get pet")).isFalse();
        assertThat(ToolName.isValid("get/pet")).isFalse();
        assertThat(ToolName.isValid("caf\u00e9")).isFalse();
        assertThat(ToolName.isValid(null)).isFalse();
    }

    @Test
    void aNarrowerLimitRefusesLongerNamesAndKeepsTheCharacters() {
        assertThat(ToolName.isValid("a".repeat(64), 64)).isTrue();
        assertThat(ToolName.isValid("a".repeat(65), 64)).isFalse();
        assertThat(ToolName.isValid("a b", 64)).isFalse();
        assertThatThrownBy(() -> ToolName.isValid("a", 129)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theRuleInWordsNamesTheLimit() {
        assertThat(ToolName.rule()).isEqualTo("1 to 128 letters, digits, '_', '.' or '-'");
        assertThat(ToolName.rule(64)).isEqualTo("1 to 64 letters, digits, '_', '.' or '-'");
    }
}
