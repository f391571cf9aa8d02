/**
 * The application: its entry point and the settings every feature reads (public URL, teams, escalation
 * recipients).
 * <p>
 * May use: nothing of ours.
 */
package org.asyncdesk;
