package org.asyncdesk.web;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Limits a request body while it is read, not only by its Content-Length: a chunked body
 * has none, and reading it whole (a converter into a byte array) ran a node out of heap.
 * A declared length over the limit is refused at once with 413; otherwise the body stream
 * counts and throws {@link BodyTooLarge} one byte past the limit, so no more than the
 * limit is ever buffered.
 */
public class BodyLimit extends OncePerRequestFilter {

    private final long maxBytes;

    private final ProblemResponses problems;

    public BodyLimit(long maxBytes, ProblemResponses problems) {
        this.maxBytes = maxBytes;
        this.problems = problems;
    }

    /**
     * Registered first of all filters: Spring's own (form content for PUT) read bodies
     * too.
     */
    public static FilterRegistrationBean<BodyLimit> register(String name, long maxBytes, ProblemResponses problems,
            String... urlPatterns) {
        var r = new FilterRegistrationBean<>(new BodyLimit(maxBytes, problems));
        r.addUrlPatterns(urlPatterns);
        r.setName(name);
        r.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return r;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long length = request.getContentLengthLong();
        if (length > maxBytes) {
            problems.write(response, BodyTooLarge
                .payloadTooLarge("the body has " + length + " bytes; at most " + maxBytes + " are accepted"));
            return;
        }
        chain.doFilter(new Limited(request, maxBytes), response);
    }

    private static final class Limited extends HttpServletRequestWrapper {

        private final long max;

        private ServletInputStream stream;

        private BufferedReader reader;

        Limited(HttpServletRequest request, long max) {
            super(request);
            this.max = max;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new Counting(super.getInputStream(), max);
            }
            return stream;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            if (reader == null) {
                String enc = getCharacterEncoding();
                Charset charset = enc == null ? StandardCharsets.UTF_8 : Charset.forName(enc);
                reader = new BufferedReader(new InputStreamReader(getInputStream(), charset));
            }
            return reader;
        }

    }

    private static final class Counting extends ServletInputStream {

        private final ServletInputStream in;

        private final long max;

        private long count;

        Counting(ServletInputStream in, long max) {
            this.in = in;
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            // never ask for more than one byte past the limit
            int n = in.read(b, off, (int) Math.min(len, max - count + 1));
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws BodyTooLarge {
            count += n;
            if (count > max) {
                throw new BodyTooLarge(max);
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }

    }

}
