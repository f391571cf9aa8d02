package org.asyncdesk.support;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import org.asyncdesk.channel.sandbox.Sandbox;
import org.asyncdesk.channel.webchat.EmailConfirmations;
import org.asyncdesk.conversation.Channel;
import org.asyncdesk.conversation.CustomerMessage;
import org.asyncdesk.conversation.WebchatAccess;
import org.asyncdesk.inbox.Inbox;
import org.asyncdesk.inbox.InboxDispatcher;
import org.awaitility.Awaitility;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.task.Task;
import org.springframework.stereotype.Component;

/**
 * Steps that process tests share: a customer writes, the inbox dispatches, an agent
 * completes, time passes. Everything goes through the real services; nothing of ours is
 * mocked.
 */
@Component
public class Conversations {

    private final WebchatAccess webchats;

    private final Inbox inbox;

    private final InboxDispatcher dispatcher;

    private final TaskService tasks;

    private final ManagementService management;

    private final EmailConfirmations confirmations;

    private final Sandbox sandbox;

    public Conversations(WebchatAccess webchats, Inbox inbox, InboxDispatcher dispatcher, TaskService tasks,
            ManagementService management, EmailConfirmations confirmations, Sandbox sandbox) {
        this.confirmations = confirmations;
        this.sandbox = sandbox;
        this.webchats = webchats;
        this.inbox = inbox;
        this.dispatcher = dispatcher;
        this.tasks = tasks;
        this.management = management;
    }

    /**
     * A customer opens a web chat conversation; returns its id once the engine has it
     * (the jobs that are due ran).
     */
    public String open(String name, String text) {
        return open(name, text, "en");
    }

    /** Like {@link #open(String, String)} in the given language (ISO 639-1). */
    public String open(String name, String text, String language) {
        String email = name.toLowerCase().replace(' ', '.') + "." + UUID.randomUUID().toString().substring(0, 8)
                + "@example.com";
        var opened = webchats.open(name, email, language);
        inbox.accept(opened.conversation().id(), message(email, name, text));
        dispatcher.dispatchAll();
        executeJobs();
        return opened.conversation().id();
    }

    /**
     * Like {@link #open(String, String)}, but the customer confirms the e-mail address
     * first, through the real confirmation e-mail (recorded by the sandbox in this
     * profile) and its link: the conversation then belongs to the profile of that
     * address, as a customer's who proved it.
     */
    public String openConfirmed(String name, String email, String text) {
        var opened = webchats.open(name, email, "en");
        String id = opened.conversation().id();
        confirmations.request(id);
        confirmations.confirm(confirmationToken(email));
        inbox.accept(id, message(email, name, text));
        dispatcher.dispatchAll();
        executeJobs();
        return id;
    }

    /**
     * The token of the newest confirmation link e-mailed to this address (waits for the
     * background sender).
     */
    public String confirmationToken(String email) {
        confirmations.sendDue();
        String body = Awaitility.await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> sandbox.sentTo(Channel.EMAIL, email.toLowerCase()), l -> !l.isEmpty())
            .stream()
            .reduce((a, b) -> b)
            .orElseThrow()
            .body();
        var m = Pattern.compile("/chat/confirm\\?token=([A-Za-z0-9_-]+)").matcher(body);
        if (!m.find()) {
            throw new AssertionError("no confirmation link in: " + body);
        }
        return m.group(1);
    }

    /** The customer writes again on the web chat; dispatched at once. */
    public void customerWrites(String conversationId, String text) {
        inbox.accept(conversationId, message("conversation:" + conversationId, "Customer", text));
        dispatcher.dispatchAll();
        executeJobs();
    }

    public Task task(String conversationId) {
        List<Task> open = tasks.createTaskQuery().processInstanceBusinessKey(conversationId).list();
        if (open.size() != 1) {
            throw new AssertionError("expected one open task, found " + open.size());
        }
        return open.get(0);
    }

    public List<Task> tasks(String conversationId) {
        return tasks.createTaskQuery().processInstanceBusinessKey(conversationId).list();
    }

    /**
     * The agent claims the conversation's task and completes it with the given form
     * values.
     */
    public void agentCompletes(String conversationId, String agent, Map<String, Object> form) {
        Task t = task(conversationId);
        if (t.getAssignee() == null) {
            tasks.claim(t.getId(), agent);
        }
        tasks.complete(t.getId(), new HashMap<>(form));
        executeJobs();
    }

    public void reply(String conversationId, String agent, String text) {
        agentCompletes(conversationId, agent, Map.of("outcome", "reply", "replyText", text));
    }

    /**
     * Runs every job that is due now (the job executor is off in process tests); a
     * failing job fails the test.
     */
    public void executeJobs() {
        executeJobs(false);
    }

    /**
     * Runs every job that is due now and lets failures be what the job executor makes of
     * them: the job records the error, loses a retry and, without retries left, becomes
     * an incident.
     */
    public void executeJobsIgnoringFailures() {
        executeJobs(true);
    }

    private void executeJobs(boolean tolerateFailures) {
        for (int round = 0; round < 20; round++) {
            List<Job> due = management.createJobQuery().executable().list();
            if (due.isEmpty()) {
                return;
            }
            for (Job j : due) {
                try {
                    executeRetryingLockConflicts(j.getId());
                }
                catch (RuntimeException e) {
                    if (!tolerateFailures) {
                        throw e;
                    }
                }
            }
        }
    }

    /**
     * The job executor runs a job again when another transaction changed the same rows
     * (optimistic locking), without counting a failure; background work (e.g. the
     * confirmation mailer) can do that here too.
     */
    private void executeRetryingLockConflicts(String jobId) {
        for (int attempt = 1;; attempt++) {
            try {
                management.executeJob(jobId);
                return;
            }
            catch (OptimisticLockingException e) {
                if (attempt == 5) {
                    throw e;
                }
            }
        }
    }

    /** Moves the engine's clock (and ours) forward and runs what fell due. */
    public void timePasses(Duration d) {
        ClockUtil.setCurrentTime(Date.from(ClockUtil.getCurrentTime().toInstant().plus(d)));
        executeJobs();
    }

    public static void resetClock() {
        ClockUtil.reset();
    }

    private static CustomerMessage message(String sender, String name, String text) {
        // the engine's (test-controlled) time, so SLA clocks start when the test says the
        // customer wrote
        return new CustomerMessage(Channel.WEBCHAT, "webchat-" + UUID.randomUUID(), sender, name, "en", text,
                ClockUtil.getCurrentTime().toInstant());
    }

}
