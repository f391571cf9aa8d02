package org.asyncdesk.sla;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.Locale;
import java.util.Map;

import org.asyncdesk.conversation.Conversation;
import org.asyncdesk.conversation.ConversationService;
import org.asyncdesk.template.MessageTemplates;
import org.asyncdesk.conversation.Outbox;
import org.asyncdesk.conversation.ProcessVocabulary;
import org.asyncdesk.conversation.Transcript;
import org.asyncdesk.conversation.TranscriptMessage;
import org.asyncdesk.customer.Customer;
import org.asyncdesk.customer.CustomerService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * {@code ${acknowledgement}}: tells the customer, on the channel they wrote on, that
 * their message arrived and by when they will get an answer ({@code respondDue}, in the
 * calendar's time zone, in the conversation's language). Texts: message templates
 * {@code acknowledgement} (the sentence) and {@code answer-time-format} (a
 * {@link DateTimeFormatter} pattern), per language with English fallback. The message is
 * stored in the transcript as an outbound message by "Asyncdesk" before it is sent; a
 * failed send marks it failed there and throws (mark the task asynchronous with a retry
 * cycle: the retry reuses the entry). In: {@code conversationId}, {@code respondDue},
 * {@code slaCalendar}, {@code language}, {@code channel}.
 */
@Component("acknowledgement")
public class Acknowledgement implements JavaDelegate {

    private final ConversationService conversations;

    private final Transcript transcript;

    private final CustomerService customers;

    private final Outbox outbox;

    private final MessageTemplates templates;

    private final BusinessCalendars calendars;

    public Acknowledgement(ConversationService conversations, Transcript transcript, CustomerService customers,
            Outbox outbox, MessageTemplates templates, BusinessCalendars calendars) {
        this.conversations = conversations;
        this.transcript = transcript;
        this.customers = customers;
        this.outbox = outbox;
        this.templates = templates;
        this.calendars = calendars;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String conversationId = ProcessVocabulary.conversationId(execution);
        Conversation conversation = conversations.find(conversationId).orElseThrow();
        Customer customer = customers.find(conversation.customerId()).orElseThrow();
        if (!(execution.getVariable(ProcessVocabulary.VAR_RESPOND_DUE) instanceof Date due)) {
            throw new IllegalStateException(
                    "respondDue is missing: run ${slaPolicy.startConversation(execution)} first");
        }
        Object calendarName = execution.getVariable(ProcessVocabulary.VAR_CALENDAR);
        ZoneId zone = calendars.get(calendarName == null ? null : calendarName.toString()).zone();
        String language = execution.getVariable(ProcessVocabulary.VAR_LANGUAGE) instanceof String l ? l
                : conversation.language();
        String text = text(language, customer.displayName(), due.toInstant(), zone);
        TranscriptMessage m = transcript.automaticMessageToSend(conversationId, conversation.lastInboundChannel(),
                text);
        outbox.send(conversation, m, language);
        transcript.refreshView(conversationId);
    }

    /**
     * The acknowledgement in the customer's language (English when there is no template
     * for it).
     */
    public String text(String language, String customerName, Instant due, ZoneId zone) {
        String lang = templates.languageOf("acknowledgement", language, "txt");
        return templates
            .text("acknowledgement", lang, Map.of("customerName", customerName, "answerBy", answerBy(lang, due, zone)))
            .strip();
    }

    String answerBy(String language, Instant due, ZoneId zone) {
        String pattern = templates.text("answer-time-format", language, Map.of()).strip();
        return DateTimeFormatter.ofPattern(pattern, Locale.forLanguageTag(language)).format(due.atZone(zone)) + " ("
                + zone.getId() + ")";
    }

}
