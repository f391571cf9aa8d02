package org.asyncdesk.knowledge;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param autoAnswerThreshold the score (0..1) the best article needs for the assistant to
 * answer with it
 * @param autoAnswerMargin how far the best article must be ahead of the second: two close
 * candidates mean the question is ambiguous, and a person should answer
 * @param maxMatches how many ranked matches {@code match} returns
 */
@ConfigurationProperties("asyncdesk.knowledge")
public record KnowledgeProperties(@DefaultValue("0.6") double autoAnswerThreshold,
        @DefaultValue("0.15") double autoAnswerMargin, @DefaultValue("5") int maxMatches) {

    public KnowledgeProperties {
        if (autoAnswerThreshold < 0 || autoAnswerThreshold > 1) {
            throw new IllegalArgumentException("asyncdesk.knowledge.auto-answer-threshold must be between 0 and 1");
        }
        if (autoAnswerMargin < 0 || autoAnswerMargin > 1) {
            throw new IllegalArgumentException("asyncdesk.knowledge.auto-answer-margin must be between 0 and 1");
        }
        if (maxMatches < 1) {
            throw new IllegalArgumentException("asyncdesk.knowledge.max-matches must be at least 1");
        }
    }

    public static KnowledgeProperties defaults() {
        return new KnowledgeProperties(0.6, 0.15, 5);
    }
}
