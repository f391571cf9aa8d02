package org.asyncdesk.automation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SentimentTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            en | I am really angry, nobody answers.               | negative | anger
            en | I'm not happy with the jacket.                   | negative | frustration
            en | Not bad at all, I'm satisfied.                   | positive | joy
            en | No problem, I can wait.                          | neutral  | none
            en | Where is my order 10023?                         | neutral  | none
            en | I'm worried my parcel got lost                   | negative | worry
            en | Thank you so much!                               | positive | joy
            de | …ich bin ziemlich verärgert!                     | negative | anger
            de | Ich bin damit nicht zufrieden.                   | negative | frustration
            de | Kein Problem, ich warte.                         | neutral  | none
            de | Wann kommt mein Paket?                           | neutral  | none
            de | Ich habe einen Gutschein, geht der?              | neutral  | none
            de | Ich bin sehr enttauscht                          | negative | frustration
            de | Vielen Dank, super!                              | positive | joy
            bg | Не съм доволен от услугата.                      | negative | frustration
            bg | Много съм ядосан!                                | negative | anger
            bg | Кога ще пристигне пратката?                      | neutral  | none
            bg | Няма проблем, ще изчакам.                        | neutral  | none
            bg | Благодаря, много сте любезни.                    | positive | joy
            """)
    void readsSentimentAndEmotion(String language, String text, String sentiment, String emotion) {
        Sentiment.Reading r = Sentiment.of(text, language);
        assertThat(r.sentiment()).as(text + " " + r).isEqualTo(sentiment);
        assertThat(r.emotion()).as(text + " " + r).isEqualTo(emotion);
        assertThat(r.score()).isBetween(-1.0, 1.0);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            I AM ANGRY        | I am angry
            angry!!!          | angry
            very disappointed | disappointed
            """)
    void shoutingExclamationsAndIntensifiersMakeItStronger(String stronger, String plain) {
        assertThat(Sentiment.of(stronger, "en").score()).isLessThan(Sentiment.of(plain, "en").score());
    }

    @ParameterizedTest
    @CsvSource({ "''", "'   '" })
    void nothingIsNeutral(String text) {
        assertThat(Sentiment.of(text, null).sentiment()).isEqualTo("neutral");
    }

    @Test
    void aHostileMessageIsReadInLinearTime() {
        String huge = "not ".repeat(250_000) + "happy";
        assertThat(Sentiment.of(huge, "en").sentiment()).isIn("neutral", "negative");
        assertThat(Sentiment.of("!".repeat(1_000_000), "en").sentiment()).isEqualTo("neutral");
    }

}
