package org.asyncdesk.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.mail.internet.MimeMessage;
import org.asyncdesk.conversation.Channel;
import org.asyncdesk.conversation.ConversationService;
import org.asyncdesk.conversation.ConversationStatus;
import org.asyncdesk.conversation.CustomerMessage;
import org.asyncdesk.conversation.Direction;
import org.asyncdesk.conversation.Transcript;
import org.asyncdesk.conversation.TranscriptMessage;
import org.asyncdesk.customer.CustomerIdentity;
import org.asyncdesk.customer.CustomerService;
import org.asyncdesk.inbox.Inbox;
import org.asyncdesk.inbox.InboxDispatcher;
import org.asyncdesk.support.Conversations;
import org.asyncdesk.support.MailServer;
import org.asyncdesk.support.ProcessTest;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The agent's day beyond replying: language, canned responses, reply channels and the
 * call-back path.
 */
@ProcessTest
class AgentWorkProcessTest {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Autowired
    Conversations steps;

    @Autowired
    ConversationService conversations;

    @Autowired
    Transcript transcript;

    @Autowired
    RuntimeService runtime;

    @Autowired
    TaskService tasks;

    @Autowired
    ObjectMapper json;

    @Autowired
    CustomerService customers;

    @Autowired
    Inbox inbox;

    @Autowired
    InboxDispatcher dispatcher;

    @BeforeEach
    void tuesdayMorning() throws Exception {
        ClockUtil.setCurrentTime(Date.from(LocalDateTime.parse("2026-11-24T10:00").atZone(BERLIN).toInstant()));
        MailServer.get().purgeEmailFromAllMailboxes();
    }

    @AfterEach
    void tearDown() {
        Conversations.resetClock();
    }

    private JsonNode jsonVariable(Task task, String name) throws Exception {
        Object value = tasks.getVariableLocal(task.getId(), name);
        return json.readTree(value.toString());
    }

    private List<String> candidateGroups(Task t) {
        return tasks.getIdentityLinksForTask(t.getId())
            .stream()
            .map(IdentityLink::getGroupId)
            .filter(g -> g != null)
            .sorted()
            .toList();
    }

    private List<TranscriptMessage> transcript(String id, Direction direction) {
        return transcript.of(id).stream().filter(m -> m.direction() == direction).toList();
    }

    @Test
    void aGermanMessageWithoutALanguageIsDetectedRoutedAndAnsweredInGerman() throws Exception {
        String id = steps.open("Klara Kunde",
                "Guten Tag, wo bleibt meine Bestellung? Ich warte schon seit einer Woche.", null);

        assertThat(conversations.find(id).orElseThrow().language()).isEqualTo("de");
        Task task = steps.task(id);
        assertThat(candidateGroups(task)).containsExactly("agents-de");
        assertThat(transcript(id, Direction.OUT).get(0).body()).startsWith("Hallo Klara Kunde");
        JsonNode canned = jsonVariable(task, "cannedResponses");
        assertThat(canned.findValuesAsText("label")).contains("Bestellstatus", "Rücksendung");
        assertThat(canned.get(0).get("value").asText()).startsWith("Hallo Klara,");
    }

    @Test
    void theBrowsersLanguageHintGivesWayToTheLanguageTheCustomerWrote() {
        String id = steps.open("Ivan Petrov", "Здравейте, искам да върна обувките от последната поръчка.", "en");
        assertThat(conversations.find(id).orElseThrow().language()).isEqualTo("bg");
        assertThat(transcript(id, Direction.OUT).get(0).body()).startsWith("Здравейте");
    }

    @Test
    void cannedResponsesAndReplyChannelsAreReadyInTheForm() throws Exception {
        String id = steps.open("Clara Kunde", "Hello, where is my order? It has been a week.");
        Task task = steps.task(id);

        JsonNode canned = jsonVariable(task, "cannedResponses");
        assertThat(canned.findValuesAsText("label")).containsExactly("Order status", "Return", "Need more details",
                "Closing");
        assertThat(canned.get(0).get("value").asText()).startsWith("Hello Clara,")
            .contains("[order number]")
            .doesNotContain("{{");
        JsonNode channels = jsonVariable(task, "replyChannels");
        assertThat(channels.get(0).get("value").asText()).isEqualTo("webchat");
        assertThat(tasks.getVariableLocal(task.getId(), "dueText").toString()).contains("(Europe/Berlin)");

        // the agent takes the first canned response, edits it and sends it
        String edited = canned.get(0).get("value").asText().replace("[order number]", "1042");
        steps.agentCompletes(id, "anna",
                Map.of("outcome", "reply", "cannedResponse", canned.get(0).get("value").asText(), "replyText", edited));
        assertThat(transcript(id, Direction.OUT)).extracting(TranscriptMessage::body).contains(edited);
    }

