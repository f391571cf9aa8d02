package org.asyncdesk.conversation;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.springframework.stereotype.Component;

/**
 * The transcript as the agent form shows it: Markdown in the task-local variable {@code transcript}, refreshed
 * whenever the transcript changes while a task is open. The transcript itself stays in our tables; this is a view.
 */
@Component
public class TranscriptView {

    public static final String VARIABLE = "transcript";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("EEE d MMM, HH:mm", Locale.ENGLISH);

    private final TranscriptRepository transcript;
    private final TaskService tasks;

    public TranscriptView(TranscriptRepository transcript, TaskService tasks) {
        this.transcript = transcript;
        this.tasks = tasks;
    }

    /** Writes the current transcript onto every open task of the conversation. */
    public void refresh(String conversationId) {
        List<Task> open = tasks.createTaskQuery().processInstanceBusinessKey(conversationId).list();
        if (open.isEmpty()) {
            return;
        }
        String markdown = render(transcript.of(conversationId), ZoneId.systemDefault());
        for (Task t : open) {
            tasks.setVariableLocal(t.getId(), VARIABLE, markdown);
        }
    }

    public String render(String conversationId) {
        return render(transcript.of(conversationId), ZoneId.systemDefault());
    }

    static String render(List<TranscriptMessage> messages, ZoneId zone) {
        StringBuilder md = new StringBuilder();
        for (TranscriptMessage m : messages) {
            String when = TIME.format(m.createdAt().atZone(zone));
            String channel = m.channel().key();
            switch (m.direction()) {
                case IN -> md.append("**").append(escape(m.author())).append("** (customer, ").append(channel)
                        .append(", ").append(when).append(")\n\n").append(quote(m.body(), ""));
                case OUT -> md.append("**").append(escape(m.author())).append("** (agent, ").append(channel)
                        .append(", ").append(when)
                        .append(m.deliveryState() == null ? "" : ", " + m.deliveryState()).append(")\n\n")
                        .append(quote(m.body(), ""));
                case NOTE -> md.append("> 🔒 **Internal note by ").append(escape(m.author())).append("** (")
                        .append(when).append(", not visible to the customer)\n>\n").append(quote(m.body(), "> "));
                case EVENT -> md.append("_").append(when).append(" · ").append(escape(m.body())).append("_\n");
            }
            md.append("\n---\n\n");
        }
        return md.toString();
    }

    private static String quote(String body, String prefix) {
        StringBuilder b = new StringBuilder();
        for (String line : body.split("\\R", -1)) {
            b.append(prefix).append(escape(line)).append("  \n");
        }
        return b.toString();
    }

    /** Customer text is shown, never interpreted: Markdown and HTML characters are escaped. */
    public static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '\\', '`', '*', '_', '{', '}', '[', ']', '(', ')', '#', '+', '-', '!', '|', '~' ->
                        b.append('\\').append(c);
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
