package org.asyncdesk.channel.webchat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.asyncdesk.conversation.ConversationService;
import org.asyncdesk.support.HttpFrom;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The anonymous web chat under a flood (issue 10), over real HTTP from several loopback
 * addresses, with small limits (abuse-limits.properties): 3 new conversations per
 * address, 5 messages per address, 20 new conversations in all, 2 open conversations per
 * e-mail address. Every test uses addresses of its own; the global limit runs last.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@TestPropertySource(locations = "classpath:abuse-limits.properties")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebchatFloodTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ObjectMapper json;

    @Autowired
    ConversationService conversations;

    private HttpFrom.Response open(String from, String email) throws Exception {
        return new HttpFrom(from, port).postJson("/api/webchat/conversations", Map.of(),
                json.writeValueAsString(Map.of("name", "Flo Od", "email", email, "text", "Where is my order?")));
    }

    private int conversationsOf(String emailPattern) {
        // the address given in the chat, a claim until confirmed
        return jdbc.sql("select count(*) from conversation where claimed_channel = 'email' and claimed_address like ?")
            .param(emailPattern)
            .query(Integer.class)
            .single();
    }

    private JsonNode body(HttpFrom.Response r) throws Exception {
        return json.readTree(r.body());
    }

    private void assertRateLimited(HttpFrom.Response r) throws Exception {
        assertThat(r.status()).isEqualTo(429);
        assertThat(Long.parseLong(r.header("Retry-After"))).isPositive();
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        assertThat(body(r).get("type").asText()).endsWith("/rate-limited");
    }

    @Test
    void aFloodFromOneAddressIsRefusedAfterTheLimitAndCreatesNothingMore() throws Exception {
        List<Integer> statuses = new ArrayList<>();
        HttpFrom.Response last = null;
        for (int i = 0; i < 12; i++) {
            last = open("127.0.0.2", "flood-" + i + "@example.com");
            statuses.add(last.status());
        }
        assertThat(statuses.subList(0, 3)).containsOnly(201);
        assertThat(statuses.subList(3, 12)).containsOnly(429);
        assertRateLimited(last);
        assertThat(body(last).get("detail").asText()).contains("your address");
        assertThat(conversationsOf("flood-%@example.com")).isEqualTo(3);
        assertThat(jdbc.sql("select count(*) from inbox where sender_address like 'flood-%@example.com'")
            .query(Integer.class)
            .single()).isEqualTo(3);

        // another client is not affected
        assertThat(open("127.0.0.3", "flood-other@example.com").status()).isEqualTo(201);
    }

    @Test
    void messagesFromOneAddressAreLimitedToo() throws Exception {
        JsonNode opened = body(open("127.0.0.4", "chatty@example.com"));
        String path = "/api/webchat/conversations/" + opened.get("conversationId").asText() + "/messages";
        var bearer = Map.of("Authorization", "Bearer " + opened.get("token").asText());
        HttpFrom client = new HttpFrom("127.0.0.4", port);
        List<Integer> statuses = new ArrayList<>();
        HttpFrom.Response last = null;
        for (int i = 0; i < 8; i++) {
            last = client.postJson(path, bearer, "{\"text\": \"and another thing " + i + "\"}");
            statuses.add(last.status());
        }
        assertThat(statuses).containsExactly(201, 201, 201, 201, 201, 429, 429, 429);
        assertRateLimited(last);
        assertThat(jdbc.sql("select count(*) from message where direction = 'IN' and conversation_id = ?")
            .param(opened.get("conversationId").asText())
            .query(Integer.class)
            .single()).isEqualTo(1 + 5);
    }

    @Test
    void oneEmailAddressHasAtMostTwoOpenConversations() throws Exception {
        HttpFrom.Response first = open("127.0.0.5", "Capped@Example.com");
        assertThat(first.status()).isEqualTo(201);
        assertThat(open("127.0.0.6", "capped@example.com").status()).isEqualTo(201);

        HttpFrom.Response third = open("127.0.0.7", "capped@example.com");
        assertThat(third.status()).isEqualTo(409);
        assertThat(third.header("Content-Type")).startsWith("application/problem+json");
        assertThat(body(third).get("type").asText()).endsWith("/too-many-open-conversations");
        assertThat(body(third).get("detail").asText()).contains("2 open conversations");
        assertThat(conversationsOf("capped@example.com")).isEqualTo(2);

        // once one is resolved, the customer may open another
        conversations.resolve(body(first).get("conversationId").asText(), "anna");
        assertThat(open("127.0.0.7", "capped@example.com").status()).isEqualTo(201);
    }

    @Test
    void unknownFieldsAndOverlongTextsAreRefusedNamingTheField() throws Exception {
        HttpFrom client = new HttpFrom("127.0.0.8", port);
        HttpFrom.Response unknown = client.postJson("/api/webchat/conversations", Map.of(), json.writeValueAsString(
                Map.of("name", "Una", "email", "una@example.com", "text", "hi", "padding", "x".repeat(1000))));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(body(unknown).get("field").asText()).isEqualTo("padding");
        assertThat(body(unknown).get("detail").asText()).contains("unknown field 'padding'");

        HttpFrom.Response overlong = client.postJson("/api/webchat/conversations", Map.of(),
                json.writeValueAsString(Map.of("name", "Una", "email", "una@example.com", "text", "x".repeat(4001))));
        assertThat(overlong.status()).isEqualTo(400);
        assertThat(body(overlong).get("field").asText()).isEqualTo("text");
        assertThat(conversationsOf("una@example.com")).isZero();

        JsonNode opened = body(open("127.0.0.8", "una@example.com"));
        HttpFrom.Response unknownInMessage = client.postJson(
                "/api/webchat/conversations/" + opened.get("conversationId").asText() + "/messages",
                Map.of("Authorization", "Bearer " + opened.get("token").asText()),
                "{\"text\": \"hi\", \"html\": \"<b>\"}");
        assertThat(unknownInMessage.status()).isEqualTo(400);
        assertThat(body(unknownInMessage).get("field").asText()).isEqualTo("html");
    }

    @Test
    void withTheChallengeOffThePageIsToldSoAndNoSolutionIsNeeded() throws Exception {
        HttpFrom.Response challenge = new HttpFrom("127.0.0.9", port).get("/api/webchat/challenge", Map.of());
        assertThat(challenge.status()).isEqualTo(200);
        assertThat(body(challenge).get("required").asBoolean()).isFalse();
        assertThat(open("127.0.0.9", "nochallenge@example.com").status()).isEqualTo(201);
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void allAddressesTogetherAreLimitedOnThisNode() throws Exception {
        // 20 per minute in all, some used by the tests before: a flood from ever new
        // addresses meets 429 within 21
        int created = 0;
        HttpFrom.Response refused = null;
        for (int i = 1; i <= 21 && refused == null; i++) {
            HttpFrom.Response r = open("127.0.1." + i, "global-" + i + "@example.com");
            if (r.status() == 201) {
                created++;
            }
            else {
                refused = r;
            }
        }
        assertThat(refused).as("a 429 within 21 new conversations").isNotNull();
        assertRateLimited(refused);
        assertThat(json.readTree(refused.body()).get("detail").asText()).contains("too many new conversations");
        assertThat(conversationsOf("global-%@example.com")).isEqualTo(created);
        // and it stays refused for a new address as well
        assertRateLimited(open("127.0.2.1", "global-late@example.com"));
    }

}
