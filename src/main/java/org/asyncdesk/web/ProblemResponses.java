package org.asyncdesk.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/**
 * Problem details written by servlet filters, which answer before Spring MVC and its
 * {@link ApiProblems}: serialised with the application's {@link ObjectMapper}, as Spring
 * MVC does, so any title or detail is valid JSON.
 */
@Component
public class ProblemResponses {

    private final ObjectMapper json;

    public ProblemResponses(ObjectMapper json) {
        this.json = json;
    }

    public void write(HttpServletResponse response, ProblemException problem) throws IOException {
        problem.headers().forEach((name, values) -> values.forEach(v -> response.addHeader(name, v)));
        response.setStatus(problem.status().value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        json.writeValue(response.getWriter(), problem.problemDetail());
    }

}
