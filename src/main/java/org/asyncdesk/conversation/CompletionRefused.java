package org.asyncdesk.conversation;

import org.camunda.bpm.engine.impl.form.validator.FormFieldValidationException;

/**
 * An agent's completion is refused for what they entered (no outcome, an empty reply, a
 * handover to nobody): the task stays open and Tasklist shows the message. A form
 * validation error to the engine, so its REST API answers {@code 400} with the message
 * instead of the {@code 500} any other engine exception gets.
 */
public class CompletionRefused extends FormFieldValidationException {

    public CompletionRefused(String message) {
        super(null, message);
    }

}
