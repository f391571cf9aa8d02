package org.asyncdesk.knowledge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Reading {@code knowledge/<id>.<lang>.md}: a good file, and the problems a process owner
 * is told about.
 */
class ArticleFilesTest {

    private static final String GOOD = """
            ---
            title: Where is my order?
            questions:
              - Where is my parcel?
              - "When will it arrive?"
            tags: [delivery, tracking]
            ---

            Hello {{firstName}},

            your order {{orderNumber}} is on its way.
            """;

    @Test
    void aGoodFileIsAnArticle() throws Exception {
        Article a = ArticleFiles.parse("delivery.en.md", GOOD);
        assertThat(a.id()).isEqualTo("delivery");
        assertThat(a.language()).isEqualTo("en");
        assertThat(a.title()).isEqualTo("Where is my order?");
        assertThat(a.questions()).containsExactly("Where is my parcel?", "When will it arrive?");
        assertThat(a.tags()).containsExactly("delivery", "tracking");
        assertThat(a.body()).isEqualTo("Hello {{firstName}},\n\nyour order {{orderNumber}} is on its way.");
        assertThat(a.answer(Map.of("firstName", "Jo", "orderNumber", "42")))
            .isEqualTo("Hello Jo,\n\nyour order 42 is on its way.");
    }

    @Test
    void questionsAndTagsAreOptionalAndWindowsLineEndsAreFine() throws Exception {
        Article a = ArticleFiles.parse("vouchers.de.md",
                "---\r\ntitle: Gutscheine\r\n---\r\nSo lösen Sie ihn ein.\r\n");
        assertThat(a.questions()).isEmpty();
        assertThat(a.tags()).isEmpty();
        assertThat(a.body()).isEqualTo("So lösen Sie ihn ein.");
    }

    @Test
    void brokenFrontMatterIsRefusedWithWhereAndWhat() {
        String broken = GOOD.replace("  - \"When will it arrive?\"", "  - \"When will it arrive?\n  : oops");
        assertThatThrownBy(() -> ArticleFiles.parse("delivery.en.md", broken)).isInstanceOf(ArticleFiles.Broken.class)
            .hasMessageStartingWith("invalid YAML in the front matter at line ")
            .hasMessageNotContaining("Where is my parcel");
        assertThatThrownBy(() -> ArticleFiles.parse("delivery.en.md", "title: no front matter\n\nHello"))
            .hasMessageContaining("must start with front matter");
        assertThatThrownBy(() -> ArticleFiles.parse("delivery.en.md", "---\ntitle: never closed\nHello"))
            .hasMessageContaining("must start with front matter");
        assertThatThrownBy(() -> ArticleFiles.parse("delivery.en.md", "---\nquestions: [a]\n---\nHello"))
            .hasMessage("the front matter needs a title");
        assertThatThrownBy(() -> ArticleFiles.parse("delivery.en.md", "---\ntitle: T\nquestions: one\n---\nHello"))
            .hasMessageContaining("'questions' must be a list");
        assertThatThrownBy(() -> ArticleFiles.parse("delivery.en.md", "---\ntitle: T\nanswer: x\n---\nHello"))
            .hasMessageContaining("unknown front matter key 'answer'");
        assertThatThrownBy(() -> ArticleFiles.parse("delivery.en.md", "---\ntitle: T\n---\n\n"))
            .hasMessageContaining("the answer")
            .hasMessageContaining("is empty");
        assertThatThrownBy(() -> ArticleFiles.parse("delivery.en.md", "---\n- just\n- a list\n---\nHello"))
            .hasMessageContaining("must be YAML keys");
    }

    @Test
    void anUnknownLanguageOrABadNameIsRefused() {
        assertThatThrownBy(() -> ArticleFiles.parse("delivery.fr.md", GOOD))
            .hasMessage("unknown language 'fr' in the file name (one of en, de, bg)");
        assertThatThrownBy(() -> ArticleFiles.parse("delivery.EN.md", GOOD))
            .hasMessageContaining("unknown language 'EN'");
        assertThatThrownBy(() -> ArticleFiles.parse("delivery.md", GOOD))
            .hasMessageContaining("<article-id>.<language>.md");
        assertThatThrownBy(() -> ArticleFiles.parse("Delivery Times.en.md", GOOD)).hasMessageContaining("<article-id>");
    }

}
