package org.asyncdesk.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MoodTest {

    @Test
    void theColumnNamesSentimentAndEmotion() {
        assertThat(Mood.column("negative", "anger")).isEqualTo("😠 negative (anger)");
        assertThat(Mood.column("negative", "none")).isEqualTo("🙁 negative");
        assertThat(Mood.column("neutral", "none")).isEqualTo("😐 neutral");
        assertThat(Mood.column("positive", "joy")).isEqualTo("🙂 positive (joy)");
        // instances started before sentiment existed
        assertThat(Mood.column(null, null)).isEmpty();
    }

    @Test
    void theFormLineOnlyWhenNegative() {
        assertThat(Mood.notice("negative", "frustration")).startsWith("😤 negative (frustration)")
            .contains("sounds frustrated");
        assertThat(Mood.notice("neutral", "none")).isEmpty();
        assertThat(Mood.notice(null, null)).isEmpty();
    }

}
