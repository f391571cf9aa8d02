package org.asyncdesk.conversation;

/**
 * How the customer's mood ({@code sentiment}, {@code emotion}) reads for an agent: the
 * Tasklist column ({@code mood}, e.g. "😠 negative (anger)") and the line at the top of
 * the agent form ({@code moodNotice}, only when negative). Here because both the
 * classifier's follow-up (automation) and the agent form (workflow) write them.
 */
public final class Mood {

    private Mood() {
    }

    /** The list column; empty before anything was read. */
    public static String column(Object sentiment, Object emotion) {
        if (!(sentiment instanceof String s) || s.isBlank()) {
            return "";
        }
        String e = emotion instanceof String text && !text.isBlank() && !text.equals("none") ? text : null;
        return face(s, e) + " " + s + (e == null ? "" : " (" + e + ")");
    }

    /** Markdown for the agent form; empty unless the customer sounds negative. */
    public static String notice(Object sentiment, Object emotion) {
        if (!"negative".equals(sentiment)) {
            return "";
        }
        String feeling = switch (emotion instanceof String e ? e : "none") {
            case "anger" -> "angry";
            case "frustration" -> "frustrated";
            case "worry" -> "worried";
            default -> "unhappy";
        };
        return column(sentiment, emotion) + " · **The customer sounds " + feeling
                + "** in their latest message: acknowledge it before anything else.";
    }

    private static String face(String sentiment, String emotion) {
        if ("negative".equals(sentiment)) {
            return switch (emotion == null ? "" : emotion) {
                case "anger" -> "😠";
                case "frustration" -> "😤";
                case "worry" -> "😟";
                default -> "🙁";
            };
        }
        return "positive".equals(sentiment) ? "🙂" : "😐";
    }

}
