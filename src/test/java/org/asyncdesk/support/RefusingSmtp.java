package org.asyncdesk.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A relay in front of the JVM's {@link MailServer} that answers {@code RCPT TO} for
 * chosen addresses with {@code 550} (mailbox unavailable), like a real server that does
 * not know a recipient; everything else reaches GreenMail unchanged. Point
 * {@code JavaMailSenderImpl.setPort} at {@link #port()}.
 */
public final class RefusingSmtp implements AutoCloseable {

    private static final Pattern RCPT = Pattern.compile("RCPT TO:\\s?<([^>]*)>.*", Pattern.CASE_INSENSITIVE);

    private final ServerSocket listener;

    private final Set<String> refused = ConcurrentHashMap.newKeySet();

    public RefusingSmtp() throws IOException {
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::accept, "refusing-smtp");
        accept.setDaemon(true);
        accept.start();
    }

    public int port() {
        return listener.getLocalPort();
    }

    public void refuse(String address) {
        refused.add(address.toLowerCase(Locale.ROOT));
    }

    public void accept(String address) {
        refused.remove(address.toLowerCase(Locale.ROOT));
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Thread t = new Thread(() -> relay(client), "refusing-smtp-relay");
                t.setDaemon(true);
                t.start();
            }
            catch (IOException closed) {
                return;
            }
        }
    }

    private void relay(Socket client) {
        try (client; Socket server = new Socket(InetAddress.getLoopbackAddress(), MailServer.smtpPort())) {
            OutputStream toClient = client.getOutputStream();
            Thread back = new Thread(() -> {
                try {
                    server.getInputStream().transferTo(toClient);
                }
                catch (IOException ignored) {
                    // the connection ended
                }
            }, "refusing-smtp-back");
            back.setDaemon(true);
            back.start();
            // ISO-8859-1 keeps every byte as it is; SMTP without PIPELINING waits for
            // each reply, so our 550 never
            // interleaves with one of the server's
            var in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.ISO_8859_1));
            OutputStream toServer = server.getOutputStream();
            boolean data = false;
            String line;
            while ((line = in.readLine()) != null) {
                if (!data) {
                    Matcher rcpt = RCPT.matcher(line);
                    if (rcpt.matches() && refused.contains(rcpt.group(1).toLowerCase(Locale.ROOT))) {
                        toClient.write(("550 5.1.1 <" + rcpt.group(1) + ">: mailbox unavailable\r\n")
                            .getBytes(StandardCharsets.ISO_8859_1));
                        toClient.flush();
                        continue;
                    }
                    data = line.equalsIgnoreCase("DATA");
                }
                else if (line.equals(".")) {
                    data = false;
                }
                toServer.write((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                toServer.flush();
            }
        }
        catch (IOException ignored) {
            // the client or GreenMail closed the connection
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }

}
