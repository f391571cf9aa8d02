package org.asyncdesk.automation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The keyword rules of the Classify step in English, German and Bulgarian. */
class ClassifierTest {

    @ParameterizedTest(name = "{0} ({1}) -> {2}, {3}")
    @CsvSource(delimiter = '|',
            value = { "Where is my order 1234?                         | standard | order-status | normal",
                    "My parcel has not arrived, this is URGENT        | standard | order-status | urgent",
                    "I want to return the shoes and get a refund      | standard | return       | normal",
                    "This is unacceptable, I want to file a complaint | standard | complaint    | high",
                    "Do you sell gift cards?                          | standard | general      | normal",
                    "Do you sell gift cards?                          | vip      | general      | high",
                    "Wo bleibt meine Bestellung?                      | standard | order-status | normal",
                    "Ich möchte eine Rücksendung anmelden             | standard | return       | normal",
                    "Ich bin sehr enttäuscht, das ist eine Beschwerde | standard | complaint    | high",
                    "Bitte dringend antworten!                        | standard | general      | urgent",
                    "Къде е моята поръчка?                            | standard | order-status | normal",
                    "Искам връщане на продукта                        | standard | return       | normal",
                    "Това е оплакване, много съм недоволна            | standard | complaint    | high",
                    "Спешно е, моля отговорете веднага                | standard | general      | urgent", })
    void keywordRules(String text, String tier, String intent, String priority) {
        var c = Classifier.classify(text, tier);
        assertThat(c.intent()).isEqualTo(intent);
        assertThat(c.priority()).isEqualTo(priority);
    }

}
