package org.asyncdesk.knowledge;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.asyncdesk.web.ProblemException;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The knowledge base for agents and process owners (login as for {@code /api/customers}):
 * what a question would match ({@code GET /api/knowledge/match?text=…&language=…}) and
 * the articles serving now ({@code GET /api/knowledge/articles}); the page
 * {@code /knowledge} shows both.
 */
@RestController
@RequestMapping("/api/knowledge")
class KnowledgeController {

    /** Longer texts are not questions; they would only cost analysis time. */
    static final int MAX_TEXT = 4000;

    private final KnowledgeBase knowledge;

    KnowledgeController(KnowledgeBase knowledge) {
        this.knowledge = knowledge;
    }

    /**
     * {@code autoAnswer} is written as null rather than left out: "no automatic answer"
     * is part of the answer.
     */
    record MatchAnswer(String language, List<KnowledgeBase.Match> matches,
            @JsonInclude(JsonInclude.Include.ALWAYS) String autoAnswer) {
    }

    record ArticleView(String id, String language, String title, List<String> questions, List<String> tags,
            String body) {
    }

    @GetMapping("/match")
    MatchAnswer match(@RequestParam(required = false) String text, @RequestParam(required = false) String language) {
        if (text == null || text.isBlank()) {
            throw new InvalidQuestion("the parameter 'text' (the customer's question) is missing or blank");
        }
        if (text.length() > MAX_TEXT) {
            throw new InvalidQuestion("the parameter 'text' is longer than " + MAX_TEXT + " characters");
        }
        KnowledgeBase.Result result = knowledge.match(text, language);
        return new MatchAnswer(result.language(), result.matches(), result.autoAnswer());
    }

    static class InvalidQuestion extends ProblemException {

        InvalidQuestion(String detail) {
            super(HttpStatus.BAD_REQUEST, "invalid-question", "Invalid question", detail);
            with("field", "text");
        }

    }

    @GetMapping("/articles")
    Map<String, Object> articles() {
        return Map.of("folder", KnowledgeBase.FOLDER + "/", "articles",
                knowledge.articles()
                    .stream()
                    .map(a -> new ArticleView(a.id(), a.language(), a.title(), a.questions(), a.tags(), a.body()))
                    .toList());
    }

    /** Serves the page at {@code /knowledge}. */
    @Configuration
    static class Page implements WebMvcConfigurer {

        @Override
        public void addViewControllers(ViewControllerRegistry registry) {
            registry.addViewController("/knowledge").setViewName("forward:/knowledge/index.html");
            registry.addViewController("/knowledge/").setViewName("forward:/knowledge/index.html");
        }

    }

}
