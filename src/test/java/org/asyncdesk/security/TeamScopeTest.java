package org.asyncdesk.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.asyncdesk.channel.ChannelFixture;
import org.asyncdesk.inbox.InboxDispatcher;
import org.asyncdesk.support.BehindHttpsProxyTest;
import org.asyncdesk.support.Conversations;
import org.camunda.bpm.engine.TaskService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Outside Tasklist too, an agent sees only their teams' conversations: the sandbox's sent
 * messages, customer profiles, merges. Two WhatsApp customers, simulated on the sandbox:
 * a German one (routed to agents-de) and an English one (agents).
 */
@BehindHttpsProxyTest
class TeamScopeTest {

    @LocalServerPort
    int port;

    @Autowired
    ObjectMapper json;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    InboxDispatcher dispatcher;

    @Autowired
    Conversations steps;

    @Autowired
    TaskService tasks;

    private final HttpClient http = HttpClient.newHttpClient();

    private String germanPhone;

    private String englishPhone;

    @BeforeEach
    void twoCustomersWrite() throws Exception {
        germanPhone = ChannelFixture.phone();
        englishPhone = ChannelFixture.phone();
        simulate(germanPhone, "Klara Kunde",
                "Guten Tag, wo bleibt meine Bestellung? Ich warte schon seit einer Woche.");
        simulate(englishPhone, "Eve Customer", "Hello, do you ship to Sofia? I would like to order a gift.");
    }

    private void simulate(String phone, String name, String text) throws Exception {
        var r = post("/api/sandbox/inbound",
                json.writeValueAsString(Map.of("channel", "whatsapp", "from", phone, "name", name, "text", text)),
                "ben");
        assertThat(r.statusCode()).isEqualTo(202);
        dispatcher.dispatchAll();
        steps.executeJobs();
    }

    private String conversationOf(String phone) {
        return jdbc.sql("""
                select c.id from conversation c join customer_identity i on i.customer_id = c.customer_id
                where i.channel = 'whatsapp' and i.address = :a""").param("a", phone).query(String.class).single();
    }

    private String customerOf(String phone) {
        return jdbc.sql("select customer_id from customer_identity where channel = 'whatsapp' and address = :a")
            .param("a", phone)
            .query(String.class)
            .single();
    }

    @Test
    void theSandboxShowsAnAgentOnlyTheMessagesOfTheirTeamsConversations() throws Exception {
        String german = conversationOf(germanPhone);
        String english = conversationOf(englishPhone);
        assertThat(tasks.createTaskQuery().processInstanceBusinessKey(german).taskCandidateGroup("agents-de").count())
            .as("routed to the German team")
            .isEqualTo(1);

        assertThat(sentIn("anna")).contains(english).doesNotContain(german);
        assertThat(sandbox("anna")).doesNotContain(germanPhone);
        assertThat(sentIn("greta")).contains(german).doesNotContain(english);
        assertThat(sentIn("ben")).contains(german, english);
        assertThat(sentIn("maria")).as("escalation managers oversee every team").contains(german, english);
        assertThat(sentIn("admin")).contains(german, english);
    }

    @Test
    void anAgentReadsAndMergesOnlyCustomersOfTheirTeams() throws Exception {
        String german = customerOf(germanPhone);
        String english = customerOf(englishPhone);

        assertThat(get("/api/customers/" + german, "anna").statusCode()).isEqualTo(404);
        var forGreta = get("/api/customers/" + german, "greta");
        assertThat(forGreta.statusCode()).isEqualTo(200);
        assertThat(forGreta.body()).contains(germanPhone);
        assertThat(get("/api/customers/" + english, "greta").statusCode()).isEqualTo(404);
        assertThat(get("/api/customers/" + german, "maria").statusCode()).isEqualTo(200);

        String merge = "{\"from\":\"" + german + "\",\"into\":\"" + english + "\"}";
        var byAnna = post("/api/customers/merge", merge, "anna");
        assertThat(byAnna.statusCode()).isEqualTo(404);
        assertThat(byAnna.headers().firstValue("Content-Type"))
            .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(post("/api/customers/merge", merge, "greta").statusCode()).isEqualTo(404);
        assertThat(customerOf(germanPhone)).as("nothing merged").isEqualTo(german);

        var byBen = post("/api/customers/merge", merge, "ben");
        assertThat(byBen.statusCode()).as("ben works in both teams").isEqualTo(200);
        assertThat(customerOf(germanPhone)).isEqualTo(english);
    }

    @Test
    void escalationManagersMergeAnyTwoCustomers() throws Exception {
        String merge = "{\"from\":\"" + customerOf(germanPhone) + "\",\"into\":\"" + customerOf(englishPhone) + "\"}";
        assertThat(post("/api/customers/merge", merge, "maria").statusCode()).isEqualTo(200);
    }

    private List<String> sentIn(String user) throws Exception {
        return json.readTree(sandbox(user)).path("outbound").findValuesAsText("conversationId");
    }

    private String sandbox(String user) throws Exception {
        var r = get("/api/sandbox", user);
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    private HttpResponse<String> get(String path, String user) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .header("Authorization", PublicEdgeTest.basic(user).get("Authorization"))
            .build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body, String user) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .header("Authorization", PublicEdgeTest.basic(user).get("Authorization"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(), HttpResponse.BodyHandlers.ofString());
    }

}
