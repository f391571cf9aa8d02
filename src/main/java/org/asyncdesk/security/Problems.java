package org.asyncdesk.security;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.ObjectMapper;

/** RFC 9457 problem details written by servlet filters, which run outside Spring MVC's exception handling. */
final class Problems {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Problems() {
    }

    static void write(HttpServletResponse response, int status, String title, String detail, String type)
            throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "https://asyncdesk.org/problems/" + type);
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.setCharacterEncoding("UTF-8");
        JSON.writeValue(response.getWriter(), body);
    }
}
