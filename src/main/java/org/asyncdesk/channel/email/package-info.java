/**
 * E-mail: the IMAP poller, reply text cut from quoted history, threads by Message-ID,
 * sender authentication from Authentication-Results, the SMTP sender.
 * <p>
 * May use: channel, channel.sandbox, conversation, inbox.
 */
package org.asyncdesk.channel.email;
