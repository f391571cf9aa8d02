package org.asyncdesk.automation;

import static org.asyncdesk.conversation.ProcessVocabulary.*;

import java.text.Normalizer;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.asyncdesk.conversation.Conversation;
import org.asyncdesk.conversation.ConversationService;
import org.asyncdesk.conversation.Direction;
import org.asyncdesk.conversation.Outbox;
import org.asyncdesk.conversation.ProcessVocabulary;
import org.asyncdesk.conversation.Transcript;
import org.asyncdesk.conversation.TranscriptMessage;
import org.asyncdesk.customer.CustomerService;
import org.asyncdesk.knowledge.Article;
import org.asyncdesk.knowledge.KnowledgeBase;
import org.asyncdesk.template.MessageTemplates;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * {@code ${assistant}}: answers frequent questions from the knowledge base. Used as
 * expressions in the conversation process:
 * <ul>
 * <li>{@code ${assistant.propose(execution)}}: matches the customer's latest message in
 * the conversation's {@code language}; out {@code faqScore} (the best match's score),
 * {@code faqArticle} (only when the knowledge base proposes an automatic answer and the
 * customer did not ask for a person), {@code automationConfirmTimeout}
 * ({@code asyncdesk.automation.confirm-timeout}). Proposes nothing when
 * {@code asyncdesk.automation.enabled} is false.</li>
 * <li>{@code ${assistant.answer(execution)}}: sends the article of {@code faqArticle} in
 * the customer's language on their last channel, followed by the question whether it
 * answered theirs (template {@code assistant-question}); the transcript shows it by
 * "Asyncdesk assistant". Retry-safe like the acknowledgement.</li>
 * <li>{@code ${assistant.confirmed(execution)}}: true when the customer's latest message
 * is a plain "yes"/"thanks"/👍 in en, de or bg; false for anything else, and for a
 * request for a person.</li>
 * <li>{@code ${assistant.resolve(execution)}}: resolves the conversation as resolved by
 * the assistant; out {@code botResolved}=true.</li>
 * <li>{@code ${assistant.handOver(execution)}}: the customer wants more: out
 * {@code botResolved}=false, a transcript line for the agents.</li>
 * </ul>
 */
@Component("assistant")
public class Assistant {

    public static final String AUTHOR = "Asyncdesk assistant";

    static final String QUESTION_TEMPLATE = "assistant-question";

    /** Words that ask for a person, compared without accents and in lower case. */
    static final Set<String> PERSON = Set.of("human", "humans", "agent", "agents", "person", "people", "someone",
            "somebody", "representative", "operator", "staff", "mitarbeiter", "mitarbeiterin", "mensch", "menschen",
            "berater", "beraterin", "jemand", "jemanden", "persoenlich", "personlich", "оператор", "оператора", "човек",
            "служител", "служителя", "консултант", "консултанта", "жив");

    /** A message made only of these words (and at least one) confirms the answer. */
    static final Set<String> YES = Set.of("yes", "yeah", "yep", "yup", "thanks", "thank", "thx", "ty", "ok", "okay",
            "great", "perfect", "ja", "jawohl", "danke", "dankeschon", "super", "prima", "perfekt", "genau", "да",
            "благодаря", "мерси", "супер", "добре", "ок", "👍", "🙏", "😊", "🙂");

    /**
     * Words that may stand beside a yes without changing it ("yes, that helped, thank
     * you").
     */
    static final Set<String> FILLER = Set.of("you", "that", "this", "it", "helped", "helps", "did", "very", "much",
            "so", "a", "lot", "all", "good", "sehr", "vielen", "das", "hat", "geholfen", "hilft", "es", "alles", "gut",
            "много", "това", "помогна", "ми", "е", "все", "наред", "ви", "ти");

    private static final Pattern SPLIT = Pattern.compile("[\\s\\p{Punct}„“”‚‘’«»…–—]+");

    private static final Pattern EMOJI_MODIFIERS = Pattern.compile("[\\x{FE0F}\\x{1F3FB}-\\x{1F3FF}]");

    private final KnowledgeBase knowledge;

    private final ConversationService conversations;

    private final CustomerService customers;

    private final Transcript transcript;

    private final Outbox outbox;

    private final MessageTemplates templates;

    private final AutomationProperties properties;

    public Assistant(KnowledgeBase knowledge, ConversationService conversations, CustomerService customers,
            Transcript transcript, Outbox outbox, MessageTemplates templates, AutomationProperties properties) {
        this.knowledge = knowledge;
        this.conversations = conversations;
        this.customers = customers;
        this.transcript = transcript;
        this.outbox = outbox;
        this.templates = templates;
        this.properties = properties;
    }

