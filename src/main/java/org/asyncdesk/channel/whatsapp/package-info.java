/**
 * WhatsApp Cloud API: the webhook's messages and statuses (on the Meta base), the sender
 * with its template for closed service windows.
 * <p>
 * May use: channel, channel.meta, channel.sandbox, conversation, web.
 */
package org.asyncdesk.channel.whatsapp;
