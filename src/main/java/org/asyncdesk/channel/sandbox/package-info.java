/**
 * The channel sandbox: outbound messages of unconfigured channels kept for a look, and its API.
 * <p>
 * May use: channel, conversation, security, web.
 */
package org.asyncdesk.channel.sandbox;
