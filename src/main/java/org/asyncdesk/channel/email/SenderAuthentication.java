package org.asyncdesk.channel.email;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Whether an e-mail's {@code From:} is authenticated, read from the
 * {@code Authentication-Results} header (RFC 8601) that the receiving mail server added.
 * Anyone can write any {@code From:}; only a server we trust can tell that the domain in
 * it vouches for the mail:
 * <ul>
 * <li>only the <em>topmost</em> header whose authserv-id is one of
 * {@code asyncdesk.channels.email.trusted-authserv-ids} counts: a receiving server adds
 * its header above everything the sender wrote, so a forged one further down never
 * decides (the server should also remove forged ones carrying its id, RFC 8601 section
 * 5). Headers of other authserv-ids are ignored;</li>
 * <li>{@code dmarc=pass} authenticates (when the header names {@code header.from}, it
 * must be the From: domain); {@code dmarc=fail} never does;</li>
 * <li>without a DMARC verdict, or with {@code none} or an error, a {@code dkim=pass}
 * whose signing domain ({@code header.d}, or the domain of {@code header.i}) is the From:
 * domain or a parent or child of it does.</li>
 * </ul>
 * Everything else is unverified: no trusted header, a header longer than
 * {@link #MAX_HEADER} characters, garbage. Parsing is one pass over each header with no
 * backtracking (comments, quoted strings, folding), so a hostile header costs time in
 * proportion to its length; at most {@link #MAX_HEADERS} headers are looked at.
 */
final class SenderAuthentication {

    /**
     * Longer headers are refused, not cut: a cut could drop a result that changes the
     * verdict.
     */
    static final int MAX_HEADER = 16 * 1024;

    /**
     * Headers below these are far from the receiving server and cannot change the verdict
     * anyway.
     */
    static final int MAX_HEADERS = 50;

    /**
     * One {@code method=result} with its properties, e.g.
     * {@code dkim=pass header.d=example.com}.
     */
    record Result(String method, String result, Map<String, String> properties) {
    }

    /**
     * A parsed header: its authserv-id (lower case) and results; {@code usable} is false
     * for garbage.
     */
    record Header(String authservId, List<Result> results, boolean usable) {
    }

    private SenderAuthentication() {
    }

    /**
     * @param headers the {@code Authentication-Results} values in the order they appear
     * (topmost first)
     * @param fromDomain the domain of the one From: address, lower case (null:
     * unverified)
     * @param trusted authserv-ids of the receiving servers we trust, lower case
     */
    static boolean authenticated(String[] headers, String fromDomain, Set<String> trusted) {
        if (headers == null || fromDomain == null || fromDomain.isBlank() || trusted.isEmpty()) {
            return false;
        }
        for (int i = 0; i < headers.length && i < MAX_HEADERS; i++) {
            Header h = parse(headers[i]);
            if (h.authservId() != null && trusted.contains(h.authservId())) {
                // the nearest trusted server's verdict, readable or not: nothing below it
                // may stand in for it
                return h.usable() && verdict(h, fromDomain);
            }
        }
        return false;
    }

    private static boolean verdict(Header header, String fromDomain) {
        List<Result> dmarc = of(header, "dmarc");
        if (!dmarc.isEmpty()) {
            boolean allPass = dmarc.stream().allMatch(r -> r.result().equals("pass"));
            boolean sameFrom = dmarc.stream()
                .map(r -> r.properties().get("header.from"))
                .allMatch(f -> f == null || f.equals(fromDomain));
            if (allPass) {
                return sameFrom;
            }
            if (dmarc.stream().anyMatch(r -> r.result().equals("fail"))) {
                return false;
            }
        }
        return of(header, "dkim").stream()
            .anyMatch(r -> r.result().equals("pass") && aligned(signingDomain(r), fromDomain));
    }

    private static List<Result> of(Header header, String method) {
        return header.results().stream().filter(r -> r.method().equals(method)).toList();
    }

    private static String signingDomain(Result dkim) {
        String d = dkim.properties().get("header.d");
        if (d == null) {
            String i = dkim.properties().get("header.i");
            d = i == null || i.indexOf('@') < 0 ? i : i.substring(i.lastIndexOf('@') + 1);
        }
        return d;
    }

    /**
     * The signer is the From: domain, a parent of it or a child of it (never a bare
     * top-level domain).
     */
    static boolean aligned(String signer, String fromDomain) {
        if (signer == null || signer.indexOf('.') < 0) {
            return false;
        }
        String d = trimDot(signer);
        String f = trimDot(fromDomain);
        return d.equals(f) || f.endsWith("." + d) || d.endsWith("." + f);
    }

    private static String trimDot(String s) {
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    /** Parses one header value; never throws. */
    static Header parse(String value) {
        if (value == null) {
            return new Header(null, List.of(), false);
        }
        if (value.length() > MAX_HEADER) {
            // still say whose it is, so that a trusted server's unreadable verdict is not
            // skipped over
            String id = firstToken(value.substring(0, Math.min(value.length(), 512)));
            return new Header(id, List.of(), false);
        }
        List<String> parts = splitOutsideQuotes(withoutComments(value));
        if (parts.isEmpty()) {
            return new Header(null, List.of(), false);
        }
        String authservId = firstToken(parts.get(0));
        if (authservId == null) {
            return new Header(null, List.of(), false);
        }
        List<Result> results = new ArrayList<>();
        boolean usable = true;
        for (int i = 1; i < parts.size(); i++) {
            List<String[]> pairs = pairs(parts.get(i));
            if (pairs.isEmpty()) {
                // "none", or an empty part between two semicolons
                continue;
            }
            String[] first = pairs.get(0);
            if (first[1] == null || first[0].isEmpty() || first[1].isEmpty()) {
                usable = false;
                continue;
            }
            String method = first[0];
            int slash = method.indexOf('/');
            if (slash >= 0) {
                method = method.substring(0, slash);
            }
            Map<String, String> properties = new HashMap<>();
            for (int p = 1; p < pairs.size(); p++) {
                String[] pair = pairs.get(p);
                if (pair[1] != null) {
                    properties.putIfAbsent(pair[0], pair[1]);
                }
            }
            results.add(new Result(method, first[1], properties));
        }
        return new Header(authservId, List.copyOf(results), usable);
    }

    /**
     * Comments ({@code (...)}, nested, with {@code \} escapes) become a blank, folding
     * and tabs blanks; quoted strings stay. One pass.
     */
    static String withoutComments(String s) {
        StringBuilder out = new StringBuilder(s.length());
        int depth = 0;
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\r' || c == '\n' || c == '\t') {
                c = ' ';
            }
            if (depth > 0) {
                if (c == '\\') {
                    i++;
                }
                else if (c == '(') {
                    depth++;
                }
                else if (c == ')') {
                    depth--;
                    if (depth == 0) {
                        out.append(' ');
                    }
                }
                continue;
            }
            if (quoted) {
                out.append(c);
                if (c == '\\' && i + 1 < s.length()) {
                    out.append(s.charAt(++i));
                }
                else if (c == '"') {
                    quoted = false;
                }
                continue;
            }
            if (c == '(') {
                depth = 1;
            }
            else {
                if (c == '"') {
                    quoted = true;
                }
                out.append(c);
            }
        }
        return out.toString();
    }

    private static List<String> splitOutsideQuotes(String s) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quoted) {
                if (c == '\\') {
                    i++;
                }
                else if (c == '"') {
                    quoted = false;
                }
            }
            else if (c == '"') {
                quoted = true;
            }
            else if (c == ';') {
                parts.add(s.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(s.substring(start));
        return parts;
    }

    private static String firstToken(String s) {
        int i = 0;
        while (i < s.length() && s.charAt(i) == ' ') {
            i++;
        }
        int start = i;
        while (i < s.length() && s.charAt(i) != ' ' && s.charAt(i) != ';') {
            i++;
        }
        if (i == start) {
            return null;
        }
        String token = s.substring(start, i);
        if (token.length() >= 2 && token.startsWith("\"") && token.endsWith("\"")) {
            token = token.substring(1, token.length() - 1);
        }
        return token.toLowerCase(Locale.ROOT);
    }

    /**
     * {@code key=value} pairs of one result, blanks around {@code =} allowed; a word
     * without {@code =} is a pair with a null value. Keys and values in lower case
     * (methods, results and domains are case-insensitive), quoted values unquoted.
     */
    private static List<String[]> pairs(String s) {
        List<String[]> pairs = new ArrayList<>();
        int i = 0;
        int n = s.length();
        while (i < n) {
            while (i < n && s.charAt(i) == ' ') {
                i++;
            }
            if (i >= n) {
                break;
            }
            int keyStart = i;
            while (i < n && s.charAt(i) != ' ' && s.charAt(i) != '=') {
                i++;
            }
            String key = s.substring(keyStart, i).toLowerCase(Locale.ROOT);
            int j = i;
            while (j < n && s.charAt(j) == ' ') {
                j++;
            }
            if (j >= n || s.charAt(j) != '=') {
                pairs.add(new String[] { key, null });
                continue;
            }
            i = j + 1;
            while (i < n && s.charAt(i) == ' ') {
                i++;
            }
            String value;
            if (i < n && s.charAt(i) == '"') {
                StringBuilder v = new StringBuilder();
                i++;
                while (i < n && s.charAt(i) != '"') {
                    if (s.charAt(i) == '\\' && i + 1 < n) {
                        i++;
                    }
                    v.append(s.charAt(i));
                    i++;
                }
                i++;
                value = v.toString().toLowerCase(Locale.ROOT);
            }
            else {
                int valueStart = i;
                while (i < n && s.charAt(i) != ' ') {
                    i++;
                }
                value = s.substring(valueStart, i).toLowerCase(Locale.ROOT);
            }
            pairs.add(new String[] { key, value });
        }
        return pairs;
    }

}
