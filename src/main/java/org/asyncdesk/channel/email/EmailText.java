package org.asyncdesk.channel.email;

import java.util.HashMap;
import java.util.Map;

/**
 * Turns an e-mail body into what the agent should read: HTML becomes text, and the quoted
 * history and the signature are cut off (the history is in the transcript already).
 * <p>
 * Hand-written scanning instead of regular expressions: e-mail bodies are
 * attacker-controlled, and the patterns this replaced backtracked quadratically (a 90 KB
 * mail kept job threads busy for minutes). Every step here looks at each character a
 * bounded number of times.
 */
final class EmailText {

    private static final String[] SENT_FROM = { "sent from my", "von meinem", "gesendet von" };

    private static final String[] ORIGINAL = { "original message", "ursprüngliche nachricht", "message d'origine" };

    private EmailText() {
    }

    static String fromHtml(String html) {
        String lower = lowerSameLength(html);
        StringBuilder out = new StringBuilder(Math.min(html.length(), 1 << 16));
        // where "</name>" was last found (or -1 when it does not occur after that point),
        // so unclosed elements
        // cost one search each, not one search per opening tag
        ClosingTags closing = new ClosingTags(lower);
        int i = 0;
        int n = html.length();
        while (i < n) {
            char c = html.charAt(i);
            if (c != '<') {
                out.append(c);
                i++;
                continue;
            }
            int end = html.indexOf('>', i + 1);
            if (end < 0) {
                out.append(html, i, n); // no tag can close any more: the rest is text
                break;
            }
            if (end == i + 1) {
                out.append("<>");
                i = end + 1;
                continue;
            }
            boolean isClosing = html.charAt(i + 1) == '/';
            String name = tagName(lower, isClosing ? i + 2 : i + 1, end);
            if (!isClosing && (name.equals("script") || name.equals("style") || name.equals("head")
                    || name.equals("blockquote"))) {
                int close = closing.after(name, end + 1);
                if (close >= 0) {
                    if (name.equals("blockquote")) {
                        out.append("\n> (quoted)\n");
                    }
                    i = close + name.length() + 3;
                    continue;
                }
            }
            if (name.equals("br")) {
                out.append('\n');
            }
            else if (isClosing && isBlock(name)) {
                out.append('\n');
            }
            else if (!isClosing && name.equals("li")) {
                out.append("• ");
            }
            i = end + 1;
        }
        return tidy(unescape(out.toString()));
    }

    private static boolean isBlock(String name) {
        return switch (name) {
            case "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6" -> true;
            default -> false;
        };
    }

    private static String tagName(String lower, int from, int end) {
        int j = from;
        while (j < end && Character.isLetterOrDigit(lower.charAt(j))) {
            j++;
        }
        return lower.substring(from, j);
    }

    private static final class ClosingTags {

        private final String lower;

        private final Map<String, Integer> found = new HashMap<>();

        ClosingTags(String lower) {
            this.lower = lower;
        }

        /** Start of the first {@code </name>} at or after {@code from}, or -1. */
        int after(String name, int from) {
            Integer known = found.get(name);
            if (known != null && (known < 0 || known >= from)) {
                return known;
            }
            int at = lower.indexOf("</" + name + ">", from);
            found.put(name, at);
            return at;
        }

    }

    /**
     * Lower case char by char, so that indexes stay those of the original
     * (String.toLowerCase may change length).
     */
    private static String lowerSameLength(String s) {
        char[] c = s.toCharArray();
        for (int i = 0; i < c.length; i++) {
            c[i] = Character.toLowerCase(c[i]);
        }
        return new String(c);
    }

    private static final int LONGEST_ENTITY = 10;

