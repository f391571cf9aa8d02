package org.asyncdesk.automation;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import org.asyncdesk.conversation.Channel;
import org.asyncdesk.conversation.CustomerWrote;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionStatus;

/** Reading a follow-up's sentiment never fails the customer's message. */
class SentimentFollowUpTest {

    final RuntimeService runtime = mock(RuntimeService.class);

    final PlatformTransactionManager transactions = mock(PlatformTransactionManager.class);

    final SentimentFollowUp followUp = new SentimentFollowUp(runtime, mock(TaskService.class), null, null, null,
            transactions);

    final CustomerWrote angry = new CustomerWrote("c-1", 1, "I am furious", Channel.WEBCHAT, true);

    SentimentFollowUpTest() {
        when(transactions.getTransaction(any())).thenReturn(mock(TransactionStatus.class));
    }

    @Test
    void anEngineFailureIsLoggedNotThrown() {
        when(runtime.createProcessInstanceQuery()).thenThrow(new ProcessEngineException("database down"));

        assertThatCode(() -> followUp.customerWrote(angry)).doesNotThrowAnyException();
        verify(transactions).rollback(any());
    }

    @Test
    void aBusyInstanceIsTriedAFewTimesThenLeft() {
        when(runtime.createProcessInstanceQuery()).thenThrow(new OptimisticLockingException("changed meanwhile"));

        assertThatCode(() -> followUp.customerWrote(angry)).doesNotThrowAnyException();
        verify(runtime, org.mockito.Mockito.times(SentimentFollowUp.ATTEMPTS)).createProcessInstanceQuery();
    }

    @Test
    void aNewConversationIsNotLookedUp() {
        followUp.customerWrote(new CustomerWrote("c-2", 2, "I am furious", Channel.WEBCHAT, false));

        verify(runtime, never()).createProcessInstanceQuery();
    }

}
