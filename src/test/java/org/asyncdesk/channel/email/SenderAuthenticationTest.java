package org.asyncdesk.channel.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Which Authentication-Results make an e-mail's From: believable: the verdict of the
 * topmost header of a trusted receiving server, and only a passing DMARC or an aligned
 * passing DKIM result. Header texts as real servers write them (Gmail, Microsoft 365,
 * rspamd), with comments, folding and quoting.
 */
class SenderAuthenticationTest {

    static final Set<String> TRUSTED = Set.of("mx.asyncdesk.test");

    static boolean authenticated(String fromDomain, String... headers) {
        return SenderAuthentication.authenticated(headers, fromDomain, TRUSTED);
    }

    static Stream<Arguments> verdicts() {
        return Stream.of(Arguments.of("dmarc=pass", true, "example.com",
                new String[] { "mx.asyncdesk.test; spf=pass smtp.mailfrom=example.com; dkim=pass header.d=example.com; "
                        + "dmarc=pass (p=REJECT sp=REJECT dis=NONE) header.from=example.com" }),
                Arguments.of("Gmail's wording, folded, with comments", true, "example.com", new String[] {
                        "mx.asyncdesk.test;\r\n       dkim=pass header.i=@example.com header.s=s1 header.b=abc;\r\n"
                                + "       spf=pass (google.com: domain of a@example.com designates 1.2.3.4 as permitted sender) "
                                + "smtp.mailfrom=a@example.com;\r\n       dmarc=pass (p=NONE sp=NONE dis=NONE) header.from=example.com" }),
                Arguments.of("authserv-id and keywords in other case, blanks around =", true, "example.com",
                        new String[] { "MX.Asyncdesk.Test 1; DMARC = Pass header.from = Example.COM" }),
                Arguments.of("dmarc=pass for another From: domain", false, "example.com",
                        new String[] { "mx.asyncdesk.test; dmarc=pass header.from=evil.example" }),
                Arguments.of("dmarc=fail, even with an aligned DKIM pass", false, "example.com", new String[] {
                        "mx.asyncdesk.test; dkim=pass header.d=example.com; dmarc=fail header.from=example.com" }),
                Arguments.of("no DMARC policy, DKIM of the From: domain", true, "example.com", new String[] {
                        "mx.asyncdesk.test; dkim=pass header.d=example.com; dmarc=none header.from=example.com" }),
                Arguments.of("DKIM of a parent domain (relaxed alignment)", true, "shop.example.com",
                        new String[] { "mx.asyncdesk.test; dkim=pass header.d=example.com" }),
                Arguments
                    .of("DKIM of the sender's own domain, not the From: domain", false, "example.com", new String[] {
                            "mx.asyncdesk.test; dkim=pass header.d=evil.example; spf=pass smtp.mailfrom=evil.example" }),
                Arguments.of("DKIM of a look-alike domain", false, "example.com",
                        new String[] { "mx.asyncdesk.test; dkim=pass header.d=badexample.com" }),
                Arguments.of("DKIM of a top-level domain", false, "example.com",
                        new String[] { "mx.asyncdesk.test; dkim=pass header.d=com" }),
                Arguments.of("DKIM failed", false, "example.com",
                        new String[] { "mx.asyncdesk.test; dkim=fail (bad signature) header.d=example.com" }),
                Arguments.of("SPF alone says nothing about From:", false, "example.com",
                        new String[] { "mx.asyncdesk.test; spf=pass smtp.mailfrom=example.com" }),
                Arguments.of("a pass from a server we do not trust", false, "example.com",
                        new String[] { "mx.evil.example; dmarc=pass header.from=example.com" }),
                Arguments.of("the untrusted header is skipped, the trusted one below decides", true, "example.com",
                        new String[] { "mx.evil.example; dmarc=fail",
                                "mx.asyncdesk.test; dmarc=pass header.from=example.com" }),
                Arguments.of("a forged pass below the receiving server's fail", false, "example.com",
                        new String[] { "mx.asyncdesk.test; dmarc=fail header.from=example.com",
                                "mx.asyncdesk.test; dmarc=pass header.from=example.com" }),
                Arguments.of("a forged pass below the receiving server's header without a verdict", false,
                        "example.com",
                        new String[] { "mx.asyncdesk.test; spf=pass smtp.mailfrom=example.com",
                                "mx.asyncdesk.test; dmarc=pass header.from=example.com" }),
                Arguments.of("the server found nothing to check", false, "example.com",
                        new String[] { "mx.asyncdesk.test; none" }),
                Arguments.of("garbage from the trusted server decides: unverified", false, "example.com",
                        new String[] { "mx.asyncdesk.test; dmarc", "mx.asyncdesk.test; dmarc=pass" }),
                Arguments.of("a semicolon inside a quoted value does not split", false, "example.com",
                        new String[] { "mx.asyncdesk.test; dkim=pass reason=\"x; dmarc=pass\" header.d=evil.example" }),
                Arguments.of("a result hidden in a comment does not count", false, "example.com",
                        new String[] {
                                "mx.asyncdesk.test; spf=pass (dmarc=pass header.from=example.com) smtp.mailfrom=x" }),
                Arguments.of("an unclosed comment swallows the rest", false, "example.com",
                        new String[] { "mx.asyncdesk.test; spf=none (oops; dmarc=pass header.from=example.com" }),
                Arguments.of("no header at all", false, "example.com", new String[] {}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("verdicts")
    void verdict(String name, boolean expected, String fromDomain, String[] headers) {
        assertThat(authenticated(fromDomain, headers)).isEqualTo(expected);
    }

    @Test
    void withoutTrustedServersNothingIsAuthenticated() {
        assertThat(SenderAuthentication.authenticated(new String[] { "mx.asyncdesk.test; dmarc=pass" }, "example.com",
                Set.of()))
            .isFalse();
    }

    @Test
    void aHeaderTooLongToJudgeIsNoPass() {
        String huge = "mx.asyncdesk.test; dmarc=pass header.from=example.com; " + "x=y ".repeat(5000);
        assertThat(huge.length()).isGreaterThan(SenderAuthentication.MAX_HEADER);
        assertThat(authenticated("example.com", huge)).isFalse();
        // and it is the trusted server's: a pass below it does not stand in for it
        assertThat(authenticated("example.com", huge, "mx.asyncdesk.test; dmarc=pass")).isFalse();
    }

    static Stream<Arguments> hostile() {
        int mb = 1 << 20;
        return Stream.of(Arguments.of("nested comments", "mx.asyncdesk.test; " + "(".repeat(mb)),
                Arguments.of("escapes in comments", "mx.asyncdesk.test; (" + "\\(".repeat(mb / 2)),
                Arguments.of("an unclosed quote", "mx.asyncdesk.test; dkim=pass reason=\"" + "a\\\"".repeat(mb / 3)),
                Arguments.of("semicolons", "mx.asyncdesk.test" + ";".repeat(mb)),
                Arguments.of("equals signs", "mx.asyncdesk.test; " + "=".repeat(mb)),
                Arguments.of("blanks", "mx.asyncdesk.test; dmarc" + " ".repeat(mb) + "=pass"));
    }

    /**
     * A guard against hanging (quadratic parsing took minutes on such input elsewhere),
     * not a timing assertion.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("hostile")
    void hostileHeadersAreParsedInLinearTimeAndAreNoPass(String name, String header) {
        String[] many = new String[SenderAuthentication.MAX_HEADERS * 4];
        Arrays.fill(many, header);
        boolean verdict = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> authenticated("example.com", many)
                || SenderAuthentication.parse(header).results().size() > 1_000_000);
        assertThat(verdict).isFalse();
        // each part alone, below the size limit, also parses without throwing
        String part = header.substring(0, SenderAuthentication.MAX_HEADER - 1);
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> SenderAuthentication.parse(part));
    }

}
