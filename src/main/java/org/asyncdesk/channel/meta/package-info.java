/**
 * What the Meta channels (WhatsApp, Messenger, and Instagram next) share: the
 * {@code X-Hub-Signature-256} check on the raw body, the subscription handshake, and a
 * notification's envelope, entries and storing, as the base of their webhooks.
 * <p>
 * May use: channel, channel.sandbox, conversation, inbox, security, web.
 */
package org.asyncdesk.channel.meta;
