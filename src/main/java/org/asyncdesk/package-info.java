/**
 * The application: its entry point, the clock every feature reads (it follows the
 * engine's), and the settings every feature reads (public URL, teams, escalation
 * recipients).
 * <p>
 * May use: web.
 */
package org.asyncdesk;
