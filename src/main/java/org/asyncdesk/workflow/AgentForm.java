package org.asyncdesk.workflow;

import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.asyncdesk.conversation.Channel;
import org.asyncdesk.conversation.Conversation;
import org.asyncdesk.conversation.ConversationService;
import org.asyncdesk.conversation.Direction;
import org.asyncdesk.conversation.Mood;
import org.asyncdesk.conversation.ProcessVocabulary;
import org.asyncdesk.conversation.Transcript;
import org.asyncdesk.conversation.TranscriptView;
import org.asyncdesk.customer.Customer;
import org.asyncdesk.customer.CustomerIdentity;
import org.asyncdesk.customer.CustomerService;
import org.asyncdesk.sla.BusinessCalendars;
import org.asyncdesk.sla.DueTimes;
import org.asyncdesk.template.MessageTemplates;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.camunda.bpm.engine.task.Task;
import org.camunda.spin.plugin.variable.SpinValues;
import org.springframework.stereotype.Component;

/**
 * {@code ${agentForm}}: the read-only part of an agent's form, as task-local variables
 * (the transcript and customer data stay in Asyncdesk's tables; these are views).
 * {@code ${respondTask}} and {@code ${callbackTask}} fill them when a task is created;
 * {@code ${agentForm.refresh(execution)}} fills them again on the open tasks of the
 * conversation, e.g. after the shop's orders arrived.
 * <p>
 * Variables: {@code transcript} (Markdown), {@code dueText}, {@code customerName},
 * {@code customerTier}, {@code customerIdentities}, {@code customerPhone},
 * {@code identityNotice} (Markdown warning while the conversation's identity is
 * unverified, else empty), {@code replyChannels} (JSON options for the reply-channel
 * picker), {@code cannedResponses} (JSON options: template {@code canned-responses} in
 * the conversation's language, with {@code {{firstName}}}, {@code {{customerName}}},
 * {@code {{orderNumber}}}, {@code {{trackingLink}}} and {@code {{agent}}} filled).
 */
@Component("agentForm")
public class AgentForm {

    public static final String CANNED_TEMPLATE = "canned-responses";

    /**
     * List column: when the customer's clock of the current round started (their
     * message).
     */
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ConversationService conversations;

    private final Transcript transcript;

    private final CustomerService customers;

    private final TranscriptView view;

    private final MessageTemplates templates;

    private final BusinessCalendars calendars;

    public AgentForm(ConversationService conversations, Transcript transcript, CustomerService customers,
            TranscriptView view, MessageTemplates templates, BusinessCalendars calendars) {
        this.conversations = conversations;
        this.transcript = transcript;
        this.customers = customers;
        this.view = view;
        this.templates = templates;
        this.calendars = calendars;
    }

    /**
     * Fills a new agent task's form and makes it recognisable in Tasklist's list (name,
     * description).
     */
    public void fill(DelegateTask task) {
        String conversationId = ProcessVocabulary.conversationId(task);
        Conversation conversation = conversations.find(conversationId).orElseThrow();
        Customer customer = customers.find(conversation.customerId()).orElseThrow();
        List<CustomerIdentity> identities = customers.identitiesOf(customer.id());
        task.setVariableLocal(ProcessVocabulary.TASK_TRANSCRIPT, view.render(conversationId));
        task.setVariablesLocal(values(task, conversation, customer, identities, task.getAssignee()));
        task.setVariableLocal(ProcessVocabulary.TASK_DUE_TEXT, dueText(task, task.getDueDate()));
        task.setName(task.getName() + " · " + customer.displayName()
                + (conversation.identityVerified() ? "" : " (unverified)"));
        transcript.of(conversationId)
            .stream()
            .filter(m -> m.direction() == Direction.IN)
            .reduce((a, b) -> b)
            .ifPresent(m -> task.setDescription(m.channel().key() + ": "
                    + (m.body().length() > 140 ? m.body().substring(0, 140) + "…" : m.body())));
    }

