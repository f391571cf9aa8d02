package org.asyncdesk.automation;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.asyncdesk.conversation.Conversation;
import org.asyncdesk.conversation.ConversationService;
import org.asyncdesk.conversation.Direction;
import org.asyncdesk.conversation.ProcessVocabulary;
import org.asyncdesk.conversation.Transcript;
import org.asyncdesk.conversation.TranscriptMessage;
import org.asyncdesk.customer.CustomerService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * {@code ${classifier}}: the "Classify" step. Reads the customer's latest message and
 * profile and sets {@code intent} ({@code complaint}, {@code return},
 * {@code order-status} or {@code general}), {@code priority} ({@code urgent},
 * {@code high} or {@code normal}), {@code customerTier} and {@code language}: the
 * language the customer wrote in ({@link LanguageDetector}), else the one the channel
 * reported (e.g. the browser's on the chat page), else {@code en}; a detected language is
 * also stored on the conversation, so templates use it.
 * <p>
 * The rules are deliberately simple keyword rules in English, German and Bulgarian (see
 * {@link #INTENTS} and {@link #URGENT}), checked in this order: complaint, return, order
 * status. Words that ask for speed make the priority urgent; a complaint, a VIP customer
 * or a negative message makes it high. It also sets {@code sentiment} ({@code negative},
 * {@code neutral}, {@code positive}), {@code sentimentScore} (−1..1) and {@code emotion}
 * ({@code anger}, {@code frustration}, {@code worry}, {@code joy}, {@code none}) of the
 * message ({@link Sentiment}).
 */
@Component("classifier")
public class Classifier implements JavaDelegate {

    /**
     * intent → keywords (lower case, compared without accents against the message). Order
     * matters.
     */
    static final List<Map.Entry<String, List<String>>> INTENTS = List.of(
            Map.entry("complaint",
                    List.of("complaint", "complain", "unacceptable", "terrible", "disappointed", "angry", "worst",
                            "beschwerde", "beschweren", "unverschamt", "enttauscht", "katastrophe", "argerlich",
                            "оплакване", "недоволен", "недоволна", "ужасно", "възмутен", "възмутена")),
            Map.entry("return",
                    List.of("return", "refund", "send back", "send it back", "exchange", "rucksendung", "zurucksenden",
                            "zuruckschicken", "retoure", "erstattung", "umtausch", "widerruf", "връщане", "да върна",
                            "възстановяване", "замяна", "рекламация")),
            Map.entry("order-status",
                    List.of("where is my order", "order status", "tracking", "not arrived", "delivery", "shipped",
                            "shipping", "parcel", "package", "bestellung", "lieferung", "sendung", "paket", "wo bleibt",
                            "versand", "поръчка", "поръчката", "доставка", "пратка", "колет")));

    static final List<String> URGENT = List.of("urgent", "asap", "immediately", "emergency", "right now", "dringend",
            "sofort", "eilig", "notfall", "спешно", "веднага", "незабавно");

    private final ConversationService conversations;

    private final Transcript transcript;

    private final CustomerService customers;

    private final LanguageDetector languages;

    public Classifier(ConversationService conversations, Transcript transcript, CustomerService customers,
            LanguageDetector languages) {
        this.conversations = conversations;
        this.transcript = transcript;
        this.customers = customers;
        this.languages = languages;
    }

    /** What the rules found. */
    public record Classification(String intent, String priority, Sentiment.Reading feeling) {
    }

    @Override
    public void execute(DelegateExecution execution) {
        String conversationId = ProcessVocabulary.conversationId(execution);
        Conversation conversation = conversations.find(conversationId)
            .orElseThrow(() -> new IllegalStateException("conversation " + conversationId + " does not exist"));
        String text = transcript.of(conversationId)
            .stream()
            .filter(m -> m.direction() == Direction.IN)
            .map(TranscriptMessage::body)
            .reduce((a, b) -> b)
            .orElse("");
        String tier = customers.find(conversation.customerId()).map(c -> c.tier()).orElse("standard");
        String reported = conversation.language() == null || conversation.language().isBlank() ? null
                : conversation.language().toLowerCase(Locale.ROOT);
        String language = languages.detect(text).orElse(reported == null ? "en" : reported);
        if (!language.equals(reported)) {
            conversations.setLanguage(conversationId, language);
        }
        Classification c = classify(text, tier, language);
        execution.setVariable(ProcessVocabulary.VAR_INTENT, c.intent());
        execution.setVariable(ProcessVocabulary.VAR_PRIORITY, c.priority());
        execution.setVariable(ProcessVocabulary.VAR_CUSTOMER_TIER, tier);
        execution.setVariable(ProcessVocabulary.VAR_LANGUAGE, language);
        execution.setVariable(ProcessVocabulary.VAR_SENTIMENT, c.feeling().sentiment());
        execution.setVariable(ProcessVocabulary.VAR_SENTIMENT_SCORE, c.feeling().score());
        execution.setVariable(ProcessVocabulary.VAR_EMOTION, c.feeling().emotion());
    }

    public static Classification classify(String text, String tier) {
        return classify(text, tier, null);
    }

    /**
     * @param language the message's language, for the sentiment lexicon (null: all of
     * them)
     */
    public static Classification classify(String text, String tier, String language) {
        // only the beginning: what a message is about is said there, and a 1 MB e-mail
        // must not keep a job thread busy
        String beginning = LanguageDetector.beginning(text);
        String t = normalise(beginning);
        Sentiment.Reading feeling = Sentiment.of(beginning, language);
        String intent = INTENTS.stream()
            .filter(e -> e.getValue().stream().anyMatch(k -> t.contains(normalise(k))))
            .map(Map.Entry::getKey)
            .findFirst()
            .orElse("general");
        String priority = URGENT.stream().anyMatch(k -> t.contains(normalise(k))) ? "urgent"
                : intent.equals("complaint") || "vip".equalsIgnoreCase(tier) || feeling.negative() ? "high" : "normal";
        return new Classification(intent, priority, feeling);
    }

    /** Lower case without accents and umlauts, so "Rücksendung" matches "rucksendung". */
    static String normalise(String s) {
        String lower = s == null ? "" : s.toLowerCase(Locale.ROOT);
        return Normalizer.normalize(lower, Normalizer.Form.NFD).replaceAll("\\p{M}", "").replace('ß', 's');
    }

}
