/**
 * Who may call what: HTTP Basic for our API, the engine REST API's rules, team scope of
 * agents, webhook signatures, login throttling, response headers, CSRF and the public URL
 * behind proxies.
 * <p>
 * May use: root, web.
 */
package org.asyncdesk.security;