    @Test
    void aCallBackIsATaskWithItsOwnShortSlaAndTheCallCanResolve() throws Exception {
        String id = steps.open("Clara Kunde", "My parcel arrived damaged, I would like to talk to someone.");
        steps.agentCompletes(id, "anna",
                Map.of("outcome", "callback", "internalNote", "Wants to discuss a refund by phone"));

        Task call = steps.task(id);
        assertThat(call.getTaskDefinitionKey()).isEqualTo("CallBack");
        assertThat(candidateGroups(call)).containsExactly("agents");
        assertThat(call.getDueDate().toInstant())
            .isEqualTo(LocalDateTime.parse("2026-11-24T11:00").atZone(BERLIN).toInstant());
        assertThat(call.getPriority()).isEqualTo(80);
        assertThat(tasks.getVariableLocal(call.getId(), "transcript").toString())
            .contains("Wants to discuss a refund by phone");
        // a web chat customer left no number: the form says so instead of showing an
        // empty field
        assertThat(tasks.getVariableLocal(call.getId(), "customerPhone")).isEqualTo("no phone number known");

        String task = call.getId();
        assertThatThrownBy(() -> tasks.complete(task, Map.of("callOutcome", "resolved")))
            .isInstanceOf(ProcessEngineException.class)
            .hasMessageContaining("agreed on the call");
        assertThatThrownBy(() -> tasks.complete(task, Map.of("callNotes", "x")))
            .isInstanceOf(ProcessEngineException.class)
            .hasMessageContaining("Choose an outcome: one of follow-up, resolved");

        steps.agentCompletes(id, "ben", Map.of("callOutcome", "resolved", "callNotes", "Refund agreed, label sent"));

        assertThat(conversations.find(id).orElseThrow().status()).isEqualTo(ConversationStatus.RESOLVED);
        assertThat(transcript(id, Direction.NOTE)).extracting(TranscriptMessage::body)
            .contains("Call-back (resolved on the phone): Refund agreed, label sent");
        assertThat(transcript(id, Direction.EVENT)).extracting(TranscriptMessage::body)
            .anySatisfy(b -> assertThat(b).startsWith("Call-back requested by anna"))
            .contains("Call-back taken by ben", "Resolved by ben");
    }

    @Test
    void theCallBackFormShowsThePhoneNumberOfACustomerWhoTextedUs() {
        String phone = "+49151" + (1_000_000 + ThreadLocalRandom.current().nextInt(8_999_999));
        inbox.accept(new CustomerMessage(Channel.SMS, "SM" + UUID.randomUUID(), phone, "Paul Phone", "en",
                "Please call me about my order.", ClockUtil.getCurrentTime().toInstant()));
        dispatcher.dispatchAll();
        steps.executeJobs();
        String customerId = customers.customerIdOf(new CustomerIdentity("sms", phone)).orElseThrow();
        String id = runtime.createProcessInstanceQuery()
            .variableValueEquals("customerId", customerId)
            .singleResult()
            .getBusinessKey();

        steps.agentCompletes(id, "anna", Map.of("outcome", "callback"));

        Task call = steps.task(id);
        assertThat(call.getTaskDefinitionKey()).isEqualTo("CallBack");
        // the form's text view renders Markdown, where the escaped "\\+" shows as the
        // plain "+" of the number
        assertThat(tasks.getVariableLocal(call.getId(), "customerPhone")).isEqualTo("\\" + phone);
    }

    @Test
    void aFollowUpAfterTheCallGoesBackToTheTeamAndCustomerMessagesDuringTheCallMakeNoSecondTask() {
        String id = steps.open("Clara Kunde", "Please call me about my order.");
        steps.agentCompletes(id, "anna", Map.of("outcome", "callback"));
        steps.customerWrites(id, "My number is +49 151 2345678");

        assertThat(steps.tasks(id)).singleElement()
            .satisfies(t -> assertThat(t.getTaskDefinitionKey()).isEqualTo("CallBack"));
        assertThat(tasks.getVariableLocal(steps.task(id).getId(), "transcript").toString()).contains("151 2345678");

        steps.agentCompletes(id, "anna",
                Map.of("callOutcome", "follow-up", "callNotes", "Will send the invoice in writing"));

        Task next = steps.task(id);
        assertThat(next.getTaskDefinitionKey()).isEqualTo("RespondToCustomer");
        assertThat(tasks.getVariableLocal(next.getId(), "transcript").toString())
            .contains("Will send the invoice in writing");
    }

