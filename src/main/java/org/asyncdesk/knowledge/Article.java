package org.asyncdesk.knowledge;

import java.util.List;
import java.util.Map;

import org.asyncdesk.template.MessageTemplates;

/**
 * One knowledge article in one language, from {@code knowledge/<id>.<language>.md}.
 *
 * @param body the answer sent to the customer, Markdown with {@code {{placeholders}}} as
 * in the canned responses
 */
public record Article(String id, String language, String title, List<String> questions, List<String> tags,
        String body) {

    public Article {
        questions = List.copyOf(questions);
        tags = List.copyOf(tags);
    }

    /**
     * The answer with its placeholders ({@code {{firstName}}}, {@code {{orderNumber}}},
     * …) filled.
     */
    public String answer(Map<String, ?> values) {
        return MessageTemplates.fillText(body, values);
    }

    String file() {
        return id + "." + language + ".md";
    }
}
