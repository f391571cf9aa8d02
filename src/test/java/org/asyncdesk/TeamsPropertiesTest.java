package org.asyncdesk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.asyncdesk.TeamsProperties.Team;
import org.junit.jupiter.api.Test;

/**
 * What an operator writes under {@code asyncdesk.teams} adds to the shipped teams and
 * never drops one by accident.
 */
class TeamsPropertiesTest {

    @Test
    void theShippedTeamsAreThereWithoutConfiguration() {
        TeamsProperties teams = new TeamsProperties(null);
        assertThat(teams.ids()).containsExactly("agents", "agents-de", "tier2");
        assertThat(teams.team("agents-de").language()).isEqualTo("de");
        assertThat(teams.team("tier2").tier()).isEqualTo("vip");
        assertThat(teams.team("agents").seesCallBacks()).isTrue();
    }

    @Test
    void aConfiguredTeamIsAddedAndAShippedOneKeepsWhatIsNotSet() {
        TeamsProperties teams = new TeamsProperties(
                Map.of("returns", new Team(null, null, null, null), "agents", new Team("Support", null, null, null)));
        assertThat(teams.ids()).containsExactly("agents", "agents-de", "tier2", "returns");
        assertThat(teams.team("returns").name()).isEqualTo("returns");
        assertThat(teams.team("returns").seesCallBacks()).isFalse();
        assertThat(teams.team("agents").name()).isEqualTo("Support");
        assertThat(teams.team("agents").seesCallBacks()).isTrue();
    }

    @Test
    void anIdCamundaWouldRefuseIsRefusedAtStartWithTheKey() {
        assertThatThrownBy(() -> new TeamsProperties(Map.of("returns team", new Team("Returns", null, null, null))))
            .hasMessageContaining("asyncdesk.teams.<id>")
            .hasMessageContaining("returns team");
        assertThatThrownBy(() -> new EscalationProperties("asyncdesk@localhost", "managers!"))
            .hasMessageContaining("asyncdesk.escalation.managers-group");
    }

}