    /**
     * Fills the forms of the conversation's open tasks again (new order data, a merged
     * customer).
     */
    public void refresh(DelegateExecution execution) {
        String conversationId = ProcessVocabulary.conversationId(execution);
        Conversation conversation = conversations.find(conversationId).orElseThrow();
        Customer customer = customers.find(conversation.customerId()).orElseThrow();
        List<CustomerIdentity> identities = customers.identitiesOf(customer.id());
        TaskService tasks = execution.getProcessEngineServices().getTaskService();
        for (Task t : tasks.createTaskQuery().processInstanceId(execution.getProcessInstanceId()).list()) {
            Map<String, Object> v = values(execution, conversation, customer, identities, t.getAssignee());
            v.put(ProcessVocabulary.TASK_DUE_TEXT, dueText(execution, t.getDueDate()));
            tasks.setVariablesLocal(t.getId(), v);
        }
    }

    private Map<String, Object> values(VariableScope scope, Conversation conversation, Customer customer,
            List<CustomerIdentity> identities, String assignee) {
        Map<String, Object> v = new LinkedHashMap<>();
        // the form's text views render Markdown and HTML: what a customer chose (name,
        // addresses) is shown literally
        v.put(ProcessVocabulary.TASK_CUSTOMER_NAME, TranscriptView.escape(customer.displayName()));
        v.put(ProcessVocabulary.VAR_CUSTOMER_TIER, customer.tier());
        List<String> shown = new ArrayList<>(
                identities.stream().map(i -> i.channel() + ": " + TranscriptView.escape(i.address())).toList());
        if (!conversation.identityVerified() && conversation.claimedIdentity() != null) {
            shown.add(conversation.claimedIdentity().channel() + ": "
                    + TranscriptView.escape(conversation.claimedIdentity().address()) + " (unverified)");
        }
        v.put(ProcessVocabulary.TASK_CUSTOMER_IDENTITIES, String.join(", ", shown));
        v.put(ProcessVocabulary.TASK_CUSTOMER_PHONE,
                identities.stream()
                    .filter(i -> i.channel().equals("sms") || i.channel().equals("whatsapp"))
                    .map(CustomerIdentity::address)
                    .map(TranscriptView::escape)
                    .findFirst()
                    .orElse("no phone number known"));
        v.put(ProcessVocabulary.TASK_IDENTITY_NOTICE, identityNotice(conversation));
        v.put(ProcessVocabulary.TASK_REPLY_CHANNELS,
                json(replyChannels(conversation, conversations.recipients(conversation))));
        v.put(ProcessVocabulary.TASK_CANNED_RESPONSES, json(cannedResponses(scope, conversation, customer, assignee)));
        v.putAll(listColumns(scope, conversation));
        return v;
    }

