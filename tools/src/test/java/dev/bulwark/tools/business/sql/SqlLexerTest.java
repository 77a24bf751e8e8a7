package dev.bulwark.tools.business.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The lexer's reading of strings and nesting, on its own. */
class SqlLexerTest {

    private static List<String> texts(String sql, boolean backslashEscapes) throws SqlLexer.LexException {
        return SqlLexer.tokens(sql, backslashEscapes).stream()
                .map(SqlLexer.Token::text)
                .toList();
    }

    @Test
    void readsAnEscapeStringWithAnEscapedQuoteAsOneLiteralWhereEscapesAreHonoured() throws Exception {
        assertThat(texts("SELECT E'it\\'s'", true)).containsExactly("select", SqlLexer.ESCAPE_STRING);
    }

    @Test
    void readsAnEscapeStringAsAStandardStringWhereEscapesAreNotHonoured() {
        // H2: E'it\' is a string, then s, then a quote that never closes
        assertThatThrownBy(() -> SqlLexer.tokens("SELECT E'it\\'s'", false))
                .isInstanceOf(SqlLexer.LexException.class)
                .hasMessageContaining("unterminated string");
    }

    @Test
    void aQuotedIdentifierEBeforeAStringIsKept() throws Exception {
        assertThat(texts("SELECT \"e\"'x'", true)).containsExactly("select", "e", SqlLexer.STRING);
    }

    @Test
    void aNameEndingInEBeforeAStringIsNoEscapePrefix() throws Exception {
        assertThat(texts("SELECT name'\\'", true)).containsExactly("select", "name", SqlLexer.STRING);
    }

    @Test
    void blanksEscapeStringsForTheParserAndNothingElse() throws Exception {
        String sql = "SELECT E'it\\'s', 'a\\', x";

        assertThat(SqlLexer.withEscapeStringsBlanked(sql, SqlLexer.tokens(sql, true)))
                .isEqualTo("SELECT '', 'a\\', x");
    }

    @Test
    void measuresNestingOutsideStringsAndComments() throws Exception {
        assertThat(SqlLexer.nestingDepth(SqlLexer.tokens("SELECT ((1), ('(((')) /* ((( */", true)))
                .isEqualTo(2);
    }
}
