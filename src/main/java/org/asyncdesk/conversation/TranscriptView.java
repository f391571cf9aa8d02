package org.asyncdesk.conversation;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedList;
import java.util.List;
import java.util.Locale;

import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.springframework.stereotype.Component;

/**
 * The transcript as the agent form shows it: Markdown in the task-local variable
 * {@code transcript}, refreshed whenever the transcript changes while a task is open. The
 * transcript itself stays in our tables; this is a view.
 * <p>
 * Camunda keeps a String variable in a column of {@value #MAX_LENGTH} characters, and a
 * longer one makes the task fail to be created. So the view holds the newest entries that
 * fit, says how many earlier ones it leaves out, and cuts a single entry that is longer
 * than the whole view.
 */
@Component
public class TranscriptView {

    /** Camunda's limit for String variables (ACT_RU_VARIABLE.TEXT_). */
    static final int MAX_LENGTH = 4000;

    /** Room kept for the note about left-out entries. */
    private static final int NOTE_ROOM = 200;

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
        List<TranscriptMessage> messages = transcript.of(conversationId);
        String markdown = render(messages, ZoneId.systemDefault());
        // the list column "Channel" (a task-local copy, see AgentForm): the channel the
        // customer last wrote on
        String channel = messages.stream()
            .filter(m -> m.direction() == Direction.IN)
            .reduce((a, b) -> b)
            .map(m -> m.channel().key())
            .orElse(null);
        for (Task t : open) {
            tasks.setVariableLocal(t.getId(), ProcessVocabulary.TASK_TRANSCRIPT, markdown);
            if (channel != null) {
                tasks.setVariableLocal(t.getId(), ProcessVocabulary.VAR_CHANNEL, channel);
            }
        }
    }

    public String render(String conversationId) {
        return render(transcript.of(conversationId), ZoneId.systemDefault());
    }

    static String render(List<TranscriptMessage> messages, ZoneId zone) {
        List<String> entries = messages.stream().map(m -> entry(m, zone)).toList();
        int total = entries.stream().mapToInt(String::length).sum();
        if (total <= MAX_LENGTH) {
            return String.join("", entries);
        }
        // newest first, as many as fit; the first one that does not fit is shown cut,
        // when there is room for it
        int budget = MAX_LENGTH - NOTE_ROOM;
        LinkedList<String> shown = new LinkedList<>();
        int first = entries.size();
        while (first > 0 && budget > 0) {
            String e = entries.get(first - 1);
            if (e.length() <= budget) {
                shown.addFirst(e);
                budget -= e.length();
                first--;
                continue;
            }
            String cutNote = "\n\n_… cut here: " + e.length() + " characters in all._\n\n---\n\n";
            if (budget - cutNote.length() >= NOTE_ROOM) {
                shown.addFirst(cut(e, budget - cutNote.length()) + cutNote);
                first--;
            }
            break;
        }
        StringBuilder md = new StringBuilder(MAX_LENGTH).append(note(first));
        shown.forEach(md::append);
        return md.toString();
    }

    private static String note(int leftOut) {
        return leftOut == 0 ? "" : "_" + leftOut + (leftOut == 1 ? " earlier entry is" : " earlier entries are")
                + " not shown: the form holds the newest " + MAX_LENGTH + " characters._\n\n---\n\n";
    }

    /**
     * The first {@code max} characters, ending at a line break when there is one, never
     * inside a surrogate pair.
     */
    private static String cut(String s, int max) {
        int end = Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max;
        int line = s.lastIndexOf('\n', end - 1);
        return s.substring(0, line > max / 2 ? line : end);
    }

    private static String entry(TranscriptMessage m, ZoneId zone) {
        StringBuilder md = new StringBuilder();
        String when = TIME.format(m.createdAt().atZone(zone));
        String channel = m.channel().key();
        switch (m.direction()) {
            case IN -> md.append("**")
                .append(escape(m.author()))
                .append("** (customer, ")
                .append(channel)
                .append(", ")
                .append(when)
                .append(")\n\n")
                .append(quote(m.body(), ""));
            case OUT -> md.append("**")
                .append(escape(m.author()))
                .append("** (agent, ")
                .append(channel)
                .append(", ")
                .append(when)
                .append(m.deliveryState() == null ? "" : ", " + m.deliveryState().key())
                .append(")\n\n")
                .append(quote(m.body(), ""));
            case NOTE -> md.append("> 🔒 **Internal note by ")
                .append(escape(m.author()))
                .append("** (")
                .append(when)
                .append(", not visible to the customer)\n>\n")
                .append(quote(m.body(), "> "));
            case EVENT -> md.append("_").append(when).append(" · ").append(escape(m.body())).append("_\n");
        }
        md.append("\n---\n\n");
        return md.toString();
    }

    private static String quote(String body, String prefix) {
        StringBuilder b = new StringBuilder();
        for (String line : body.split("\\R", -1)) {
            b.append(prefix).append(escape(line)).append("  \n");
        }
        return b.toString();
    }

    /**
     * Customer text is shown, never interpreted: Markdown and HTML characters are
     * escaped.
     */
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
