package org.asyncdesk.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The agent form's transcript always fits Camunda's String variable, and shows what is
 * newest.
 */
class TranscriptViewTest {

    static TranscriptMessage in(int i, String body) {
        return new TranscriptMessage(i, "c", Direction.IN, Channel.EMAIL, "Erika", body,
                Instant.parse("2026-11-23T10:00:00Z").plusSeconds(i), null, null);
    }

    @Test
    void aLongConversationShowsItsNewestEntries() {
        List<TranscriptMessage> messages = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            messages.add(in(i, "Message number " + i + " " + "x".repeat(200)));
        }
        String md = TranscriptView.render(messages, ZoneOffset.UTC);
        assertThat(md.length()).isLessThanOrEqualTo(4000);
        assertThat(md).startsWith("_")
            .contains("earlier entries are not shown")
            .contains("Message number 39 ")
            .doesNotContain("Message number 0 ");
    }

    @Test
    void aMessageLongerThanTheFormIsShownFromItsBeginning() {
        String md = TranscriptView.render(
                List.of(in(1, "Hello"), in(2, "Where is my order? " + "y".repeat(20_000)),
                        new TranscriptMessage(3, "c", Direction.EVENT, Channel.EMAIL, "Asyncdesk",
                                "The customer sent a file", Instant.parse("2026-11-23T10:01:00Z"), null, null)),
                ZoneOffset.UTC);
        assertThat(md.length()).isLessThanOrEqualTo(4000);
        assertThat(md).contains("Where is my order? yyy", "cut here", "The customer sent a file")
            .contains("1 earlier entry is not shown");
    }

    @Test
    void aShortConversationIsShownWhole() {
        assertThat(TranscriptView.render(List.of(in(1, "Hello"), in(2, "Anyone?")), ZoneOffset.UTC))
            .isEqualTo("**Erika** (customer, email, Mon 23 Nov, 10:00)\n\nHello  \n\n---\n\n"
                    + "**Erika** (customer, email, Mon 23 Nov, 10:00)\n\nAnyone?  \n\n---\n\n");
    }

}
