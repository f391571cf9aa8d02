package org.asyncdesk.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Built-in templates, overrides from the templates folder, English fallback, HTML
 * escaping.
 */
class MessageTemplatesTest {

    @TempDir
    Path folder;

    MessageTemplates templates() {
        return new MessageTemplates(new TemplateProperties(folder.toString()));
    }

    @Test
    void builtInTemplatesInEachLanguageWithEnglishFallback() {
        var t = templates();
        Map<String, String> values = Map.of("customerName", "Ana", "answerBy", "10:00");
        assertThat(t.text("acknowledgement", "en", values)).startsWith("Hello Ana,").contains("by 10:00");
        assertThat(t.text("acknowledgement", "de", values)).startsWith("Hallo Ana,").contains("bis 10:00");
        assertThat(t.text("acknowledgement", "bg", values)).startsWith("Здравейте, Ana,").contains("до 10:00");
        assertThat(t.text("acknowledgement", "fr", values)).startsWith("Hello Ana,");
        assertThat(t.text("acknowledgement", "de-AT", values)).startsWith("Hallo Ana,");
        assertThat(t.text("acknowledgement", null, values)).startsWith("Hello Ana,");
        assertThat(t.languageOf("acknowledgement", "fr", "txt")).isEqualTo("en");
    }

    @Test
    void aFileInTheTemplatesFolderOverridesTheBuiltInOneFromTheNextUseOn() throws Exception {
        var t = templates();
        Files.writeString(folder.resolve("acknowledgement.de.txt"),
                "Servus {{customerName}}, Antwort bis {{answerBy}}.");
        assertThat(t.text("acknowledgement", "de", Map.of("customerName", "Sepp", "answerBy", "Montag")))
            .isEqualTo("Servus Sepp, Antwort bis Montag.");
        assertThat(t.text("acknowledgement", "en", Map.of("customerName", "Sepp", "answerBy", "Monday")))
            .startsWith("Hello Sepp,");
    }

    @Test
    void htmlTemplatesEscapeValuesAndUnknownPlaceholdersAreEmpty() {
        var t = templates();
        String html = t.html("sla-alert", "en",
                Map.of("headline", "SLA breached", "lastMessage", "<script>x</script> & co"));
        assertThat(html).contains("&lt;script&gt;x&lt;/script&gt; &amp; co").doesNotContain("<script>");
        assertThat(html).doesNotContain("{{");
    }

    @Test
    void aMissingTemplateOrABadNameIsAClearError() {
        var t = templates();
        assertThatThrownBy(() -> t.text("no-such-template", "en", Map.of()))
            .hasMessageContaining("no-such-template.en.txt is missing");
        assertThatThrownBy(() -> t.text("../etc/passwd", "en", Map.of())).hasMessageContaining("bad template name");
    }

}
