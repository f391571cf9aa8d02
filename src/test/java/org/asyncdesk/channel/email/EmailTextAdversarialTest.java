package org.asyncdesk.channel.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile e-mail bodies of 1 MB, each the worst case of a pattern EmailText once used,
 * must not tie up the poller. The bound is a guard against hanging (the old patterns took
 * minutes to hours on these), not a timing assertion.
 */
class EmailTextAdversarialTest {

    static final int MB = 1 << 20;
    static final Duration GUARD = Duration.ofSeconds(5);

    static String repeat(String s) {
        return s.repeat(MB / s.length() + 1);
    }

    static Stream<Arguments> plainBodies() {
        return Stream.of(Arguments.of("quote lines", "Keep this\n" + repeat("> quoted text\n")),
                Arguments.of("one long line without spaces", "Keep " + repeat("a")),
                Arguments.of("dotted run", "Keep " + repeat("a.a.")),
                Arguments.of("at signs", "Keep " + repeat("aaaa@")),
                Arguments.of("On … wrote: fragments in one line", "Keep " + repeat("On x wrote: ")),
                Arguments.of("On … wrote: fragments, then the line ends", repeat("On x wrote: ") + "x\nnext"),
                Arguments.of("schrieb fragments", "Am " + repeat(" schrieb:x")),
                Arguments.of("написа fragments", "На " + repeat(" написа:x")),
                Arguments.of("a écrit fragments", "Le " + repeat(" a écrit x")),
                Arguments.of("From: with trailing blanks", "From: x" + repeat(" ") + "y"),
                Arguments.of("dashes", repeat("-") + "x"), Arguments.of("blanks", repeat(" ") + "x"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("plainBodies")
    void plainTextIsCutInLinearTime(String name, String body) {
        String text = assertTimeoutPreemptively(GUARD, () -> EmailText.withoutHistory(body));
        assertThat(text.length()).isLessThanOrEqualTo(body.length());
    }

    static Stream<Arguments> htmlBodies() {
        return Stream.of(Arguments.of("unclosed script tags", "<p>Keep</p>" + repeat("<script>")),
                Arguments.of("unclosed blockquotes", "<p>Keep</p>" + repeat("<blockquote>")),
                Arguments.of("lone angle brackets", "<p>Keep</p>" + repeat("<")),
                Arguments.of("unclosed list items", "<p>Keep</p>" + repeat("<li")),
                Arguments.of("unclosed br", "<p>Keep</p>" + repeat("<br ")),
                Arguments.of("blanks without a newline", "<p>Keep</p>" + repeat(" ") + "x"),
                Arguments.of("blanks before many newlines", "<p>Keep</p>" + repeat(" \t\n")),
                Arguments.of("entity-like runs", "Keep " + repeat("&a&#x1")),
                Arguments.of("a tag that never closes", "<p>Keep</p><a href=\"" + repeat("a")),
                Arguments.of("quote lines", "<p>Keep</p>" + repeat("&gt; quoted<br>")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("htmlBodies")
    void htmlBecomesTextInLinearTime(String name, String html) {
        String text = assertTimeoutPreemptively(GUARD, () -> EmailText.withoutHistory(EmailText.fromHtml(html)));
        assertThat(text).startsWith("Keep");
    }

}
