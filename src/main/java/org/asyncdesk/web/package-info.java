/**
 * HTTP plumbing of our own API: body limits counted while reading, strict JSON, NUL refusal, per-client rate-limit
 * buckets, and the problem details (RFC 9457) they answer with.
 * <p>
 * May use: nothing of ours.
 */
package org.asyncdesk.web;