    public void propose(DelegateExecution execution) {
        String conversationId = ProcessVocabulary.conversationId(execution);
        execution.setVariable(VAR_CONFIRM_TIMEOUT, properties.confirmTimeout().toString());
        execution.removeVariable(VAR_FAQ_ARTICLE);
        if (!properties.enabled()) {
            // switched off: no answer is proposed, so the Classify path does not pay for
            // a knowledge-base search
            execution.setVariable(VAR_FAQ_SCORE, 0.0);
            return;
        }
        String text = latestCustomerText(conversationId);
        KnowledgeBase.Result result = knowledge.match(text, language(execution, conversationId));
        execution.setVariable(VAR_FAQ_SCORE, result.bestScore());
        if (result.autoAnswer() != null && !asksForPerson(text)) {
            execution.setVariable(VAR_FAQ_ARTICLE, result.autoAnswer());
        }
    }

    public void answer(DelegateExecution execution) {
        String conversationId = ProcessVocabulary.conversationId(execution);
        Conversation conversation = conversations.find(conversationId).orElseThrow();
        String language = language(execution, conversationId);
        if (!(execution.getVariable(VAR_FAQ_ARTICLE) instanceof String id)) {
            throw new IllegalStateException("faqArticle is missing: run ${assistant.propose(execution)} first");
        }
        Article article = knowledge.article(id, language)
            .orElseThrow(() -> new IllegalStateException("knowledge article " + id + " is not serving"));
        String text = article.answer(values(execution, conversation)).strip() + "\n\n"
                + templates.text(QUESTION_TEMPLATE, article.language(), Map.of()).strip();
        TranscriptMessage m = transcript.automaticMessageToSend(conversationId, conversation.lastInboundChannel(),
                AUTHOR, text);
        outbox.send(conversation, m, article.language());
        execution.setVariable(VAR_AUTOMATED, true);
        transcript.refreshView(conversationId);
    }

    public boolean confirmed(DelegateExecution execution) {
        return isConfirmation(latestCustomerText(ProcessVocabulary.conversationId(execution)));
    }

    public void resolve(DelegateExecution execution) {
        execution.setVariable(VAR_BOT_RESOLVED, true);
        conversations.resolve(ProcessVocabulary.conversationId(execution), "by the Asyncdesk assistant");
    }

    public void handOver(DelegateExecution execution) {
        execution.setVariable(VAR_BOT_RESOLVED, false);
        transcript.recordEvent(ProcessVocabulary.conversationId(execution),
                "The assistant's answer did not settle it: handed over to the team");
    }

    /** A plain yes or thanks, and no request for a person. */
    static boolean isConfirmation(String text) {
        List<String> words = words(text);
        return words.stream().anyMatch(YES::contains)
                && words.stream().allMatch(w -> YES.contains(w) || FILLER.contains(w));
    }

    public static boolean asksForPerson(String text) {
        return words(text).stream().anyMatch(PERSON::contains);
    }

    static List<String> words(String text) {
        String s = text == null ? "" : text.toLowerCase(Locale.ROOT);
        s = Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("\\p{Mn}", "").replace('ß', 's');
        s = EMOJI_MODIFIERS.matcher(s).replaceAll("");
        for (String e : List.of("👍", "🙏", "😊", "🙂")) {
            s = s.replace(e, " " + e + " ");
        }
        return SPLIT.splitAsStream(s).filter(w -> !w.isBlank()).toList();
    }

    private Map<String, Object> values(DelegateExecution execution, Conversation conversation) {
        Map<String, Object> values = new HashMap<>();
        String name = customers.find(conversation.customerId()).map(c -> c.displayName().strip()).orElse("");
        values.put("customerName", name);
        values.put("firstName", name.split("\\s+")[0]);
        values.put("orderNumber", execution.getVariable(VAR_LAST_ORDER_NUMBER) instanceof String n ? n : "");
        values.put("trackingLink", execution.getVariable(VAR_TRACKING_LINK) instanceof String l ? l : "");
        return values;
    }

    private String language(DelegateExecution execution, String conversationId) {
        return execution.getVariable(VAR_LANGUAGE) instanceof String l ? l
                : conversations.find(conversationId).map(Conversation::language).orElse("en");
    }

    private String latestCustomerText(String conversationId) {
        return transcript.of(conversationId)
            .stream()
            .filter(m -> m.direction() == Direction.IN)
            .map(TranscriptMessage::body)
            .reduce((a, b) -> b)
            .orElse("");
    }

}
