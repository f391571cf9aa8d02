package org.asyncdesk.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import org.asyncdesk.support.BehindHttpsProxyTest;
import org.asyncdesk.support.Browser;
import org.asyncdesk.support.StaffUsers;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A process owner's page in a real Chromium: the articles per language, and trying a
 * question to see the matches, their scores and whether the assistant would answer by
 * itself.
 */
@BehindHttpsProxyTest
class KnowledgePageBrowserIT {

    @LocalServerPort
    int port;

    @Test
    void aProcessOwnerSeesTheArticlesAndTriesQuestions() {
        try (Browser owner = new Browser("knowledge-page")) {
            // the login in the address: the browser sends it with the page and, after the
            // API's challenge, with fetch
            owner.open("http://anna:" + StaffUsers.PASSWORD + "@localhost:" + port + "/knowledge");
            owner.visible(By.cssSelector("details[data-article='delivery.en']"));
            assertThat(owner.driver().findElement(By.id("articles")).getText()).contains("returns — Returning an item");
            owner.click(By.cssSelector("#languages button[data-language='de']"));
            owner.visible(By.cssSelector("details[data-article='delivery.de']"));
            assertThat(owner.driver().findElement(By.cssSelector("#languages button[data-language='bg']")).getText())
                .isEqualTo("bg (10)");
            owner.screenshot("articles");

            owner.type(By.id("question"), "Wann kommt mein Paket?");
            new Select(owner.driver().findElement(By.id("language"))).selectByValue("de");
            owner.click(By.cssSelector("#try button[type=submit]"));
            owner.until("the delivery article ranked first",
                    d -> d.findElements(By.cssSelector("#matches tbody tr")).size() > 0 && "delivery"
                        .equals(d.findElement(By.cssSelector("#matches tbody tr")).getAttribute("data-article")));
            assertThat(owner.driver().findElement(By.id("verdict")).getText())
                .isEqualTo("Would answer automatically with \"delivery\" (de)");
            double score = Double
                .parseDouble(owner.driver().findElement(By.cssSelector("#matches tbody tr .score")).getText());
            assertThat(score).isBetween(0.6, 1.0);
            owner.screenshot("auto-answer");

            owner.type(By.id("question"), "Wie wird das Wetter morgen?");
            owner.click(By.cssSelector("#try button[type=submit]"));
            owner.until("the verdict for a person",
                    d -> d.findElement(By.id("verdict")).getText().startsWith("Would go to a person"));
            owner.screenshot("to-a-person");
        }
    }

}
