/**
 * Facebook Messenger: the signed webhook and the Send API (Meta's subscription check is shared with WhatsApp for
 * now).
 * <p>
 * May use: channel, channel.sandbox, channel.whatsapp, conversation, inbox, web.
 */
package org.asyncdesk.channel.messenger;
