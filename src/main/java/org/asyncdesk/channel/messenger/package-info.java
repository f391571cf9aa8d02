/**
 * Facebook Messenger: the webhook's messaging events (on the Meta base) and the Send API.
 * <p>
 * May use: channel, channel.meta, channel.sandbox, conversation, web.
 */
package org.asyncdesk.channel.messenger;
