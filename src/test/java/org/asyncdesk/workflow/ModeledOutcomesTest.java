package org.asyncdesk.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.junit.jupiter.api.Test;

/**
 * The ways a modeler writes an outcome condition in the Modeler all count; other
 * variables' tests do not.
 */
class ModeledOutcomesTest {

    @Test
    void conditionsOnTheGatewaysAfterTheTaskNameTheOutcomes() {
        BpmnModelInstance model = Bpmn.createExecutableProcess("p")
            .startEvent()
            .userTask("Respond")
            .exclusiveGateway("Outcome")
            .condition("reply", "${outcome == 'reply'}")
            .endEvent()
            .moveToNode("Outcome")
            .condition("refund", "${'refund' eq outcome}")
            .endEvent()
            .moveToNode("Outcome")
            .condition("vip", "${outcome eq \"vip\" && customerTier == 'VIP'}")
            .endEvent()
            .moveToNode("Outcome")
            .condition("call", "${callOutcome == 'resolved'}")
            .endEvent()
            .moveToNode("Outcome")
            .exclusiveGateway("More")
            .condition("later", "${outcome=='later'}")
            .endEvent()
            .done();

        assertThat(ModeledOutcomes.read(model.getModelElementById("Respond"))).containsExactlyInAnyOrder("reply",
                "refund", "vip", "later");
    }

    @Test
    void aTaskWhoseFlowsTestNoOutcomeHasNone() {
        BpmnModelInstance model = Bpmn.createExecutableProcess("p").startEvent().userTask("Respond").endEvent().done();
        UserTask task = model.getModelElementById("Respond");
        assertThat(ModeledOutcomes.read(task)).isEmpty();
    }

}
