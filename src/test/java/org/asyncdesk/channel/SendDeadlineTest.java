package org.asyncdesk.channel;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.asyncdesk.conversation.TransientDeliveryFailure;
import org.asyncdesk.support.ProcessTest;
import org.asyncdesk.support.ProviderStub;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A provider that answers slowly or asks us to come back much later does not keep one
 * send busy until its job lock runs out (another node would then send the same reply
 * again): the send stops retrying in-job at {@code send-deadline} and leaves the rest to
 * the job's retry cycle.
 */
@ProcessTest
@TestPropertySource(properties = { "asyncdesk.channels.http-attempts=5", "asyncdesk.channels.http-timeout=2s",
        "asyncdesk.channels.http-backoff=100ms", "asyncdesk.channels.http-max-backoff=5s",
        "asyncdesk.channels.send-deadline=4s" })
class SendDeadlineTest {

    @Autowired
    ProviderHttp http;

    @Test
    void aProviderAskingForALongPauseIsLeftToTheJobsRetryCycle() {
        String path = "/deadline/" + UUID.randomUUID();
        ProviderStub.get()
            .stubFor(post(urlEqualTo(path)).willReturn(
                    aResponse().withStatus(503).withHeader("Retry-After", "8").withBody("{\"message\":\"busy\"}")));

        assertThatThrownBy(() -> http.post("Stub", ProviderStub.url() + path, Map.of(), "application/json", "{}"))
            .isInstanceOf(TransientDeliveryFailure.class)
            .hasMessageContaining("HTTP 503")
            .hasMessageContaining("send deadline");
        // the 5 s pause it asked for (capped by http-max-backoff) does not fit into the 4
        // s deadline: no second call
        assertThat(requestsTo(path)).isEqualTo(1);
    }

    @Test
    void aProviderThatAnswersTooSlowlyIsGivenUpWithinTheDeadline() {
        String path = "/deadline/" + UUID.randomUUID();
        ProviderStub.get()
            .stubFor(
                    post(urlEqualTo(path)).willReturn(aResponse().withStatus(200).withFixedDelay(3000).withBody("{}")));

        assertThatThrownBy(() -> http.post("Stub", ProviderStub.url() + path, Map.of(), "application/json", "{}"))
            .isInstanceOf(TransientDeliveryFailure.class)
            .hasMessageContaining("not reachable");
        // 2 s per attempt and 5 attempts allowed, but only what fits into the 4 s
        // deadline is tried
        assertThat(requestsTo(path)).isBetween(1, 2);
    }

    @Test
    void aDeadlineThatCouldOutliveTheJobLockIsRefusedAtStartUp() {
        var tooLong = new ChannelsProperties(1048576, Duration.ofSeconds(10), 3, Duration.ofMillis(200),
                Duration.ofSeconds(2), Duration.ofSeconds(30));
        assertThatThrownBy(() -> new ProviderHttp(tooLong, new ObjectMapper(), null, 60_000))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("asyncdesk.channels.send-deadline")
            .hasMessageContaining("lock-time-in-millis");
    }

    private static int requestsTo(String path) {
        return ProviderStub.get().countRequestsMatching(postRequestedFor(urlEqualTo(path)).build()).getCount();
    }

}
