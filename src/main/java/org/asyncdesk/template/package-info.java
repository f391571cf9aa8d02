/**
 * Message templates: the texts Asyncdesk sends and shows (acknowledgements, alerts,
 * confirmation e-mails, canned responses), one file per template and language under
 * {@code asyncdesk.templates.path} with English fallback, and their placeholders.
 * <p>
 * May use: nothing of ours.
 */
package org.asyncdesk.template;
