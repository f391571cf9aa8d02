package org.asyncdesk.channel.email;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns an e-mail body into what the agent should read: HTML becomes text, and the quoted history and the
 * signature are cut off (the history is in the transcript already).
 */
final class EmailText {

    /** "On Tue, 3 Mar 2026 at 10:00, Shop <x@y> wrote:" and the German, French and Bulgarian forms */
    private static final Pattern ATTRIBUTION = Pattern.compile(
            "^\\s*(On\\s.+\\swrote:|Am\\s.+\\sschrieb.*:|Le\\s.+\\sa\\s+écrit\\s*:|На\\s.+\\sнаписа.*:)\\s*$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern SEPARATOR = Pattern.compile(
            "^\\s*(-{2,}\\s*(Original Message|Ursprüngliche Nachricht|Message d'origine)\\s*-{2,}|_{10,}|From:\\s.+|Von:\\s.+)\\s*$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern SENT_FROM = Pattern.compile("^\\s*(Sent from my|Von meinem|Gesendet von)\\s.*$",
            Pattern.CASE_INSENSITIVE);

    private EmailText() {
    }

    static String fromHtml(String html) {
        String s = html.replaceAll("(?is)<(script|style|head)[^>]*>.*?</\\1>", "");
        s = s.replaceAll("(?is)<blockquote[^>]*>.*?</blockquote>", "\n> (quoted)\n");
        s = s.replaceAll("(?i)<br\\s*/?>", "\n");
        s = s.replaceAll("(?i)</(p|div|li|tr|h[1-6])\\s*>", "\n");
        s = s.replaceAll("(?i)<li[^>]*>", "• ");
        s = s.replaceAll("(?s)<[^>]+>", "");
        s = unescape(s);
        return s.replaceAll("[ \\t\\x0B\\f\\r]+\\n", "\n").replaceAll("\\n{3,}", "\n\n").strip();
    }

    private static String unescape(String s) {
        Matcher m = Pattern.compile("&(#x?[0-9a-fA-F]+|[a-zA-Z]+);").matcher(s);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String e = m.group(1);
            String r = switch (e) {
                case "amp" -> "&";
                case "lt" -> "<";
                case "gt" -> ">";
                case "quot" -> "\"";
                case "apos" -> "'";
                case "nbsp" -> " ";
                default -> {
                    if (e.startsWith("#")) {
                        try {
                            int cp = e.startsWith("#x") || e.startsWith("#X") ? Integer.parseInt(e.substring(2), 16)
                                    : Integer.parseInt(e.substring(1));
                            yield new String(Character.toChars(cp));
                        } catch (IllegalArgumentException bad) {
                            yield m.group();
                        }
                    }
                    yield m.group();
                }
            };
            m.appendReplacement(b, Matcher.quoteReplacement(r));
        }
        m.appendTail(b);
        return b.toString();
    }

    /** Cuts the quoted history (attribution line, "> " lines, forwarded headers) and the "-- " signature. */
    static String withoutHistory(String text) {
        List<String> kept = new ArrayList<>();
        for (String line : text.replace("\r\n", "\n").split("\n", -1)) {
            if (line.equals("-- ") || line.equals("--") || ATTRIBUTION.matcher(line).matches()
                    || SEPARATOR.matcher(line).matches() || SENT_FROM.matcher(line).matches()) {
                break;
            }
            if (line.startsWith(">")) {
                continue;
            }
            kept.add(line);
        }
        return String.join("\n", kept).replaceAll("\\n{3,}", "\n\n").strip();
    }
}
