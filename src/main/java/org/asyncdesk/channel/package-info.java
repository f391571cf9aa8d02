/**
 * What the channels share: the sender skeleton
 * ({@link org.asyncdesk.channel.ChannelSender}), provider HTTP with deadlines, webhook
 * size limits, inbound limits and problem answers.
 * <p>
 * May use: channel.sandbox, conversation, web.
 */
package org.asyncdesk.channel;
