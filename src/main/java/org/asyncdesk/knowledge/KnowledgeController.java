package org.asyncdesk.knowledge;

import java.util.List;
import java.util.Map;

import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The knowledge base for agents and process owners (login as for {@code /api/customers}): what a question would
 * match ({@code GET /api/knowledge/match?text=…&language=…}) and the articles serving now
 * ({@code GET /api/knowledge/articles}); the page {@code /knowledge} shows both.
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

    /** {@code autoAnswer} is written as null rather than left out: "no automatic answer" is part of the answer. */
    record MatchAnswer(String language, List<KnowledgeBase.Match> matches,
                       @JsonInclude(JsonInclude.Include.ALWAYS) String autoAnswer) {
    }

    record ArticleView(String id, String language, String title, List<String> questions, List<String> tags,
                       String body) {
    }

    @GetMapping("/match")
    ResponseEntity<?> match(@RequestParam(required = false) String text,
                            @RequestParam(required = false) String language) {
        if (text == null || text.isBlank()) {
            return ResponseEntity.of(ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                    "the parameter 'text' (the customer's question) is missing or blank")).build();
        }
        if (text.length() > MAX_TEXT) {
            return ResponseEntity.of(ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                    "the parameter 'text' is longer than " + MAX_TEXT + " characters")).build();
        }
        KnowledgeBase.Result result = knowledge.match(text, language);
        return ResponseEntity.ok(new MatchAnswer(result.language(), result.matches(), result.autoAnswer()));
    }

    @GetMapping("/articles")
    Map<String, Object> articles() {
        return Map.of("folder", KnowledgeBase.FOLDER + "/", "articles", knowledge.articles().stream()
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
