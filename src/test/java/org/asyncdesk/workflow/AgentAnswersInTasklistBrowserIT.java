package org.asyncdesk.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.asyncdesk.support.Browser;
import org.asyncdesk.support.CamundaForms;
import org.asyncdesk.support.PostgresTest;
import org.asyncdesk.support.Tasklist;
import org.camunda.bpm.engine.TaskService;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The daily work in a real browser: a customer writes on the chat page, agent anna
 * answers from Tasklist, the customer reads the answer. Screenshots of every step:
 * {@code target/screenshots/}.
 */
@PostgresTest
class AgentAnswersInTasklistBrowserIT {

    @LocalServerPort
    int port;

    @Autowired
    TaskService tasks;

    @Test
    void aCustomerAsksOnTheChatPageAndAnAgentAnswersFromTasklist() {
        String question = "Hi, where is my order 5521? It was due yesterday.";
        String answer = "Hello Bea, order 5521 left our warehouse today and arrives tomorrow.";
        try (Browser customer = new Browser("customer"); Browser agent = new Browser("anna")) {
            // 1. the customer writes on the chat page
            customer.open(base() + "/chat");
            customer.type(By.name("name"), "Bea Browser");
            customer.type(By.name("email"), "bea.browser@example.com");
            customer.type(By.cssSelector("#start textarea[name=text]"), question);
            customer.screenshot("chat-filled");
            customer.click(By.cssSelector("#start button[type=submit]"));
            customer.visible(By.id("conversation"));
            customer.until("the question in the transcript",
                    d -> d.findElement(By.id("messages")).getText().contains(question));
            // the address is only claimed until its owner uses the link we e-mailed there
            customer.until("the confirmation notice",
                    d -> d.findElement(By.id("identity"))
                        .getText()
                        .contains("We e-mailed a link to bea.browser@example.com"));
            customer.screenshot("chat-sent");
            await().atMost(Duration.ofSeconds(30))
                .until(() -> tasks.createTaskQuery().taskNameLike("%Bea Browser%").count() == 1);

            // 2. anna answers in Tasklist
            Tasklist tasklist = new Tasklist(agent, base(), CamundaForms.in(Path.of("forms")));
            tasklist.login("anna", "demo");
            agent.screenshot("logged-in");
            assertNoVendorBanner(agent, "Tasklist");
            tasklist.openFilter(TasklistFilters.MY_TEAM);
            agent.until("list sorted by due date", d -> d.getCurrentUrl().contains("sorting="));
            assertThat(tasklist.sortOrder()).as("Tasklist's sort menu").startsWith("Due date");
            tasklist.openTask("Bea Browser");
            agent.screenshot("task-opened");
            tasklist.claim();
            String form = tasklist.formText();
            agent.screenshot("claimed");
            assertThat(form).as("customer panel")
                .contains("Bea Browser")
                .contains("bea.browser@example.com (unverified)");
            assertThat(form).as("identity warning").contains("Unverified identity").contains("claims");
            assertThat(form).as("transcript").contains(question);
            assertThat(form).as("SLA panel").contains("SLA on track").contains("answer due");
            assertThat(form).as("orders panel").contains("Recent orders").contains("unavailable");
            // a canned response lands in the reply box, filled with the customer's first
            // name; anna edits it
            tasklist.choose("outcome", "reply");
            tasklist.chooseOption("cannedResponse", 0);
            agent.until("canned text in the reply box", d -> tasklist.value("replyText").startsWith("Hello Bea,"));
            tasklist.append("replyText", "\nP.S. " + answer);
            agent.screenshot("reply-written");
            String sent = tasklist.value("replyText");
            assertThat(sent).contains("Hello Bea,").contains("P.S. " + answer);
            tasklist.complete();
            agent.screenshot("completed");

            // 3. the customer's page shows the reply
            customer.until("the reply on the chat page", Duration.ofSeconds(60),
                    d -> d.findElement(By.id("messages")).getText().contains(answer));
            customer.screenshot("reply-received");
            var agentMessages = customer.driver().findElements(By.cssSelector("#messages li.agent"));
            assertThat(agentMessages.get(0).getText()).as("the acknowledgement").contains("will answer by");
            assertThat(agentMessages.get(agentMessages.size() - 1).getText()).contains("anna")
                .contains("Hello Bea,")
                .contains(answer);

            // 4. the customer writes again; anna hands over to ben with a note, ben sees
            // it and the whole history
            String followUp = "Thanks! Could somebody also check my invoice address?";
            customer.type(By.cssSelector("#reply textarea"), followUp);
            customer.click(By.cssSelector("#reply button[type=submit]"));
            customer.until("the follow-up in the transcript",
                    d -> d.findElement(By.id("messages")).getText().contains(followUp));
            await().atMost(Duration.ofSeconds(30))
                .until(() -> tasks.createTaskQuery()
                    .taskNameLike("%Bea Browser%")
                    .taskDefinitionKey("RespondToCustomer")
                    .count() == 1);
            String note = "Invoice questions are Ben's; customer is a reseller.";
            agent.open(base() + "/camunda/app/tasklist/default/");
            tasklist.openFilter(TasklistFilters.MY_TEAM);
            tasklist.openTask("Bea Browser");
            tasklist.claim();
            tasklist.choose("outcome", "handover");
            tasklist.fill("handoverUser", "ben");
            tasklist.fill("handoverNote", note);
            agent.screenshot("handover-written");
            tasklist.complete();

            await().atMost(Duration.ofSeconds(30))
                .until(() -> tasks.createTaskQuery().taskAssignee("ben").taskNameLike("%Bea Browser%").count() == 1);
            tasklist.login("ben", "demo");
            tasklist.openFilter(TasklistFilters.MY_CONVERSATIONS);
            tasklist.openTask("Bea Browser");
            agent.until("ben's form with the handover note", d -> tasklist.formText().contains(note));
            String bensForm = tasklist.formText();
            agent.screenshot("ben-sees-handover");
            assertThat(bensForm).as("ben's transcript")
                .contains(question)
                .contains(answer)
                .contains(followUp)
                .contains("Handover to ben")
                .contains("Handed over by anna to ben");
        }
    }

