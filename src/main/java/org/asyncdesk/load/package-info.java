/**
 * Load priorities on one node: webhook acknowledgements before background work (the inbox
 * dispatcher's rounds and the engine's job batches wait for a permit while webhooks are
 * in flight).
 * <p>
 * May use: nothing of ours.
 */
package org.asyncdesk.load;
