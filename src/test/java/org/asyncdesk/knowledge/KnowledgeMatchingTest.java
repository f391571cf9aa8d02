package org.asyncdesk.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.asyncdesk.DeploymentProperties;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The shipped demo knowledge base ({@code knowledge/}) answers customers' questions in
 * en, de and bg, with typos, inflection and paraphrase, and falls back to English for a
 * language without articles. Questions below are not copied from the articles' example
 * questions unless marked.
 */
class KnowledgeMatchingTest {

    static final KnowledgeBase SHIPPED = new KnowledgeBase(DeploymentProperties.unwatched("."),
            KnowledgeProperties.defaults());

    @ParameterizedTest(name = "[{0}] {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            de | Wann kommt mein Paket?                          | delivery
            de | wann komt mein paket                            | delivery
            de | Wo bleibt mein Packet??                         | delivery
            de | Meine Lieferung ist immer noch nicht da         | delivery
            de | ich möchte zurückschicken                       | returns
            de | Ich möchte die Jacke zurücksenden, wie geht das | returns
            de | Wann bekomme ich das Geld für meine Retoure?    | refunds
            de | Kann ich mit Paypal zahlen                      | payment
            de | Ich brauche eine Rechnung für meine Firma       | invoices
            de | Mein Gutscheincode geht nicht                   | vouchers
            de | Ich will meine Bestellung stornieren            | order-change
            de | Was kostet der Versand in die Schweiz?          | shipping-costs
            de | Die Hose ist kaputt gegangen                    | warranty
            de | Passwort vergessen                              | account
            en | Where is my parcel                              | delivery
            en | where is my parcle?                             | delivery
            en | When will my package be delivered               | delivery
            en | How can I send back the shoes?                  | returns
            en | I still havent got my refund                    | refunds
            en | Do you accept Paypal?                           | payment
            en | I need an invoice for my company                | invoices
            en | my discount code is not working                 | vouchers
            en | I want to cancel the order                      | order-change
            en | How much does shipping to Norway cost?          | shipping-costs
            en | The item arrived broken                         | warranty
            en | I forgot my pasword                             | account
            bg | кога ще пристигне пратката                      | delivery
            bg | Кога ще пристигне колетът ми?                   | delivery
            bg | къде ми е пратката                              | delivery
            bg | искам да върна обувките                         | returns
            bg | Кога ще ми върнете парите?                      | refunds
            bg | мога ли да платя с карта                        | payment
            bg | трябва ми фактура                               | invoices
            bg | кодът за отстъпка не работи                     | vouchers
            bg | искам да анулирам поръчката                     | order-change
            bg | колко струва доставката до България             | shipping-costs
            bg | продуктът е повреден                            | warranty
            bg | забравих паролата си                            | account
            """)
    void findsTheArticle(String language, String question, String article) {
        KnowledgeBase.Result result = SHIPPED.match(question, language);
        assertThat(result.language()).isEqualTo(language);
        assertThat(result.matches()).as(result.toString()).isNotEmpty();
        assertThat(result.matches().get(0).id()).as(result.toString()).isEqualTo(article);
        assertThat(result.matches().get(0).language()).isEqualTo(language);
    }

    @Test
    void wannKommtMeinPaketIsAnsweredAutomatically() {
        var result = SHIPPED.match("Wann kommt mein Paket?", "de");
        assertThat(result.autoAnswer()).as(result.toString()).isEqualTo("delivery");
        assertThat(result.bestScore()).isBetween(0.6, 1.0);
    }

    @Test
    void scoresAreBetweenZeroAndOneAndRanked() {
        for (String q : List.of("Where is my parcel", "hello", "parcel refund invoice voucher password", "x")) {
            var matches = SHIPPED.match(q, "en").matches();
            assertThat(matches).allSatisfy(m -> assertThat(m.score()).isBetween(0.0, 1.0));
            for (int i = 1; i < matches.size(); i++) {
                assertThat(matches.get(i).score()).isLessThanOrEqualTo(matches.get(i - 1).score());
            }
        }
    }

    @Test
    void anOffTopicQuestionScoresLowAndIsNotAnsweredAutomatically() {
        for (var q : Map
            .of("en", "Do you also sell tickets for the football match tonight?", "de",
                    "Wie wird das Wetter morgen in Berlin?", "bg", "Какво е времето утре в София?")
            .entrySet()) {
            var result = SHIPPED.match(q.getValue(), q.getKey());
            assertThat(result.autoAnswer()).as(result.toString()).isNull();
            assertThat(result.bestScore()).as(result.toString()).isLessThan(0.5);
        }
    }

    @Test
    void anUnknownOrMissingLanguageFallsBackToEnglish() {
        for (String language : new String[] { "fr", "xx-YY", null, "", "12" }) {
            var result = SHIPPED.match("Where is my parcel?", language);
            assertThat(result.language()).isEqualTo("en");
            assertThat(result.matches().get(0).id()).isEqualTo("delivery");
            assertThat(result.matches().get(0).language()).isEqualTo("en");
        }
        assertThat(SHIPPED.match("Wann kommt mein Paket?", "de-AT").language()).isEqualTo("de");
    }

    @Test
    void theAnswerFillsThePlaceholders() {
        Article delivery = SHIPPED.article("delivery", "de").orElseThrow();
        String answer = delivery
            .answer(Map.of("firstName", "Jana", "orderNumber", "100234", "trackingLink", "https://t.example/1"));
        assertThat(answer).startsWith("Hallo Jana,").contains("100234", "https://t.example/1").doesNotContain("{{");
        assertThat(SHIPPED.article("delivery", "fr").orElseThrow().language()).isEqualTo("en");
    }

    @Test
    void theDemoKnowledgeBaseHasEveryArticleInEveryLanguage() {
        var articles = SHIPPED.articles();
        assertThat(articles).hasSizeGreaterThanOrEqualTo(30);
        var ids = articles.stream().map(Article::id).distinct().toList();
        for (String id : ids) {
            for (String lang : List.of("en", "de", "bg")) {
                assertThat(SHIPPED.article(id, lang)).as(id + "." + lang)
                    .get()
                    .satisfies(a -> assertThat(a.language()).isEqualTo(lang))
                    .satisfies(a -> assertThat(a.questions()).hasSizeGreaterThanOrEqualTo(5));
            }
        }
    }

}
