package org.asyncdesk.channel;

import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.asyncdesk.conversation.Channel;
import org.asyncdesk.conversation.PermanentDeliveryFailure;
import org.asyncdesk.conversation.Transcript;
import org.asyncdesk.conversation.TransientDeliveryFailure;
import org.camunda.connect.Connectors;
import org.camunda.connect.httpclient.HttpConnector;
import org.camunda.connect.httpclient.HttpRequest;
import org.camunda.connect.httpclient.HttpResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Every outbound provider call goes through Camunda Connect's HTTP connector, here.
 * Timeouts, connection errors, 5xx, 408 and 429 are transient: retried a few times with
 * doubling pauses, then handed to the send job's retry cycle as
 * {@link TransientDeliveryFailure}; all attempts of one send fit into
 * {@code send-deadline}, well within the job's lock. Any other 4xx is permanent:
 * {@link PermanentDeliveryFailure} with the provider's own error text, which ends as a
 * Cockpit incident at once.
 */
@Component
public class ProviderHttp {

    private static final Logger log = LoggerFactory.getLogger(ProviderHttp.class);

    private final ChannelsProperties properties;

    private final ObjectMapper json;

    private final Transcript transcript;

    public ProviderHttp(ChannelsProperties properties, ObjectMapper json, Transcript transcript,
            @Value("${camunda.bpm.job-execution.lock-time-in-millis:300000}") long jobLockTimeMillis) {
        // a send job that outlives its lock may run again on another node: the customer
        // would get the reply twice
        Duration lock = Duration.ofMillis(jobLockTimeMillis);
        if (properties.sendDeadline().isNegative() || properties.sendDeadline().isZero()
                || properties.sendDeadline().compareTo(lock.dividedBy(2)) >= 0) {
            throw new IllegalStateException("asyncdesk.channels.send-deadline (" + properties.sendDeadline()
                    + ") must be positive and below half of camunda.bpm.job-execution.lock-time-in-millis (" + lock
                    + "), so that a send never outlives its job's lock");
        }
        this.properties = properties;
        this.json = json;
        this.transcript = transcript;
    }

    public record Response(int status, String body) {
    }

    /**
     * Sends a message of a conversation: {@link #post}, and a permanent refusal is also
     * written into the transcript, so the agent sees why the customer got nothing.
     * @return the provider's JSON answer (where its message id is)
     */
    public JsonNode postMessage(Channel channel, String provider, String conversationId, String url,
            Map<String, String> headers, String contentType, String payload) {
        try {
            return json.readTree(post(provider, url, headers, contentType, payload).body());
        }
        catch (PermanentDeliveryFailure refused) {
            transcript.recordDeliveryProblem(conversationId, channel, "Reply not sent: " + refused.getMessage());
            throw refused;
        }
        catch (JsonProcessingException e) {
            throw new IllegalStateException(provider + " answered with unreadable JSON", e);
        }
    }

    public Response post(String provider, String url, Map<String, String> headers, String contentType, String payload) {
        HttpConnector connector = Connectors.getConnector(HttpConnector.ID);
        if (connector == null) {
            throw new IllegalStateException("Camunda Connect's HTTP connector is not on the class path");
        }
        // elapsed time, not domain time: the engine clock may stand still (tests) or jump
        long deadline = System.nanoTime() + properties.sendDeadline().toNanos();
        String lastProblem = null;
        Throwable lastError = null;
        Duration pause = properties.httpBackoff();
        for (int attempt = 1; attempt <= Math.max(1, properties.httpAttempts()); attempt++) {
            if (attempt > 1) {
                if (pause.compareTo(remaining(deadline)) >= 0) {
                    log.warn("{} call given up after {} attempts: the send deadline {} would pass before the next one",
                            provider, attempt - 1, properties.sendDeadline());
                    lastProblem += " (gave up after " + (attempt - 1) + " attempts within the send deadline of "
                            + properties.sendDeadline() + "; the job retries later)";
                    break;
                }
                sleep(pause);
                pause = min(pause.multipliedBy(2), properties.httpMaxBackoff());
            }
            // the last attempt gets only what is left of the deadline
            int timeout = (int) Math.max(1, min(properties.httpTimeout(), remaining(deadline)).toMillis());
            HttpRequest request = connector.createRequest()
                .post()
                .url(url)
                .contentType(contentType)
                .payload(payload)
                .configOption("connection-timeout", timeout)
                .configOption("socket-timeout", timeout)
                .configOption("connection-request-timeout", timeout);
            headers.forEach(request::header);
            int status;
            String body;
            String retryAfter;
            try {
                HttpResponse response = request.execute();
                try {
                    status = response.getStatusCode();
                    body = response.getResponse();
                    retryAfter = response.getHeader("Retry-After");
                }
                finally {
                    response.close();
                }
            }
            catch (RuntimeException e) {
                lastError = e;
                lastProblem = provider + " not reachable: " + rootMessage(e);
                log.warn("{} call failed (attempt {}): {}", provider, attempt, rootMessage(e));
                continue;
            }
            if (status < 300) {
                return new Response(status, body);
            }
            String error = errorText(body);
            if (status == 408 || status == 429 || status >= 500) {
                lastProblem = provider + " answered HTTP " + status + ": " + error;
                log.warn("{} answered HTTP {} (attempt {})", provider, status, attempt);
                Duration asked = retryAfter(retryAfter);
                if (asked != null) {
                    pause = min(asked, properties.httpMaxBackoff());
                }
                continue;
            }
            log.warn("{} refused a message with HTTP {}", provider, status);
            throw new PermanentDeliveryFailure(provider + " refused the message (HTTP " + status + "): " + error);
        }
        throw new TransientDeliveryFailure(lastProblem, lastError);
    }

    /**
     * The provider's explanation: Meta's {@code error.message}, Twilio's {@code message}
     * and {@code code}.
     */
    String errorText(String body) {
        if (body == null || body.isBlank()) {
            return "(no details)";
        }
        try {
            JsonNode n = json.readTree(body);
            JsonNode meta = n.path("error");
            if (meta.isObject()) {
                String text = meta.path("message").asText("");
                String details = meta.path("error_data").path("details").asText("");
                String code = meta.path("code").asText("");
                return text + (details.isEmpty() ? "" : " (" + details + ")")
                        + (code.isEmpty() ? "" : " [code " + code + "]");
            }
            if (n.has("message")) {
                return n.path("message").asText() + (n.has("code") ? " [code " + n.path("code").asText() + "]" : "");
            }
        }
        catch (Exception notJson) {
            // fall through to the raw text
        }
        String t = body.strip();
        return t.length() > 500 ? t.substring(0, 500) : t;
    }

    private static Duration retryAfter(String header) {
        if (header == null) {
            return null;
        }
        try {
            return Duration.ofSeconds(Long.parseLong(header.strip()));
        }
        catch (NumberFormatException httpDate) {
            return null;
        }
    }

    private static Duration remaining(long deadlineNanos) {
        return Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientDeliveryFailure("interrupted while waiting to retry", e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

}
