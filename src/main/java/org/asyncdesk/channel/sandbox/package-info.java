/**
 * The channel sandbox: outbound messages of unconfigured channels kept for a look,
 * simulated inbound messages, and its API;
 * {@link org.asyncdesk.channel.sandbox.SandboxAware} and
 * {@link org.asyncdesk.channel.sandbox.SimulatedInbound} are what a channel implements to
 * take part.
 * <p>
 * May use: conversation, security, web.
 */
package org.asyncdesk.channel.sandbox;