    /**
     * The outcomes the first test leaves out, as Tasklist submits them (every field the
     * form shows; the completion allowlist must accept exactly that): call-back, the
     * call's result, resolve.
     */
    @Test
    void anAgentPlansACallBackReportsTheCallAndResolvesFromTasklist() throws Exception {
        var opened = HttpClient.newHttpClient()
            .send(HttpRequest.newBuilder(URI.create(base() + "/api/webchat/conversations"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Cleo Callback\","
                        + "\"email\":\"cleo.callback@example.com\",\"text\":\"Please call me about my order.\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
        String conversationId = new ObjectMapper().readTree(opened.body()).get("conversationId").asText();
        await().atMost(Duration.ofSeconds(30))
            .until(() -> tasks.createTaskQuery().taskNameLike("%Cleo Callback%").count() == 1);
        try (Browser agent = new Browser("anna-callback")) {
            Tasklist tasklist = new Tasklist(agent, base(), CamundaForms.in(Path.of("forms")));
            tasklist.login("anna", "demo");
            tasklist.openFilter(TasklistFilters.MY_TEAM);
            tasklist.openTask("Cleo Callback");
            tasklist.claim();
            tasklist.choose("outcome", "callback");
            tasklist.fill("internalNote", "Wants to hear about the delivery date by phone");
            agent.screenshot("callback-planned");
            tasklist.complete();

            await().atMost(Duration.ofSeconds(30))
                .until(() -> tasks.createTaskQuery()
                    .taskNameLike("%Cleo Callback%")
                    .taskDefinitionKey("CallBack")
                    .count() == 1);
            agent.open(base() + "/camunda/app/tasklist/default/");
            tasklist.openFilter(TasklistFilters.CALL_BACKS);
            tasklist.openTask("Cleo Callback");
            tasklist.claim();
            tasklist.fill("callNotes", "Called: delivery on Friday, she wants it in writing too");
            tasklist.choose("callOutcome", "follow-up");
            agent.screenshot("call-reported");
            tasklist.complete();

            await().atMost(Duration.ofSeconds(30))
                .until(() -> tasks.createTaskQuery()
                    .taskNameLike("%Cleo Callback%")
                    .taskDefinitionKey("RespondToCustomer")
                    .count() == 1);
            agent.open(base() + "/camunda/app/tasklist/default/");
            tasklist.openFilter(TasklistFilters.MY_TEAM);
            tasklist.openTask("Cleo Callback");
            tasklist.claim();
            agent.until("the call notes in the transcript", d -> tasklist.formText().contains("delivery on Friday"));
            tasklist.choose("outcome", "resolve");
            agent.screenshot("resolving");
            tasklist.complete();
        }
        await().atMost(Duration.ofSeconds(30))
            .until(() -> tasks.createTaskQuery().processInstanceBusinessKey(conversationId).count() == 0);
    }

    /**
     * Camunda 7 CE shows every user a red "time to migrate to Camunda 8" banner; our
     * users never see it.
     */
    @Test
    void cockpitAdminAndWelcomeShowNoVendorBanner() {
        try (Browser admin = new Browser("admin")) {
            for (String app : new String[] { "cockpit", "admin", "welcome" }) {
                admin.driver().manage().deleteAllCookies();
                admin.open("about:blank");
                admin.open(base() + "/camunda/app/" + app + "/default/#/login");
                admin.type(By.cssSelector("form[name=signinForm] input[type=text]"), "admin");
                admin.type(By.cssSelector("form[name=signinForm] input[type=password]"), "demo");
                admin.click(By.cssSelector("form[name=signinForm] button[type=submit]"));
                admin.until(app + " logged in", d -> d.findElements(By.cssSelector("form[name=signinForm]")).isEmpty()
                        && !d.findElements(By.cssSelector("[cam-widget-header] .navbar-brand")).isEmpty());
                admin.screenshot(app);
                assertNoVendorBanner(admin, app);
            }
        }
    }

    private static void assertNoVendorBanner(Browser browser, String app) {
        // the banner sits in the same header template as the brand, so once the brand is
        // there the banner would be too
        browser.visible(By.cssSelector("[cam-widget-header] .navbar-brand"));
        assertThat(browser.driver().findElement(By.tagName("body")).getText()).as(app + " page text")
            .doesNotContain("migrate to Camunda 8");
        assertThat(browser.driver().findElements(By.cssSelector(".ce-eol-banner"))).as(app + " banner")
            .noneMatch(WebElement::isDisplayed);
    }

    private String base() {
        return "http://localhost:" + port;
    }

}
