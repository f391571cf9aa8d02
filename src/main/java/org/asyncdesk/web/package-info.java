/**
 * HTTP plumbing of our own API: body limits counted while reading, strict JSON, NUL
 * refusal, per-client rate-limit buckets, and the one error path:
 * {@link org.asyncdesk.web.ProblemException}, which features extend for their refusals,
 * answered as RFC 9457 problem details by {@code ApiProblems} (controllers) and
 * {@link org.asyncdesk.web.ProblemResponses} (servlet filters).
 * <p>
 * May use: nothing of ours.
 */
package org.asyncdesk.web;
