package org.asyncdesk.automation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.init;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Date;

import org.asyncdesk.conversation.Direction;
import org.asyncdesk.conversation.Transcript;
import org.asyncdesk.support.Conversations;
import org.asyncdesk.support.ProcessTest;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The sentiment is read again on every customer message: an angry follow-up while the
 * agent task is open raises its priority and shows the mood.
 */
@ProcessTest
class SentimentFollowUpProcessTest {

    @Autowired
    Conversations steps;

    @Autowired
    RuntimeService runtime;

    @Autowired
    TaskService tasks;

    @Autowired
    Transcript transcript;

    @Autowired
    ProcessEngine engine;

    @BeforeEach
    void setUp() {
        init(engine);
    }

    @AfterEach
    void tearDown() {
        Conversations.resetClock();
    }

    private Object variable(String conversationId, String name) {
        var instance = runtime.createProcessInstanceQuery().processInstanceBusinessKey(conversationId).singleResult();
        return runtime.getVariable(instance.getId(), name);
    }

    private Object taskVariable(String conversationId, String name) {
        return tasks.getVariableLocal(steps.task(conversationId).getId(), name);
    }

    @Test
    void anAngryFollowUpRaisesTheOpenTaskAndShowsTheMood() {
        String id = steps.open("Clara Kunde", "Hello, could you tell me when my order will arrive? Thank you!");
        assertThat(variable(id, "priority")).isEqualTo("normal");
        assertThat(variable(id, "sentiment")).isNotEqualTo("negative");
        assertThat(steps.task(id).getPriority()).isEqualTo(50);
        assertThat(taskVariable(id, "moodNotice")).isEqualTo("");
        String taskId = steps.task(id).getId();

        steps.customerWrites(id, "This is unacceptable! I am furious, still nothing has arrived. Terrible service!");

        assertThat(steps.task(id).getId()).as("the same open task").isEqualTo(taskId);
        assertThat(variable(id, "sentiment")).isEqualTo("negative");
        assertThat(variable(id, "emotion")).isEqualTo("anger");
        assertThat((Double) variable(id, "sentimentScore")).isNegative();
        assertThat(variable(id, "priority")).isEqualTo("high");
        assertThat(steps.task(id).getPriority()).isEqualTo(60);
        assertThat(taskVariable(id, "mood")).isEqualTo("😠 negative (anger)");
        assertThat(taskVariable(id, "moodNotice").toString()).contains("sounds angry");
        assertThat(transcript.of(id).stream().filter(m -> m.direction() == Direction.EVENT))
            .anyMatch(m -> m.body().contains("priority raised"));

        // a calmer message shows the new mood but lowers nothing
        steps.customerWrites(id, "Okay, thank you.");

        assertThat(variable(id, "sentiment")).isNotEqualTo("negative");
        assertThat(steps.task(id).getPriority()).isEqualTo(60);
        assertThat(variable(id, "priority")).isEqualTo("high");
        assertThat(taskVariable(id, "mood").toString()).doesNotContain("negative");
        assertThat(taskVariable(id, "moodNotice")).isEqualTo("");
    }

    @Test
    void anAngryFollowUpKeepsTheAtRiskPriority() {
        // a Tuesday morning: the support calendar is open, so the warning falls due
        // within the test
        ClockUtil.setCurrentTime(
                Date.from(LocalDateTime.parse("2026-11-24T10:00").atZone(ZoneId.of("Europe/Berlin")).toInstant()));
        String id = steps.open("Clara Kunde", "Hello, where is my order?");
        steps.timePasses(Duration.ofMinutes(181));
        assertThat(variable(id, "slaState")).isEqualTo("at-risk");
        assertThat(steps.task(id).getPriority()).isEqualTo(75);

        steps.customerWrites(id, "This is unacceptable! I am furious, still nothing has arrived. Terrible service!");

        assertThat(variable(id, "sentiment")).isEqualTo("negative");
        assertThat(steps.task(id).getPriority()).isEqualTo(75);
        assertThat(taskVariable(id, "mood")).isEqualTo("😠 negative (anger)");
    }

    @Test
    void aNegativeFollowUpNeverLowersAHigherPriority() {
        String id = steps.open("Clara Kunde", "URGENT: please answer immediately, where is my parcel?");
        assertThat(variable(id, "priority")).isEqualTo("urgent");
        assertThat(steps.task(id).getPriority()).isEqualTo(70);

        steps.customerWrites(id, "I am so angry, this is the worst shop ever.");

        assertThat(variable(id, "sentiment")).isEqualTo("negative");
        assertThat(variable(id, "priority")).isEqualTo("urgent");
        assertThat(steps.task(id).getPriority()).isEqualTo(70);
    }

}
