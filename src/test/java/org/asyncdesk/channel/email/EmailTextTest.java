package org.asyncdesk.channel.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class EmailTextTest {

    @Test
    void quotedHistoryAndSignaturesAreCut() {
        assertThat(EmailText
            .withoutHistory("Yes please.\n\nOn Mon, 23 Nov 2026 at 10:00, Shop <a@b.c> wrote:\n> old\n> text"))
            .isEqualTo("Yes please.");
        assertThat(EmailText.withoutHistory("Ja.\n\nAm 23.11.2026 um 10:00 schrieb Shop <a@b.c>:\n> alt"))
            .isEqualTo("Ja.");
        assertThat(EmailText.withoutHistory("Fine.\n-- \nJon\nCEO")).isEqualTo("Fine.");
        assertThat(EmailText.withoutHistory("Ok\n\n-----Original Message-----\nFrom: x")).isEqualTo("Ok");
        assertThat(EmailText.withoutHistory("Ok\n\nSent from my iPhone")).isEqualTo("Ok");
    }

    @Test
    void otherLanguagesAndMailProgramsAreCutToo() {
        assertThat(EmailText.withoutHistory("Merci.\n\nLe 23 nov. 2026 à 10:00, Shop <a@b.c> a écrit :\n> vieux"))
            .isEqualTo("Merci.");
        assertThat(EmailText.withoutHistory("Благодаря.\n\nНа 23.11.2026 г. в 10:00 Shop <a@b.c> написа:\n> старо"))
            .isEqualTo("Благодаря.");
        assertThat(EmailText.withoutHistory("Gut.\n\n-----Ursprüngliche Nachricht-----\nVon: Shop")).isEqualTo("Gut.");
        assertThat(EmailText.withoutHistory("Gut.\n\nVon: Shop <a@b.c>\nGesendet: Montag")).isEqualTo("Gut.");
        assertThat(EmailText.withoutHistory("Good.\n________________\nFrom: Shop")).isEqualTo("Good.");
        assertThat(EmailText.withoutHistory("Gut.\n\nVon meinem iPhone gesendet")).isEqualTo("Gut.");
        // lines that only look similar stay
        assertThat(EmailText.withoutHistory("On Monday I wrote: nothing arrived\nFrom:me\nOnce more"))
            .isEqualTo("On Monday I wrote: nothing arrived\nFrom:me\nOnce more");
        assertThat(EmailText.withoutHistory("a\n\n\n\n> q\nb")).isEqualTo("a\n\nb");
    }

    @Test
    void htmlEdgeCases() {
        assertThat(EmailText.fromHtml("<p>1 < 2 and 3 > 2</p><blockquote>old<blockquote>older</blockquote>"))
            .isEqualTo("1  2\n\n> (quoted)");
        assertThat(EmailText.fromHtml("Hi<link rel=x><script>x()</script> there <SCRIPT>unclosed"))
            .isEqualTo("Hi there unclosed");
        assertThat(EmailText.fromHtml("a &lt;b&gt; &#x1F600; &bogus; &#xZZ; &amp"))
            .isEqualTo("a <b> \uD83D\uDE00 &bogus; &#xZZ; &amp");
        assertThat(EmailText.fromHtml("one  \t<br/>two<br class=\"x\">three<div>four</div>\n\n\n\nfive"))
            .isEqualTo("one\ntwo\nthreefour\n\nfive");
    }

    @Test
    void htmlBecomesText() {
        assertThat(EmailText
            .fromHtml("<html><head><style>p{}</style></head><body><p>A &amp; B</p><p>line<br>two &#8364;</p>"
                    + "<ul><li>one</li><li>two</li></ul></body></html>"))
            .isEqualTo("A & B\nline\ntwo €\n• one\n• two");
    }

    @Test
    void threadingHeadersAndSubjectTags() {
        String id = "0b5f6a2e-1c2d-4e5f-8a9b-0c1d2e3f4a5b";
        assertThat(EmailThreads.taggedConversation("Re: AW: Kettle [ref:" + id + "]")).contains(id);
        assertThat(EmailThreads.baseSubject("Re: AW: Kettle [ref:" + id + "]")).isEqualTo("Kettle");
        assertThat(EmailThreads.referencedIds("<c@x>", "<a@x> <b@x>\r\n <c@x>"))
            .isEqualTo(List.of("<c@x>", "<b@x>", "<a@x>"));
    }

}
