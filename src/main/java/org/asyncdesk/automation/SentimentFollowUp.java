package org.asyncdesk.automation;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.asyncdesk.conversation.ConversationService;
import org.asyncdesk.conversation.CustomerWrote;
import org.asyncdesk.conversation.Mood;
import org.asyncdesk.conversation.ProcessVocabulary;
import org.asyncdesk.conversation.Transcript;
import org.asyncdesk.sla.SlaTask;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reads the sentiment of every customer message that reaches a running conversation (the
 * classifier reads the first one): sets the instance's {@code sentiment},
 * {@code sentimentScore} and {@code emotion}, refreshes the mood the open tasks show
 * ({@code mood}, {@code moodNotice}) and, when the message is negative, raises the open
 * "Respond to customer" task to at least the priority of {@code high} ({@link SlaTask})
 * and the instance's {@code priority} to {@code high} (never lowers either: at-risk,
 * breached and urgent stay). A raise is noted in the transcript once.
 * <p>
 * Runs after the message's transaction committed, in a transaction of its own: whatever
 * goes wrong here is logged and never fails the customer's message.
 */
@Component
class SentimentFollowUp {

    static final String RESPOND_TASK = "RespondToCustomer";

    private static final Logger log = LoggerFactory.getLogger(SentimentFollowUp.class);

    static final int ATTEMPTS = 3;

    private final RuntimeService runtime;

    private final TaskService tasks;

    private final ConversationService conversations;

    private final Transcript transcript;

    private final LanguageDetector languages;

    private final TransactionTemplate tx;

    SentimentFollowUp(RuntimeService runtime, TaskService tasks, ConversationService conversations,
            Transcript transcript, LanguageDetector languages, PlatformTransactionManager transactions) {
        this.runtime = runtime;
        this.tasks = tasks;
        this.conversations = conversations;
        this.transcript = transcript;
        this.languages = languages;
        this.tx = new TransactionTemplate(transactions);
        this.tx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    @TransactionalEventListener
    public void customerWrote(CustomerWrote event) {
        if (!event.instanceRunning()) {
            // a new or reopened conversation: Classify reads it when the instance starts
            return;
        }
        for (int attempt = 1;; attempt++) {
            try {
                tx.executeWithoutResult(s -> read(event));
                return;
            }
            catch (OptimisticLockingException busy) {
                // the instance moved on meanwhile (a job, the delivery): read it again
                if (attempt < ATTEMPTS) {
                    continue;
                }
                log.warn("Sentiment of a message in conversation {} not recorded: the instance kept changing",
                        event.conversationId());
                return;
            }
            catch (RuntimeException e) {
                // no message text or exception message: they may hold personal data
                log.warn("Sentiment of a message in conversation {} not recorded ({})", event.conversationId(),
                        e.getClass().getName());
                return;
            }
        }
    }

    private void read(CustomerWrote event) {
        List<ProcessInstance> running = runtime.createProcessInstanceQuery()
            .processInstanceBusinessKey(event.conversationId())
            .active()
            .list();
        if (running.isEmpty()) {
            return;
        }
        String beginning = LanguageDetector.beginning(event.text());
        String language = languages.detect(beginning)
            .orElseGet(() -> conversations.find(event.conversationId())
                .map(c -> c.language() == null ? null : c.language().toLowerCase(Locale.ROOT))
                .orElse(null));
        Sentiment.Reading feeling = Sentiment.of(beginning, language);
        Map<String, Object> vars = new HashMap<>();
        vars.put(ProcessVocabulary.VAR_SENTIMENT, feeling.sentiment());
        vars.put(ProcessVocabulary.VAR_SENTIMENT_SCORE, feeling.score());
        vars.put(ProcessVocabulary.VAR_EMOTION, feeling.emotion());
        int high = SlaTask.basePriority("high");
        boolean raised = false;
        for (ProcessInstance p : running) {
            Map<String, Object> own = new HashMap<>(vars);
            if (feeling.negative()
                    && SlaTask.basePriority(runtime.getVariable(p.getId(), ProcessVocabulary.VAR_PRIORITY)) < high) {
                own.put(ProcessVocabulary.VAR_PRIORITY, "high");
            }
            runtime.setVariables(p.getId(), own);
            for (Task t : tasks.createTaskQuery().processInstanceId(p.getId()).list()) {
                // the list column and the form line are task-local copies (AgentForm)
                tasks.setVariablesLocal(t.getId(),
                        Map.of(ProcessVocabulary.TASK_MOOD, Mood.column(feeling.sentiment(), feeling.emotion()),
                                ProcessVocabulary.TASK_MOOD_NOTICE,
                                Mood.notice(feeling.sentiment(), feeling.emotion())));
                if (feeling.negative() && RESPOND_TASK.equals(t.getTaskDefinitionKey()) && t.getPriority() < high) {
                    tasks.setPriority(t.getId(), high);
                    raised = true;
                }
            }
        }
        if (raised) {
            String how = Mood.column(feeling.sentiment(), feeling.emotion());
            transcript.recordEvent(event.conversationId(),
                    "Customer sounds " + how.substring(how.indexOf(' ') + 1) + ": task priority raised to high");
        }
    }

}
