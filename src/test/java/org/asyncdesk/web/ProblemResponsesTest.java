package org.asyncdesk.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * Problem details written by servlet filters are serialised, not concatenated: any title
 * or detail stays valid JSON.
 */
class ProblemResponsesTest {

    // built as Spring Boot builds the application's mapper (with Spring's ProblemDetail
    // mix-in)
    private final ObjectMapper json = Jackson2ObjectMapperBuilder.json().build();

    private final ProblemResponses problems = new ProblemResponses(json);

    @Test
    void aTitleAndDetailWithQuotesBackslashesAndNewlinesAreValidJson() throws Exception {
        String title = "Not \"allowed\"\nhere \\ at all";
        String detail = "group \"a\\b\"\r\n\tnext line </script> \u2028 and \u0001";
        var response = new MockHttpServletResponse();

        problems.write(response, new ProblemException(HttpStatus.FORBIDDEN, "forbidden", title, detail));

        assertThat(response.getStatus()).isEqualTo(403);
        assertThat(response.getContentType()).isEqualTo("application/problem+json;charset=UTF-8");
        JsonNode problem = json.readTree(response.getContentAsString());
        assertThat(problem.path("type").asText()).isEqualTo("https://asyncdesk.org/problems/forbidden");
        assertThat(problem.path("title").asText()).isEqualTo(title);
        assertThat(problem.path("status").asInt()).isEqualTo(403);
        assertThat(problem.path("detail").asText()).isEqualTo(detail);
        assertThat(problem.has("instance")).isFalse();
        assertThat(response.getContentAsString()).doesNotContain("\n");
    }

    @Test
    void membersAndHeadersOfTheProblemAreWrittenToo() throws Exception {
        var response = new MockHttpServletResponse();

        problems.write(response,
                new RateLimited("too many \"new\" conversations", Duration.ofMillis(1500)).with("field", "e\"mail"));

        assertThat(response.getStatus()).isEqualTo(429);
        assertThat(response.getHeader("Retry-After")).isEqualTo("2");
        JsonNode problem = json.readTree(response.getContentAsString());
        assertThat(List.of(problem.fieldNames().next(), problem.path("title").asText(), problem.path("field").asText()))
            .containsExactly("type", "Too many requests", "e\"mail");
        assertThat(problem.path("detail").asText()).isEqualTo("too many \"new\" conversations");
    }

}
