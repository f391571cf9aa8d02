/**
 * The durable inbound inbox: rows stored before a provider gets its 2xx, dispatched into
 * conversations in order per sender, retried and parked; the operators' redrive API.
 * Knows no channel.
 * <p>
 * May use: conversation, load, web.
 */
package org.asyncdesk.inbox;
