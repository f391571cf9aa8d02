package org.asyncdesk.channel.webchat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.asyncdesk.support.ProcessTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * Messages a customer sends at the same moment (two tabs, a double click) each come back
 * as themselves.
 */
@ProcessTest
@AutoConfigureMockMvc
class WebchatConcurrentPostsTest {

    static final int TOGETHER = 4;

    @Autowired
    MockMvc mvc;

    @Autowired
    ObjectMapper json;

    @Autowired
    JdbcClient jdbc;

    String conversation;

    @AfterEach
    void tearDown() {
        // the in-memory database outlives this context: its undispatched messages are not
        // for other tests' inboxes
        jdbc.sql("delete from inbox where conversation_id = :c").param("c", conversation).update();
    }

    @Test
    void messagesPostedTogetherEachGetTheMessageTheyStoredBack() throws Exception {
        JsonNode opened = call(post("/api/webchat/conversations"),
                Map.of("name", "Paula Parallel", "email", "paula.parallel@example.com", "text", "Hello"), null, 201);
        String id = opened.get("conversationId").asText();
        conversation = id;
        String token = opened.get("token").asText();
        ExecutorService pool = Executors.newFixedThreadPool(TOGETHER);
        try {
            for (int round = 0; round < 25; round++) {
                CyclicBarrier together = new CyclicBarrier(TOGETHER);
                List<String> texts = new ArrayList<>();
                List<Future<JsonNode>> posts = new ArrayList<>();
                for (int i = 0; i < TOGETHER; i++) {
                    String text = "round " + round + ", line " + i;
                    texts.add(text);
                    posts.add(pool.submit(() -> {
                        together.await();
                        return call(post("/api/webchat/conversations/" + id + "/messages"), Map.of("text", text), token,
                                201);
                    }));
                }
                List<JsonNode> answers = new ArrayList<>();
                for (Future<JsonNode> p : posts) {
                    answers.add(p.get(30, TimeUnit.SECONDS));
                }
                JsonNode transcript = call(get("/api/webchat/conversations/" + id + "/messages"), null, token, 200)
                    .get("messages");
                for (int i = 0; i < TOGETHER; i++) {
                    JsonNode answer = answers.get(i);
                    // the page shows the answer under what the customer typed, and
                    // matches it to the transcript by id
                    assertThat(answer.get("text").asText()).isEqualTo(texts.get(i));
                    List<String> sameId = new ArrayList<>();
                    for (JsonNode m : transcript) {
                        if (m.get("id").asLong() == answer.get("id").asLong()) {
                            sameId.add(m.get("text").asText());
                        }
                    }
                    assertThat(sameId).containsExactly(texts.get(i));
                }
            }
        }
        finally {
            pool.shutdownNow();
        }
    }

    private JsonNode call(MockHttpServletRequestBuilder request, Object body, String token, int status)
            throws Exception {
        if (body != null) {
            request.contentType(MediaType.APPLICATION_JSON).content(json.writeValueAsString(body));
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        MvcResult r = mvc.perform(request).andReturn();
        assertThat(r.getResponse().getStatus()).as(r.getResponse().getContentAsString()).isEqualTo(status);
        return json.readTree(r.getResponse().getContentAsString());
    }

}
