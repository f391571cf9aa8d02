package org.asyncdesk.sla;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.asyncdesk.conversation.Conversation;
import org.asyncdesk.conversation.ConversationService;
import org.asyncdesk.conversation.MessageTemplates;
import org.asyncdesk.conversation.OutboundChannels;
import org.asyncdesk.conversation.OutboundMessage;
import org.asyncdesk.conversation.ProcessMessages;
import org.asyncdesk.conversation.TranscriptMessage;
import org.asyncdesk.customer.Customer;
import org.asyncdesk.customer.CustomerIdentity;
import org.asyncdesk.customer.CustomerService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * {@code ${acknowledgement}}: tells the customer, on the channel they wrote on, that their message arrived and by
 * when they will get an answer ({@code respondDue}, in the calendar's time zone, in the conversation's language).
 * Texts: message templates {@code acknowledgement} (the sentence) and {@code answer-time-format} (a
 * {@link DateTimeFormatter} pattern), per language with English fallback. The message is stored in the transcript as
 * an outbound message by "Asyncdesk" before it is sent; a failed send marks it failed there and throws (mark the
 * task asynchronous with a retry cycle: the retry reuses the entry). In: {@code conversationId},
 * {@code respondDue}, {@code slaCalendar}, {@code language}, {@code channel}.
 */
@Component("acknowledgement")
public class Acknowledgement implements JavaDelegate {

    private final ConversationService conversations;
    private final CustomerService customers;
    private final OutboundChannels channels;
    private final MessageTemplates templates;
    private final BusinessCalendars calendars;

    public Acknowledgement(ConversationService conversations, CustomerService customers, OutboundChannels channels,
                           MessageTemplates templates, BusinessCalendars calendars) {
        this.conversations = conversations;
        this.customers = customers;
        this.channels = channels;
        this.templates = templates;
        this.calendars = calendars;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String conversationId = ProcessMessages.conversationId(execution);
        Conversation conversation = conversations.find(conversationId).orElseThrow();
        Customer customer = customers.find(conversation.customerId()).orElseThrow();
        // an unverified e-mail conversation is answered at the address the e-mail came from
        List<CustomerIdentity> identities = conversations.recipients(conversation);
        if (!(execution.getVariable(SlaVariables.RESPOND_DUE) instanceof Date due)) {
            throw new IllegalStateException("respondDue is missing: run ${slaPolicy.startConversation(execution)} first");
        }
        Object calendarName = execution.getVariable(SlaVariables.CALENDAR);
        ZoneId zone = calendars.get(calendarName == null ? null : calendarName.toString()).zone();
        String language = execution.getVariable(ProcessMessages.VAR_LANGUAGE) instanceof String l ? l
                : conversation.language();
        String text = text(language, customer.displayName(), due.toInstant(), zone);
        TranscriptMessage m = conversations.automaticMessageToSend(conversationId, conversation.lastInboundChannel(), text);
        try {
            String providerId = channels.of(m.channel()).send(new OutboundMessage(conversationId, m.id(), m.channel(),
                    customer.displayName(), identities, language, text));
            conversations.setDeliveryState(m.id(), "sent", providerId);
        } catch (RuntimeException e) {
            conversations.markDeliveryFailed(m.id());
            throw e;
        }
        conversations.refreshView(conversationId);
    }

    /** The acknowledgement in the customer's language (English when there is no template for it). */
    public String text(String language, String customerName, Instant due, ZoneId zone) {
        String lang = templates.languageOf("acknowledgement", language, "txt");
        return templates.text("acknowledgement", lang, Map.of("customerName", customerName,
                "answerBy", answerBy(lang, due, zone))).strip();
    }

    String answerBy(String language, Instant due, ZoneId zone) {
        String pattern = templates.text("answer-time-format", language, Map.of()).strip();
        return DateTimeFormatter.ofPattern(pattern, Locale.forLanguageTag(language)).format(due.atZone(zone))
                + " (" + zone.getId() + ")";
    }
}
