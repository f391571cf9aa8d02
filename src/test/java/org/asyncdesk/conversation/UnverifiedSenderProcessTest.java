package org.asyncdesk.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.asyncdesk.channel.sandbox.Sandbox;
import org.asyncdesk.customer.CustomerIdentity;
import org.asyncdesk.customer.CustomerService;
import org.asyncdesk.inbox.Inbox;
import org.asyncdesk.inbox.InboxDispatcher;
import org.asyncdesk.support.Conversations;
import org.asyncdesk.support.ProcessTest;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Where e-mails go whose sender no trusted server authenticated (a spoofed
 * {@code From:}): never into the victim's open conversation or profile, always into a
 * conversation of their own (nothing is lost), which an authenticated e-mail from the
 * address in the thread confirms. The poller decides "authenticated"
 * (SenderAuthenticationTest); here the messages say so themselves.
 */
@ProcessTest
class UnverifiedSenderProcessTest {

    @Autowired
    Inbox inbox;

    @Autowired
    InboxDispatcher dispatcher;

    @Autowired
    Conversations steps;

    @Autowired
    ConversationService conversations;

    @Autowired
    WebchatAccess webchats;

    @Autowired
    Transcript transcript;

    @Autowired
    CustomerService customers;

    @Autowired
    RuntimeService runtime;

    @Autowired
    TaskService tasks;

    @Autowired
    Sandbox sandbox;

    String victim;

    String victimId;

    String victimConversation;

    @BeforeEach
    void theVictimWritesByAuthenticatedEmail() {
        victim = "vic." + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        mail(victim, "Vic Tim", "My order 1042 has not arrived.", null, true);
        victimId = customers.customerIdOf(new CustomerIdentity("email", victim)).orElseThrow();
        victimConversation = runtime.createProcessInstanceQuery()
            .variableValueEquals("customerId", victimId)
            .singleResult()
            .getBusinessKey();
    }

    @AfterEach
    void tearDown() {
        Conversations.resetClock();
    }

    /**
     * The conversation whose transcript holds this text (each test writes texts of its
     * own).
     */
    private String conversationOf(String body) {
        return runtime.createProcessInstanceQuery()
            .list()
            .stream()
            .map(p -> p.getBusinessKey())
            .filter(id -> transcript.of(id).stream().anyMatch(m -> m.body().equals(body)))
            .findFirst()
            .orElseThrow();
    }

    private void mail(String from, String name, String text, String thread, boolean authenticated) {
        inbox.accept(new CustomerMessage(Channel.EMAIL, "<" + UUID.randomUUID() + "@example.com>", from, name, null,
                text, ClockUtil.getCurrentTime().toInstant(), List.of(), thread, authenticated));
        dispatcher.dispatchAll();
        steps.executeJobs();
    }

    private String conversationWith(String text) {
        return transcript.of(victimConversation).stream().anyMatch(m -> m.body().equals(text)) ? victimConversation
                : conversationOf(text);
    }

    @Test
    void aSpoofedReplyOpensAConversationOfItsOwnAndAnAuthenticatedOneJoinsTheThread() {
        mail(victim, "Vic Tim", "Please send the refund to IBAN DE00 1234 instead.", victimConversation, false);

        String spoofed = conversationWith("Please send the refund to IBAN DE00 1234 instead.");
        assertThat(spoofed).isNotEqualTo(victimConversation);
        Conversation separate = conversations.find(spoofed).orElseThrow();
        assertThat(separate.identityVerified()).isFalse();
        assertThat(separate.claimedIdentity()).isEqualTo(new CustomerIdentity("email", victim));
        assertThat(separate.customerId()).isNotEqualTo(victimId);
        assertThat(customers.find(separate.customerId()).orElseThrow().provisional()).isTrue();
        assertThat(customers.identitiesOf(victimId)).containsExactly(new CustomerIdentity("email", victim));
        assertThat(transcript.of(victimConversation)).extracting(TranscriptMessage::body)
            .doesNotContain("Please send the refund to IBAN DE00 1234 instead.");
        // the agent is told, in the form and in the transcript
        String task = steps.task(spoofed).getId();
        assertThat((String) tasks.getVariableLocal(task, "identityNotice")).contains("Unverified identity")
            .contains("did not authenticate the sender");
        assertThat((String) tasks.getVariableLocal(task, "customerIdentities"))
            .isEqualTo("email: " + victim + " (unverified)");
        assertThat(runtime.getVariable(steps.task(spoofed).getProcessInstanceId(), "identityVerified"))
            .isEqualTo(false);

        // another unauthenticated mail from the address, unthreaded: the same separate
        // conversation, not the victim's
        mail(victim, "Vic Tim", "Did you get my IBAN?", null, false);
        assertThat(transcript.of(spoofed)).extracting(TranscriptMessage::body).contains("Did you get my IBAN?");
        assertThat(transcript.of(victimConversation)).extracting(TranscriptMessage::body)
            .doesNotContain("Did you get my IBAN?");

        // the real customer answers in the thread, authenticated: it joins the victim's
        // conversation as before
        mail(victim, "Vic Tim", "Any news about 1042?", victimConversation, true);
        assertThat(transcript.of(victimConversation)).extracting(TranscriptMessage::body)
            .contains("Any news about 1042?");
        assertThat(conversations.find(spoofed).orElseThrow().identityVerified()).isFalse();
    }

