package org.asyncdesk.support;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;

/**
 * One real SMTP + IMAP server (GreenMail) per test JVM, on free ports so that parallel
 * builds do not collide. The initializer points Spring Mail ({@code spring.mail.*}) and
 * the support mailbox ({@code asyncdesk.channels.email.imap-*}) at it. Tests read what
 * was sent with {@link #get()} and reset it with
 * {@code get().purgeEmailFromAllMailboxes()}.
 */
public class MailServer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    private static GreenMail server;

    public static synchronized GreenMail get() {
        if (server == null) {
            GreenMail mail = new GreenMail(
                    new ServerSetup[] { new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
                            new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_IMAP) });
            mail.start();
            Runtime.getRuntime().addShutdownHook(new Thread(mail::stop));
            server = mail;
        }
        return server;
    }

    public static int smtpPort() {
        return get().getSmtp().getPort();
    }

    public static int imapPort() {
        return get().getImap().getPort();
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        get();
        context.getEnvironment()
            .getPropertySources()
            .addFirst(new MapPropertySource("greenmail", Map.of("spring.mail.host", "127.0.0.1", "spring.mail.port",
                    smtpPort(), "asyncdesk.test.imap-host", "127.0.0.1", "asyncdesk.test.imap-port", imapPort())));
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
        catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }

}
