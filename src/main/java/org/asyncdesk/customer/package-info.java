/**
 * Customers and their identities across channels: profiles, merging (team-scoped), the
 * shop's recent orders.
 * <p>
 * May use: security, web.
 */
package org.asyncdesk.customer;
