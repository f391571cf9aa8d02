package org.asyncdesk.automation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The detector recognises what customers of a shop write, short and long, and admits when
 * it cannot tell.
 */
class LanguageDetectorTest {

    private static final LanguageDetector detector = new LanguageDetector();

    @ParameterizedTest
    @CsvSource(delimiter = '|',
            value = { "Where is my order?|en", "Thanks!|en", "Hello, see https://shop.example/orders/4711 please|en",
                    "I want to return the shoes|en", "Wo ist meine Bestellung?|de", "Danke schön!|de",
                    "Ich möchte die Schuhe zurückgeben|de", "Къде е поръчката ми?|bg", "Благодаря!|bg",
                    "Искам да върна обувките|bg" })
    void shortMessages(String text, String language) {
        assertThat(detector.detect(text)).as(text).contains(language);
    }

    @Test
    void longMessages() {
        assertThat(detector.detect("""
                Hello, I ordered a pair of running shoes last Monday and the tracking page still says that the parcel
                is waiting at the depot. Could you please check what happened and tell me when it will arrive? I need
                them for a race on Saturday. Thank you very much for your help.""")).contains("en");
        assertThat(detector.detect("""
                Guten Tag, ich habe letzten Montag ein Paar Laufschuhe bestellt und die Sendungsverfolgung zeigt immer
                noch, dass das Paket im Depot liegt. Könnten Sie bitte nachsehen, was passiert ist, und mir sagen, wann
                es ankommt? Ich brauche sie für einen Lauf am Samstag. Vielen Dank für Ihre Hilfe.""")).contains("de");
        assertThat(detector.detect("""
                Здравейте, миналия понеделник поръчах чифт обувки за бягане, а страницата за проследяване все още
                показва, че пратката чака в склада. Бихте ли проверили какво се е случило и кога ще пристигне? Трябват
                ми за състезание в събота. Благодаря ви много за помощта.""")).contains("bg");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = { "   ", "12345", "#4711-0815", "?!", "👍🙂", "ok", "https://shop.example/track/4711",
            "anna@example.com", "+49 170 1234567" })
    void saysNothingWhenTheTextSaysTooLittle(String text) {
        assertThat(detector.detect(text)).as("%s", text).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = { "xqzv wprtk jjjh", "Hallo where is my Paket", "Bitte helfen Sie mir please help me" })
    void saysNothingForGarbageOrEvenlyMixedText(String text) {
        assertThat(detector.detect(text)).as(text).isEmpty();
    }

    @Test
    void mixedTextWithAClearMajorityGetsTheMajorityLanguage() {
        assertThat(detector
            .detect("Hallo, ich habe eine Frage zu meiner Bestellung, sie ist noch nicht da. Order 4711, thanks"))
            .contains("de");
    }

}
