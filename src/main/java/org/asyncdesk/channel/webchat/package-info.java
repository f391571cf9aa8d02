/**
 * The shop's web chat: the page, its API with bearer tokens, flood guard and optional
 * proof of work, e-mail confirmation of claimed addresses.
 * <p>
 * May use: root, channel.email, channel.sandbox, conversation, customer, inbox, template,
 * web.
 */
package org.asyncdesk.channel.webchat;
