package org.asyncdesk.automation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * 1 MB of text that was the worst case for the old link/e-mail pattern (runs without
 * blanks) is detected at once; the bound guards against hanging and is not a timing
 * assertion.
 */
class LanguageDetectorAdversarialTest {

    private static final LanguageDetector detector = new LanguageDetector();

    @ParameterizedTest
    @ValueSource(strings = { "a.a.", "aaaa@", "a:/", "www.", "a", "a://" })
    void longRunsWithoutBlanks(String unit) {
        String text = "Where is my order? I ordered it last week. " + unit.repeat((1 << 20) / unit.length());
        Optional<String> language = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> detector.detect(text));
        assertThat(language).contains("en");
    }

}
