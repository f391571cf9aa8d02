package org.asyncdesk;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code asyncdesk.teams.<id>}: the agent teams, the one place they are defined. Each is
 * a Camunda group (its id) that identity setup creates with the team grants, that sees
 * the team's Tasklist filters and may use the agent API. {@code bpmn/routing.dmn} routes
 * conversations to them by id. The three shipped teams are always there; what is
 * configured under one of their ids changes that team (what is left out keeps the shipped
 * value).
 *
 * @param teams by group id
 */
@ConfigurationProperties("asyncdesk")
public record TeamsProperties(Map<String, Team> teams) {

    /**
     * Camunda's group id whitelist of application.yaml
     * ({@code group-resource-whitelist-pattern}).
     */
    private static final Pattern GROUP_ID = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_-]*");

    public static final Map<String, Team> SHIPPED = shipped();

    /**
     * A team.
     *
     * @param name display name (Camunda group name); the id when empty
     * @param language optional ISO 639-1 language the team answers in (what routing.dmn
     * sends it), e.g. {@code de}
     * @param tier optional customer tier the team serves, e.g. {@code vip}
     * @param callBacks the team calls customers back: it sees the Call-backs filter (the
     * candidate group of {@code CallBack} in conversation.bpmn); false when not set
     */
    public record Team(String name, String language, String tier, Boolean callBacks) {

        public boolean seesCallBacks() {
            return Boolean.TRUE.equals(callBacks);
        }
    }

    public TeamsProperties {
        Map<String, Team> all = new LinkedHashMap<>(SHIPPED);
        if (teams != null) {
            teams.forEach((id, team) -> {
                requireGroupId(id, "asyncdesk.teams.<id>");
                Team given = team == null ? new Team(null, null, null, null) : team;
                Team base = SHIPPED.getOrDefault(id, new Team(id, null, null, false));
                all.put(id,
                        new Team(or(blankToNull(given.name()), base.name()),
                                or(blankToNull(given.language()), base.language()),
                                or(blankToNull(given.tier()), base.tier()), or(given.callBacks(), base.callBacks())));
            });
        }
        teams = Map.copyOf(all);
    }

    /**
     * Team ids in a stable order: the shipped ones first, then the others alphabetically.
     */
    public List<String> ids() {
        return teams.keySet().stream().sorted((a, b) -> {
            int ia = index(a);
            int ib = index(b);
            return ia != ib ? Integer.compare(ia, ib) : a.compareTo(b);
        }).toList();
    }

    public Team team(String id) {
        return teams.get(id);
    }

    static void requireGroupId(String id, String key) {
        if (id == null || !GROUP_ID.matcher(id).matches()) {
            throw new IllegalArgumentException(key + ": '" + id + "' is not a valid Camunda group id "
                    + "(letters, digits, '-' and '_', starting with a letter or digit)");
        }
    }

    private static int index(String id) {
        int i = List.copyOf(SHIPPED.keySet()).indexOf(id);
        return i < 0 ? Integer.MAX_VALUE : i;
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static Map<String, Team> shipped() {
        Map<String, Team> m = new LinkedHashMap<>();
        m.put("agents", new Team("Agents", null, null, true));
        m.put("agents-de", new Team("Agents (German)", "de", null, false));
        m.put("tier2", new Team("Tier 2 (VIP and complaints)", null, "vip", false));
        return Collections.unmodifiableMap(m);
    }
}
