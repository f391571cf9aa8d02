/**
 * WhatsApp Cloud API: the signed webhook, Meta's subscription check, the sender with its template for closed
 * service windows.
 * <p>
 * May use: channel, channel.sandbox, conversation, inbox, security, web.
 */
package org.asyncdesk.channel.whatsapp;
