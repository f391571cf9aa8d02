package org.asyncdesk.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.asyncdesk.conversation.ConversationService;
import org.asyncdesk.conversation.ConversationStatus;
import org.asyncdesk.support.Conversations;
import org.asyncdesk.support.ProcessTest;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.IdentityLink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * The respond task accepts the outcomes the deployed diagram handles, so a modeler can
 * add one without Java; what the new outcome may set is configured (docs/modeling.md,
 * "Adding an outcome").
 */
@ProcessTest
@TestPropertySource(properties = "asyncdesk.tasks.RespondToCustomer.outcomes.refund=internalNote")
class ModeledOutcomesProcessTest {

    @Autowired
    Conversations steps;

    @Autowired
    ConversationService conversations;

    @Autowired
    RepositoryService repository;

    @Autowired
    TaskService tasks;

    private String deploymentId;

    @AfterEach
    void shippedDiagramIsTheLatestAgain() {
        if (deploymentId != null) {
            repository.deleteDeployment(deploymentId, true);
        }
    }

    @Test
    void anOutcomeNoFlowHandlesIsRefusedNamingTheOnesThatAre() {
        String id = steps.open("Clara Kunde", "I want my money back for the broken kettle.");
        String task = steps.task(id).getId();

        assertThatThrownBy(() -> tasks.complete(task, Map.of("outcome", "refund")))
            .isInstanceOf(ProcessEngineException.class)
            .hasMessageContaining("'refund' is not one this process handles")
            .hasMessageContaining("one of callback, handover, reply, resolve");
        assertThat(steps.task(id).getTaskDefinitionKey()).isEqualTo("RespondToCustomer");
    }

    @Test
    void aModelerAddsAnOutcomeToTheGatewayAndItIsAcceptedAndFollowed() throws Exception {
        deploymentId = repository.createDeployment()
            .name("outcome test")
            .addString("conversation.bpmn", withRefundOutcome())
            .deploy()
            .getId();

        String id = steps.open("Clara Kunde", "I want my money back for the broken kettle.");
        steps.agentCompletes(id, "anna", Map.of("outcome", "refund", "internalNote", "Kettle broken on arrival"));

        var approval = steps.task(id);
        assertThat(approval.getTaskDefinitionKey()).isEqualTo("ApproveRefund");
        assertThat(tasks.getIdentityLinksForTask(approval.getId())).extracting(IdentityLink::getGroupId)
            .contains("tier2");
        steps.agentCompletes(id, "tom", Map.of());
        assertThat(conversations.find(id).orElseThrow().status()).isEqualTo(ConversationStatus.RESOLVED);

        String other = steps.task(steps.open("Max Muster", "Where is my parcel?")).getId();
        assertThatThrownBy(() -> tasks.complete(other, Map.of("outcome", "escalate")))
            .isInstanceOf(ProcessEngineException.class)
            .hasMessageContaining("'escalate' is not one this process handles")
            .hasMessageContaining("one of callback, handover, refund, reply, resolve");
    }

    /**
     * The shipped diagram plus a flow {@code ${outcome == 'refund'}} from the gateway to
     * a refund approval.
     */
    static String withRefundOutcome() throws Exception {
        String bpmn = Files.readString(Path.of("bpmn/conversation.bpmn"));
        String changed = bpmn
            .replace("<bpmn:outgoing>Flow_Callback</bpmn:outgoing>\n      </bpmn:exclusiveGateway>",
                    "<bpmn:outgoing>Flow_Callback</bpmn:outgoing>\n        <bpmn:outgoing>Flow_Refund</bpmn:outgoing>\n"
                            + "      </bpmn:exclusiveGateway>")
            .replace("<bpmn:incoming>Flow_CallResolved</bpmn:incoming>",
                    "<bpmn:incoming>Flow_CallResolved</bpmn:incoming>\n        <bpmn:incoming>Flow_RefundApproved</bpmn:incoming>")
            .replace("<bpmn:sequenceFlow id=\"Flow_HandlingStart\"",
                    """
                            <bpmn:userTask id="ApproveRefund" name="Approve the refund" camunda:candidateGroups="tier2">
                                    <bpmn:incoming>Flow_Refund</bpmn:incoming>
                                    <bpmn:outgoing>Flow_RefundApproved</bpmn:outgoing>
                                  </bpmn:userTask>
                                  <bpmn:sequenceFlow id="Flow_Refund" name="refund" sourceRef="Outcome" targetRef="ApproveRefund">
                                    <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${outcome == 'refund'}</bpmn:conditionExpression>
                                  </bpmn:sequenceFlow>
                                  <bpmn:sequenceFlow id="Flow_RefundApproved" sourceRef="ApproveRefund" targetRef="Resolve" />
                                  <bpmn:sequenceFlow id="Flow_HandlingStart\"""");
        assertThat(changed).contains("Flow_RefundApproved</bpmn:incoming>")
            .contains("Flow_Refund</bpmn:outgoing>")
            .contains("id=\"ApproveRefund\"");
        return changed;
    }

}