    @Test
    void anUnverifiedConversationIsAnsweredAtTheAddressTheMailCameFrom() {
        String stranger = "stranger." + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
        mail(stranger, "Sam Stranger", "Do you sell gift cards?", null, false);
        String id = conversationOf("Do you sell gift cards?");
        assertThat(conversations.find(id).orElseThrow().identityVerified()).isFalse();

        steps.reply(id, "anna", "Yes, in our shop under Gifts.");

        // the e-mail channel has no address in this profile: the sandbox shows what was
        // sent, and to whom
        assertThat(sandbox.sentTo(Channel.EMAIL, stranger)).extracting(Sandbox.SandboxMessage::body)
            .anySatisfy(b -> assertThat(b).contains("Yes, in our shop under Gifts."));
        assertThat(customers.customerIdOf(new CustomerIdentity("email", stranger))).isEmpty();
    }

    @Test
    void anAuthenticatedMailInTheThreadConfirmsTheAddressOfAnUnverifiedEmailConversation() {
        mail(victim, "Vic Tim", "Sent from a forwarding service that breaks DKIM.", null, false);
        String unverified = conversationWith("Sent from a forwarding service that breaks DKIM.");
        assertThat(unverified).isNotEqualTo(victimConversation);
        steps.agentCompletes(victimConversation, "anna", Map.of("outcome", "resolve"));

        mail(victim, "Vic Tim", "Now from my own mail server.", unverified, true);

        Conversation confirmed = conversations.find(unverified).orElseThrow();
        assertThat(confirmed.identityVerified()).isTrue();
        assertThat(confirmed.customerId()).isEqualTo(victimId);
        assertThat(transcript.of(unverified)).extracting(TranscriptMessage::body)
            .contains("Now from my own mail server.")
            .anySatisfy(b -> assertThat(b).startsWith("Identity confirmed: email " + victim));
        var pi = runtime.createProcessInstanceQuery().processInstanceBusinessKey(unverified).singleResult().getId();
        assertThat(runtime.getVariable(pi, "identityVerified")).isEqualTo(true);
        assertThat(runtime.getVariable(pi, "customerId")).isEqualTo(victimId);
        assertThat((String) tasks.getVariableLocal(steps.task(unverified).getId(), "identityNotice")).isEmpty();
    }

    @Test
    void noEmailReachesAWebChatThatClaimsTheAddress() {
        var chat = webchats.open("Mallory", victim, "en");
        String chatId = chat.conversation().id();

        // neither unauthenticated (someone else's claim) nor authenticated (the chat is
        // not confirmed), even threaded
        mail(victim, "Vic Tim", "Unauthenticated, tagged with the chat.", chatId, false);
        mail(victim, "Vic Tim", "Authenticated, tagged with the chat.", chatId, true);

        assertThat(transcript.of(chatId)).extracting(TranscriptMessage::body)
            .doesNotContain("Unauthenticated, tagged with the chat.", "Authenticated, tagged with the chat.");
        assertThat(transcript.of(victimConversation)).extracting(TranscriptMessage::body)
            .contains("Authenticated, tagged with the chat.");
        assertThat(conversations.find(chatId).orElseThrow().identityVerified()).isFalse();
        assertThat(customers.identitiesOf(conversations.find(chatId).orElseThrow().customerId())).isEmpty();
    }

}