    @Test
    void anOverdueCallBackAlertsTheEscalationManagers() throws Exception {
        String id = steps.open("Clara Kunde", "Call me please, it is about a wrong delivery.");
        steps.agentCompletes(id, "anna", Map.of("outcome", "callback"));

        steps.timePasses(Duration.ofMinutes(61));

        Task call = steps.task(id);
        assertThat(call.getPriority()).isEqualTo(100);
        assertThat(candidateGroups(call)).contains("escalation-managers");
        String shortId = id.substring(0, 8);
        List<MimeMessage> alerts = Arrays.stream(MailServer.get().getReceivedMessages())
            .filter(m -> subject(m).contains(shortId) && subject(m).contains("Call-back overdue"))
            .toList();
        assertThat(alerts).isNotEmpty();
        assertThat(alerts.get(0).getAllRecipients()[0].toString()).isEqualTo("maria@asyncdesk.example");
        assertThat(transcript(id, Direction.EVENT)).extracting(TranscriptMessage::body)
            .anySatisfy(b -> assertThat(b).startsWith("Call-back overdue"));
    }

    @Test
    void anAgentMergesTwoProfilesOfTheSamePersonFromTheForm() {
        // both confirmed their addresses: profiles of unverified chats are never merged
        // by hand
        String first = steps.openConfirmed("Mia Meier", "mia." + UUID.randomUUID() + "@example.com",
                "Hello, my parcel is late.");
        String second = steps.openConfirmed("M. Meier", "m.meier." + UUID.randomUUID() + "@work.example.com",
                "This is Mia again from my work address: the parcel?");
        String secondCustomer = conversations.find(second).orElseThrow().customerId();
        String secondAddress = customers.identitiesOf(secondCustomer).get(0).address();
        String firstCustomer = conversations.find(first).orElseThrow().customerId();

        String task = steps.task(first).getId();
        assertThatThrownBy(
                () -> tasks.complete(task, Map.of("outcome", "resolve", "sameCustomerAs", "nobody@example.com")))
            .isInstanceOf(ProcessEngineException.class)
            .hasMessageContaining("No customer is known under 'nobody@example.com'");

        steps.agentCompletes(first, "anna",
                Map.of("outcome", "reply", "replyText", "It arrives tomorrow.", "sameCustomerAs", secondAddress));

        assertThat(conversations.find(second).orElseThrow().customerId()).isEqualTo(firstCustomer);
        assertThat(customers.find(secondCustomer)).isEmpty();
        assertThat(customers.identitiesOf(firstCustomer)).extracting(i -> i.address()).contains(secondAddress);
        assertThat(transcript(first, Direction.EVENT)).extracting(TranscriptMessage::body)
            .contains("Customer profile known under " + secondAddress + " merged into this one by anna");
        assertThat(tasks.getVariableLocal(steps.task(second).getId(), "transcript").toString())
            .contains("Customer merged into Mia Meier by anna");
        var pi = runtime.createProcessInstanceQuery().processInstanceBusinessKey(second).singleResult();
        assertThat(runtime.getVariable(pi.getId(), "customerId")).isEqualTo(firstCustomer);
    }

    private static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        }
        catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aCustomerNameWithMarkdownOrHtmlShowsLiterallyInTheAgentsForm() {
        String name = "[Approve refund](https://evil.example) <a href=\"https://evil.example\">Approve</a> **now**";
        String id = steps.open(name, "Where is my parcel?");
        Task task = steps.task(id);

        for (String variable : List.of("customerName", "customerIdentities")) {
            String shown = (String) tasks.getVariableLocal(task.getId(), variable);
            // what the form's Markdown/HTML text view makes of it: no link, no tag, no
            // emphasis
            assertThat(shown).as(variable).doesNotContain("](").doesNotContain("<a").doesNotContain("**");
        }
        assertThat(markdownText((String) tasks.getVariableLocal(task.getId(), "customerName"))).isEqualTo(name);
    }

    /**
     * The text a Markdown renderer shows for escaped input: backslash escapes and HTML
     * entities resolved.
     */
    private static String markdownText(String markdown) {
        return markdown.replaceAll("\\\\([\\p{Punct}])", "$1")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&");
    }

    static Instant at(String berlinLocal) {
        return LocalDateTime.parse(berlinLocal).atZone(BERLIN).toInstant();
    }

}
