package org.asyncdesk.workflow;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Date;
import java.util.Map;
import java.util.UUID;

import com.github.tomakehurst.wiremock.http.Fault;
import org.asyncdesk.channel.webchat.EmailConfirmations;
import org.asyncdesk.conversation.Channel;
import org.asyncdesk.conversation.ConversationService;
import org.asyncdesk.conversation.CustomerMessage;
import org.asyncdesk.conversation.WebchatAccess;
import org.asyncdesk.inbox.Inbox;
import org.asyncdesk.inbox.InboxDispatcher;
import org.asyncdesk.support.Conversations;
import org.asyncdesk.support.ProcessTest;
import org.asyncdesk.support.ProviderStub;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * The agent's form shows the customer's recent orders, fetched by the BPMN's
 * http-connector from the shop's API.
 */
@ProcessTest
@TestPropertySource(properties = { "asyncdesk.shop.base-url=${asyncdesk.test.provider-url}/shop",
        "asyncdesk.shop.api-key=shop-secret", "asyncdesk.shop.timeout=15s" }) // generous:
                                                                              // a loaded
                                                                              // build
                                                                              // machine
                                                                              // must not
                                                                              // turn a
                                                                              // 503 into
                                                                              // a timeout
class ShopOrdersProcessTest {

    @Autowired
    Conversations steps;

    @Autowired
    ConversationService conversations;

    @Autowired
    WebchatAccess webchats;

    @Autowired
    Inbox inbox;

    @Autowired
    InboxDispatcher dispatcher;

    @Autowired
    RuntimeService runtime;

    @Autowired
    TaskService tasks;

    @Autowired
    EmailConfirmations confirmations;

    @BeforeEach
    void resetShop() {
        ProviderStub.get().resetAll();
    }

    @AfterEach
    void tearDown() {
        Conversations.resetClock();
    }

    /**
     * Opens a conversation of a customer who confirmed the address they gave (the link in
     * our e-mail: only then are that address's orders theirs to see) and runs its jobs,
     * letting failures be what the job executor would record.
     */
    private String open(String name, String email, String text) {
        var opened = webchats.open(name, email, "en");
        confirmations.request(opened.conversation().id());
        confirmations.confirm(steps.confirmationToken(email));
        inbox.accept(opened.conversation().id(), new CustomerMessage(Channel.WEBCHAT, "webchat-" + UUID.randomUUID(),
                email, name, "en", text, ClockUtil.getCurrentTime().toInstant()));
        dispatcher.dispatchAll();
        steps.executeJobsIgnoringFailures();
        return opened.conversation().id();
    }

    private Object processVariable(String id, String name) {
        var pi = runtime.createProcessInstanceQuery().processInstanceBusinessKey(id).singleResult();
        return runtime.getVariable(pi.getId(), name);
    }

    @Test
    void recentOrdersAppearInTheFormAndFillTheCannedResponses() {
        ProviderStub.get()
            .stubFor(get(urlPathEqualTo("/shop/orders")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody(
                        """
                                [{"number": "1042", "status": "shipped", "placedAt": "2026-11-20", "total": "59.90 EUR",
                                  "trackingUrl": "https://track.example/1042"},
                                 {"number": "1001", "status": "delivered", "placedAt": "2026-10-01", "total": "12.00 EUR"}]""")));

        String id = open("Olga Order", "olga.orders@example.com", "Where is my order? It should have arrived by now.");

        ProviderStub.get()
            .verify(getRequestedFor(urlPathEqualTo("/shop/orders"))
                .withQueryParam("email", equalTo("olga.orders@example.com"))
                .withHeader("Authorization", equalTo("Bearer shop-secret"))
                .withHeader("Accept", equalTo("application/json")));
        assertThat(processVariable(id, "recentOrders").toString())
            .contains("**#1042**", "shipped", "[tracking](https://track.example/1042)")
            .contains("#1001");
        assertThat(processVariable(id, "lastOrderNumber")).isEqualTo("1042");
        String canned = tasks.getVariableLocal(steps.task(id).getId(), "cannedResponses").toString();
        assertThat(canned).contains("Your order 1042 is on its way").contains("https://track.example/1042");
    }

    @Test
    void aShopThatAnswersWithAnErrorMakesTheOrdersUnavailableNotTheConversation() {
        ProviderStub.get().stubFor(get(urlPathEqualTo("/shop/orders")).willReturn(aResponse().withStatus(503)));

        String id = open("Udo Unavailable", "udo.unavailable@example.com", "Hello, a question about my order.");

        assertThat(processVariable(id, "recentOrders").toString()).contains("unavailable").contains("HTTP 503");
        assertThat(steps.task(id).getTaskDefinitionKey()).isEqualTo("RespondToCustomer");
    }

    @Test
    void anUnreachableShopEndsAsAnIncidentWhileTheAgentAnswersAsUsual() {
        ProviderStub.get()
            .stubFor(get(urlPathEqualTo("/shop/orders"))
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        String id = open("Rita Reset", "rita.reset@example.com", "Hi, can I change my delivery address?");
        for (int retry = 0; retry < 3; retry++) {
            ClockUtil.setCurrentTime(Date.from(ClockUtil.getCurrentTime().toInstant().plus(Duration.ofSeconds(31))));
            steps.executeJobsIgnoringFailures();
        }

        var pi = runtime.createProcessInstanceQuery().processInstanceBusinessKey(id).singleResult();
        assertThat(runtime.createIncidentQuery().processInstanceId(pi.getId()).activityId("FetchRecentOrders").count())
            .isEqualTo(1);
        assertThat(processVariable(id, "recentOrders")).isNull();

        steps.agentCompletes(id, "anna", Map.of("outcome", "reply", "replyText", "Yes, send us the new address."));
        assertThat(runtime.createProcessInstanceQuery()
            .processInstanceId(pi.getId())
            .activityIdIn("WaitForCustomer")
            .count()).isEqualTo(1);
    }

}
