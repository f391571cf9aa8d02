/**
 * The application: its entry point and the settings every feature reads (public URL, teams, escalation
 * recipients).
 * <p>
 * May use: web.
 */
package org.asyncdesk;
