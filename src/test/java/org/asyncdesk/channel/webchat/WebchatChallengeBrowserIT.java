package org.asyncdesk.channel.webchat;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;

import org.asyncdesk.support.Browser;
import org.asyncdesk.support.HttpFrom;
import org.asyncdesk.support.PostgresTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * With the proof-of-work challenge on, a new conversation needs a solved, unused nonce
 * from {@code GET /api/webchat/challenge}; the chat page solves it in the browser
 * (crypto.subtle) without the customer noticing.
 */
@PostgresTest
@TestPropertySource(properties = { "asyncdesk.webchat.challenge.enabled=true", "asyncdesk.webchat.challenge.bits=12" })
class WebchatChallengeBrowserIT {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ObjectMapper json;

    private int conversationsOf(String email) {
        // the address given in the chat, a claim until confirmed
        return jdbc.sql("select count(*) from conversation where claimed_channel = 'email' and claimed_address = ?")
            .param(email)
            .query(Integer.class)
            .single();
    }

    @Test
    void theChatPageSolvesTheChallengeAndOpensTheConversation() {
        String question = "Do you ship to Norway?";
        try (Browser customer = new Browser("customer-challenge")) {
            customer.open("http://localhost:" + port + "/chat");
            customer.type(By.name("name"), "Pia Proof");
            customer.type(By.name("email"), "pia.proof@example.com");
            customer.type(By.cssSelector("#start textarea[name=text]"), question);
            customer.click(By.cssSelector("#start button[type=submit]"));
            customer.visible(By.id("conversation"));
            customer.until("the question in the transcript",
                    d -> d.findElement(By.id("messages")).getText().contains(question));
            customer.screenshot("challenge-solved");
        }
        assertThat(conversationsOf("pia.proof@example.com")).isEqualTo(1);
    }

    @Test
    void withoutAValidUnusedSolutionNoConversationIsOpened() throws Exception {
        HttpFrom client = new HttpFrom("127.0.0.1", port);
        String body = json.writeValueAsString(Map.of("name", "Bo Bot", "email", "bo.bot@example.com", "text", "spam"));

        HttpFrom.Response none = client.postJson("/api/webchat/conversations", Map.of(), body);
        assertThat(none.status()).isEqualTo(403);
        assertThat(json.readTree(none.body()).get("type").asText()).endsWith("/challenge-required");

        JsonNode challenge = json.readTree(client.get("/api/webchat/challenge", Map.of()).body());
        assertThat(challenge.get("required").asBoolean()).isTrue();
        String nonce = challenge.get("nonce").asText();
        int bits = challenge.get("bits").asInt();
        String solved = solve(nonce, bits);
        String unsolved = nonce + ":" + unsolvedAnswer(nonce, bits);
        String forged = nonce.substring(0, nonce.indexOf('.') + 1) + "AAAA" + solved.substring(solved.indexOf(':'));

        for (String wrong : new String[] { unsolved, forged, "garbage" }) {
            HttpFrom.Response r = client.postJson("/api/webchat/conversations", Map.of("X-Asyncdesk-Challenge", wrong),
                    body);
            assertThat(r.status()).as(wrong).isEqualTo(403);
        }
        assertThat(conversationsOf("bo.bot@example.com")).isZero();

        assertThat(
                client.postJson("/api/webchat/conversations", Map.of("X-Asyncdesk-Challenge", solved), body).status())
            .isEqualTo(201);
        HttpFrom.Response replay = client.postJson("/api/webchat/conversations",
                Map.of("X-Asyncdesk-Challenge", solved), body);
        assertThat(replay.status()).isEqualTo(403);
        assertThat(json.readTree(replay.body()).get("detail").asText()).contains("used already");
        assertThat(conversationsOf("bo.bot@example.com")).isEqualTo(1);
    }

    private static boolean solves(String answer, int bits) throws Exception {
        byte[] hash = MessageDigest.getInstance("SHA-256").digest(answer.getBytes(StandardCharsets.UTF_8));
        return new BigInteger(1, hash).bitLength() <= 256 - bits;
    }

    private static String solve(String nonce, int bits) throws Exception {
        for (long i = 0;; i++) {
            if (solves(nonce + ":" + i, bits)) {
                return nonce + ":" + i;
            }
        }
    }

    private static long unsolvedAnswer(String nonce, int bits) throws Exception {
        for (long i = 0;; i++) {
            if (!solves(nonce + ":" + i, bits)) {
                return i;
            }
        }
    }

}
