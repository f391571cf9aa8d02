/**
 * SMS through Twilio: the signed form webhook and the Messages API.
 * <p>
 * May use: root, channel, channel.sandbox, conversation, inbox, security, web.
 */
package org.asyncdesk.channel.sms;
