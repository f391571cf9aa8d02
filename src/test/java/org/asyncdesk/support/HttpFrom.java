package org.asyncdesk.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP requests from a chosen loopback address (127.0.0.2, 127.0.0.3, …), so a test can
 * be several clients: the server sees each as its own remote address. HTTP/1.0 and one
 * connection per request keep the reading simple.
 */
public final class HttpFrom {

    public record Response(int status, Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final String localAddress;

    private final int port;

    public HttpFrom(String localAddress, int port) {
        this.localAddress = localAddress;
        this.port = port;
    }

    public Response get(String path, Map<String, String> headers) {
        return send("GET", path, headers, null, null);
    }

    public Response postJson(String path, Map<String, String> headers, String json) {
        return send("POST", path, headers, "application/json", json);
    }

    public Response send(String method, String path, Map<String, String> headers, String contentType, String body) {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
            s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            s.setSoTimeout(30_000);
            byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            StringBuilder head = new StringBuilder(
                    method + " " + path + " HTTP/1.0\r\nHost: localhost:" + port + "\r\n");
            headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            if (contentType != null) {
                head.append("Content-Type: ").append(contentType).append("\r\n");
            }
            if (body != null) {
                head.append("Content-Length: ").append(content.length).append("\r\n");
            }
            OutputStream out = s.getOutputStream();
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
            out.write(content);
            out.flush();
            String raw = readAll(s.getInputStream());
            int end = raw.indexOf("\r\n\r\n");
            String[] lines = raw.substring(0, end).split("\r\n");
            Map<String, String> h = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                // several Set-Cookie lines: keep them all, joined
                h.merge(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).strip(), (a, b) -> a + "\n" + b);
            }
            return new Response(Integer.parseInt(lines[0].split(" ")[1]), h, raw.substring(end + 4));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        in.transferTo(b);
        return b.toString(StandardCharsets.UTF_8);
    }

}
