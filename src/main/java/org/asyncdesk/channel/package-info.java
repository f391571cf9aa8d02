/**
 * What the channels share: webhook size limits and problem answers, provider HTTP with deadlines, the sandbox
 * switch, simulated inbound messages.
 * <p>
 * May use: conversation, web.
 */
package org.asyncdesk.channel;
