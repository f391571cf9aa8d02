package org.asyncdesk.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/**
 * The bad-input sweep on H2 over real HTTP. WhatsApp and SMS have their secrets here;
 * Messenger has none, so it must answer 503 without waiting for (or buffering) a body.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "asyncdesk.channels.whatsapp.app-secret=wa-app-secret",
                "asyncdesk.channels.whatsapp.verify-token=wa-verify",
                "asyncdesk.channels.sms.account-sid=ACtest0000000000000000000000000000",
                "asyncdesk.channels.sms.auth-token=twilio-auth-token" })
@ActiveProfiles("test")
class BadInputTest extends BadInputSweep {

    @Override
    boolean messengerConfigured() {
        return false;
    }

    @Test
    void aChannelWithoutSecretAnswers503BeforeReadingTheBody() throws Exception {
        // a chunked body that never ends: an endpoint that read it first would never
        // answer
        try (Socket s = new Socket("localhost", port)) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /webhooks/messenger HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "X-Hub-Signature-256: sha256=00\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{\"a\":\r\n")
                .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String head = readHead(s.getInputStream());
            assertThat(head).startsWith("HTTP/1.1 503");
            assertThat(head.toLowerCase()).contains("content-type: application/problem+json");
        }
    }

    private static String readHead(InputStream in) throws Exception {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            head.write(b);
            if (head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
                break;
            }
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

}