    private static String unescape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        int n = s.length();
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (c == '&') {
                int semi = -1;
                for (int j = i + 1; j < n && j <= i + 1 + LONGEST_ENTITY; j++) {
                    char e = s.charAt(j);
                    if (e == ';') {
                        semi = j;
                        break;
                    }
                    if (!(Character.isLetterOrDigit(e) || e == '#')) {
                        break;
                    }
                }
                String r = semi > i + 1 ? entity(s.substring(i + 1, semi)) : null;
                if (r != null) {
                    b.append(r);
                    i = semi + 1;
                    continue;
                }
            }
            b.append(c);
            i++;
        }
        return b.toString();
    }

    private static String entity(String e) {
        switch (e) {
            case "amp":
                return "&";
            case "lt":
                return "<";
            case "gt":
                return ">";
            case "quot":
                return "\"";
            case "apos":
                return "'";
            case "nbsp":
                return " ";
            default:
                if (e.startsWith("#")) {
                    try {
                        boolean hex = e.startsWith("#x") || e.startsWith("#X");
                        int cp = Integer.parseInt(e.substring(hex ? 2 : 1), hex ? 16 : 10);
                        return new String(Character.toChars(cp));
                    }
                    catch (IllegalArgumentException bad) {
                        return null;
                    }
                }
                return null;
        }
    }

    /** Drops blanks at line ends, keeps at most one empty line in a row, strips. */
    private static String tidy(String s) {
        StringBuilder b = new StringBuilder(s.length());
        int blanksFrom = -1;
        int newlines = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n') {
                if (blanksFrom >= 0) {
                    b.setLength(blanksFrom);
                    blanksFrom = -1;
                }
                if (++newlines <= 2) {
                    b.append('\n');
                }
                continue;
            }
            if (c == ' ' || c == '\t' || c == '\u000B' || c == '\f' || c == '\r') {
                if (blanksFrom < 0) {
                    blanksFrom = b.length();
                }
            }
            else {
                blanksFrom = -1;
                newlines = 0;
            }
            b.append(c);
        }
        return b.toString().strip();
    }

    /**
     * Cuts the quoted history (attribution line, "> " lines, forwarded headers) and the
     * "-- " signature.
     */
    static String withoutHistory(String text) {
        StringBuilder kept = new StringBuilder(Math.min(text.length(), 1 << 16));
        String normalised = text.replace("\r\n", "\n");
        int n = normalised.length();
        int start = 0;
        boolean first = true;
        while (start <= n) {
            int nl = normalised.indexOf('\n', start);
            int end = nl < 0 ? n : nl;
            String line = normalised.substring(start, end);
            if (line.equals("-- ") || line.equals("--") || isHistoryStart(line)) {
                break;
            }
            if (!line.startsWith(">")) {
                if (!first) {
                    kept.append('\n');
                }
                kept.append(line);
                first = false;
            }
            start = end + 1;
        }
        return tidyNewlines(kept);
    }

    private static String tidyNewlines(CharSequence s) {
        StringBuilder b = new StringBuilder(s.length());
        int newlines = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            newlines = c == '\n' ? newlines + 1 : 0;
            if (newlines <= 2) {
                b.append(c);
            }
        }
        return b.toString().strip();
    }

    static boolean isHistoryStart(String line) {
        String left = stripBlanks(line, true, false);
        if (left.isEmpty()) {
            return false;
        }
        String lower = lowerSameLength(left);
        for (String s : SENT_FROM) {
            if (lower.startsWith(s) && lower.length() > s.length() && isBlank(lower.charAt(s.length()))) {
                return true;
            }
        }
        String t = stripBlanks(lower, false, true);
        return isAttribution(t) || isSeparator(t);
    }

    /**
     * "On … wrote:", "Am … schrieb …:", "Le … a écrit :", "На … написа …:"; {@code t} is
     * lower case, without blanks at either end.
     */
    private static boolean isAttribution(String t) {
        int len = t.length();
        if (len < 6 || !isBlank(t.charAt(2))) {
            return false;
        }
        if (t.startsWith("on")) {
            // "on" blank something blank "wrote:"
            return t.endsWith("wrote:") && len - 7 > 3 && isBlank(t.charAt(len - 7));
        }
        if (t.startsWith("am")) {
            return wordBeforeColon(t, "schrieb");
        }
        if (t.startsWith("на")) {
            return wordBeforeColon(t, "написа");
        }
        if (t.startsWith("le") && t.endsWith(":")) {
            String u = stripBlanks(t.substring(0, len - 1), false, true);
            if (!u.endsWith("écrit")) {
                return false;
            }
            int j = u.length() - "écrit".length() - 1;
            if (j < 0 || !isBlank(u.charAt(j))) {
                return false;
            }
            while (j >= 0 && isBlank(u.charAt(j))) {
                j--;
            }
            // "a" preceded by a blank, with something between "le " and it
            return j >= 5 && u.charAt(j) == 'a' && isBlank(u.charAt(j - 1));
        }
        return false;
    }

    /**
     * "am"/"на" blank something blank word anything ":" — the line (already stripped)
     * ends with the colon.
     */
    private static boolean wordBeforeColon(String t, String word) {
        if (!t.endsWith(":")) {
            return false;
        }
        int at = t.indexOf(word, 5);
        while (at >= 0) {
            if (isBlank(t.charAt(at - 1)) && at + word.length() < t.length()) {
                return true;
            }
            at = t.indexOf(word, at + 1);
        }
        return false;
    }

    private static boolean isSeparator(String t) {
        int len = t.length();
        if (len >= 10 && t.chars().allMatch(c -> c == '_')) {
            return true;
        }
        if ((t.startsWith("from:") && len >= 7 && isBlank(t.charAt(5)))
                || (t.startsWith("von:") && len >= 6 && isBlank(t.charAt(4)))) {
            return true;
        }
        if (!t.startsWith("--")) {
            return false;
        }
        int i = 0;
        while (i < len && t.charAt(i) == '-') {
            i++;
        }
        String rest = stripBlanks(t.substring(i), true, false);
        for (String o : ORIGINAL) {
            if (rest.startsWith(o)) {
                String tail = stripBlanks(rest.substring(o.length()), true, false);
                return tail.length() >= 2 && tail.chars().allMatch(c -> c == '-');
            }
        }
        return false;
    }

    /** The blanks of Java's {@code \s}. */
    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
    }

    private static String stripBlanks(String s, boolean leading, boolean trailing) {
        int from = 0;
        int to = s.length();
        while (leading && from < to && isBlank(s.charAt(from))) {
            from++;
        }
        while (trailing && to > from && isBlank(s.charAt(to - 1))) {
            to--;
        }
        return s.substring(from, to);
    }

    /**
     * The first {@code max} characters of {@code s}, never splitting a surrogate pair.
     */
    static String beginning(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        int end = Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max;
        return s.substring(0, end);
    }

}