    /**
     * The columns of Tasklist's list (the filters' {@code variables}), copied onto the
     * task: an agent may read the variables of the tasks of their teams but not those of
     * the process instance (no READ on it, so that they see no other team's
     * conversation), and Tasklist shows a task's own variable before the instance's. Kept
     * current by {@code ${slaPolicy}} ({@code slaState}), the transcript view
     * ({@code channel}, on every customer message) and the sentiment follow-up
     * ({@code mood}, {@code moodNotice}: the customer's latest mood).
     */
    static Map<String, Object> listColumns(VariableScope scope, Conversation conversation) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put(ProcessVocabulary.VAR_CHANNEL, scope.getVariable(ProcessVocabulary.VAR_CHANNEL) instanceof String c ? c
                : conversation.lastInboundChannel().key());
        v.put(ProcessVocabulary.VAR_LANGUAGE, scope.getVariable(ProcessVocabulary.VAR_LANGUAGE) instanceof String l ? l
                : conversation.language() == null ? "en" : conversation.language());
        if (scope.getVariable(ProcessVocabulary.VAR_SLA_STATE) instanceof String state) {
            v.put(ProcessVocabulary.VAR_SLA_STATE, state);
        }
        if (scope.getVariable(ProcessVocabulary.VAR_ROUND_STARTED_AT) instanceof Date since) {
            v.put(ProcessVocabulary.TASK_WAITING_SINCE, since);
        }
        // kept current by SentimentFollowUp on every customer message
        Object sentiment = scope.getVariable(ProcessVocabulary.VAR_SENTIMENT);
        Object emotion = scope.getVariable(ProcessVocabulary.VAR_EMOTION);
        v.put(ProcessVocabulary.TASK_MOOD, Mood.column(sentiment, emotion));
        v.put(ProcessVocabulary.TASK_MOOD_NOTICE, Mood.notice(sentiment, emotion));
        return v;
    }

    /**
     * What the agent must know about an unverified conversation, as Markdown (the claimed
     * address escaped like the transcript); empty for a verified one.
     */
    static String identityNotice(Conversation conversation) {
        if (conversation.identityVerified() || conversation.claimedIdentity() == null) {
            return "";
        }
        String claimed = conversation.claimedIdentity().channel() + ": "
                + TranscriptView.escape(conversation.claimedIdentity().address());
        String why = conversation.channel() == Channel.WEBCHAT
                ? "it was typed into the web chat; a confirmation link was e-mailed to the address"
                : "the receiving mail server did not authenticate the sender (no passing DMARC or aligned DKIM result)";
        return "⚠️ **Unverified identity.** The customer *claims* " + claimed + ", but nobody has confirmed it: " + why
                + ". This conversation has a profile of its own: no profile, tier, orders or other channels of "
                + "that address are shown. Do not give out personal or order data of that address, and do not merge "
                + "profiles, until the identity is confirmed.";
    }

    /**
     * The task's due time in the conversation's business-hours zone, e.g. "Mon 23 Nov
     * 2026, 14:30 (Europe/Berlin)".
     */
    private String dueText(VariableScope scope, Date due) {
        if (due == null) {
            return "no due time";
        }
        Object calendar = scope.getVariable(ProcessVocabulary.VAR_CALENDAR);
        var zone = calendars.get(calendar == null ? null : calendar.toString()).zone();
        return DueTimes.format(due.toInstant(), zone);
    }

    /**
     * The channels a reply can go out on: the customer's last one first, then every
     * channel we know them on.
     */
    static List<Map<String, String>> replyChannels(Conversation conversation, List<CustomerIdentity> identities) {
        Set<String> keys = new LinkedHashSet<>();
        keys.add(conversation.lastInboundChannel().key());
        identities.stream().map(CustomerIdentity::channel).filter(AgentForm::isChannel).forEach(keys::add);
        List<Map<String, String>> options = new ArrayList<>();
        for (String key : keys) {
            String label = key.equals(conversation.lastInboundChannel().key()) ? key + " (the customer's last channel)"
                    : key;
            options.add(Map.of("label", label, "value", key));
        }
        return options;
    }

    List<Map<String, String>> cannedResponses(VariableScope scope, Conversation conversation, Customer customer,
            String assignee) {
        Map<String, Object> values = new LinkedHashMap<>();
        String name = customer.displayName().strip();
        values.put("customerName", name);
        values.put("firstName", name.split("\\s+")[0]);
        values.put("orderNumber",
                scope.getVariable(ProcessVocabulary.VAR_LAST_ORDER_NUMBER) instanceof String n ? n : "[order number]");
        values.put("trackingLink",
                scope.getVariable(ProcessVocabulary.VAR_TRACKING_LINK) instanceof String l ? l : "[tracking link]");
        values.put("agent", assignee != null ? assignee
                : scope.getVariable(ProcessVocabulary.VAR_AGENT) instanceof String a ? a : "");
        String language = scope.getVariable(ProcessVocabulary.VAR_LANGUAGE) instanceof String l ? l
                : conversation.language();
        return parseCanned(templates.text(CANNED_TEMPLATE, language, values));
    }

    /**
     * The template holds one response per block: a line {@code == Title}, then the text.
     */
    static List<Map<String, String>> parseCanned(String text) {
        List<Map<String, String>> options = new ArrayList<>();
        String title = null;
        StringBuilder body = new StringBuilder();
        for (String line : (text + "\n== ").split("\\R")) {
            if (line.startsWith("==")) {
                if (title != null && !body.toString().isBlank()) {
                    options.add(Map.of("label", title, "value", body.toString().strip()));
                }
                title = line.substring(2).strip();
                body.setLength(0);
            }
            else if (title != null && !line.startsWith("#")) {
                body.append(line).append('\n');
            }
        }
        return options;
    }

    private static boolean isChannel(String key) {
        try {
            Channel.fromKey(key);
            return true;
        }
        catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Object json(Object value) {
        try {
            return SpinValues.jsonValue(JSON.writeValueAsString(value)).create();
        }
        catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

}
