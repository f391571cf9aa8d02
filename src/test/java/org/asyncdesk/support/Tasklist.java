package org.asyncdesk.support;

import java.time.Duration;

import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * Camunda Tasklist as an agent uses it, driven in a real browser: log in, open a filter,
 * open and claim a task, fill the Camunda Form by field key, complete. Selectors rely on
 * visible texts and form-js's stable markup (an input's id ends with its form component
 * id; radio options with the option's index), not on Tasklist's generated classes. Field
 * keys are mapped to component ids through the form files ({@link CamundaForms}).
 */
public class Tasklist {

    private final Browser browser;

    private final String baseUrl;

    private final CamundaForms forms;

    public Tasklist(Browser browser, String baseUrl, CamundaForms forms) {
        this.browser = browser;
        this.baseUrl = baseUrl;
        this.forms = forms;
    }

    /**
     * Logs in as the user (after logging out whoever was logged in). The old page is left
     * for about:blank first and the login form is addressed by name, so nothing typed can
     * land in the previous user's page while it is still on screen; a login that the app
     * refuses (e.g. a session race under load) is tried again.
     */
    public void login(String user, String password) {
        By form = By.cssSelector("form[name=signinForm]");
        By filters = By
            .xpath("//*[contains(@class,'filters') or contains(@class,'filter-list') or @cam-tasklist-filters]");
        for (int attempt = 1;; attempt++) {
            browser.driver().manage().deleteAllCookies();
            browser.open("about:blank");
            browser.open(baseUrl + "/camunda/app/tasklist/default/#/login");
            browser.type(By.cssSelector("form[name=signinForm] input[type=text]"), user);
            browser.type(By.cssSelector("form[name=signinForm] input[type=password]"), password);
            browser.click(By.cssSelector("form[name=signinForm] button[type=submit]"));
            try {
                browser.until("logged in as " + user, Duration.ofSeconds(attempt < 3 ? 20 : 30),
                        d -> d.findElements(form).isEmpty() && !d.findElements(filters).isEmpty());
                return;
            }
            catch (RuntimeException e) {
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }

    /** Clicks the filter with this name in the list on the left. */
    public void openFilter(String name) {
        browser.click(By.xpath("//*[contains(@class,'filters') or @cam-tasklist-filters]//*[normalize-space(text())="
                + literal(name) + "]"));
        browser.until("filter " + name + " active", d -> !d
            .findElements(By.xpath("//*[contains(@class,'active')]//*[normalize-space(text())=" + literal(name) + "]"))
            .isEmpty());
    }

    /**
     * The sort order of the task list as Tasklist's sort menu shows it, e.g. "Due date".
     */
    public String sortOrder() {
        return browser.visible(By.cssSelector(".sorting-choice, [cam-sorting-choices] li")).getText().strip();
    }

    /** Opens the task in the list whose name or description contains the text. */
    public void openTask(String text) {
        By task = By.xpath("//*[contains(@class,'tasks-list')]//li[contains(normalize-space(.), " + literal(text) + ")]"
                + "//*[contains(@class,'names') or self::h4 or self::a][1]");
        // the filters have "refresh" on: Tasklist reloads the list by itself while we
        // wait
        browser.until("task " + text + " in the list", Duration.ofSeconds(60), d -> !d.findElements(task).isEmpty());
        browser.click(task);
        browser.until("task " + text + " opened",
                d -> !d.findElements(By.xpath("//*[contains(@class,'task-details') or @cam-tasklist-task]")).isEmpty());
    }

    /** Claims the open task. */
    public void claim() {
        browser.click(By.xpath("//button[normalize-space(.)='Claim'] | //a[normalize-space(.)='Claim']"));
        browser.until("task claimed",
                d -> d.findElements(By.xpath("//button[normalize-space(.)='Claim'] | //a[normalize-space(.)='Claim']"))
                    .isEmpty());
    }

    /** The rendered Camunda Form of the open task. */
    public WebElement form() {
        return browser.visible(By.cssSelector(".fjs-form, .fjs-container"));
    }

    /** The visible text of the form (read-only views, labels, values). */
    public String formText() {
        return form().getText();
    }

    /**
     * Types into the form field with this key (a text field or text area of one of the
     * forms in {@code forms/}).
     */
    public void fill(String key, String text) {
        browser.type(By.cssSelector(".fjs-container [id$='-" + forms.component(key).id() + "']"), text);
    }

    /** Chooses the option with this value in the radio group with this key. */
    public void choose(String key, String value) {
        CamundaForms.Component field = forms.component(key);
        int index = field.values().indexOf(value);
        if (index < 0) {
            throw new IllegalArgumentException(key + " has no option " + value + " (options: " + field.values() + ")");
        }
        WebElement radio = browser
            .clickable(By.cssSelector(".fjs-container input[type=radio][id$='-" + field.id() + "-" + index + "']"));
        browser.scrollTo(radio);
        radio.click();
        browser.until(key + " = " + value, d -> radio.isSelected());
    }

    /**
     * Chooses the option at this position in a radio group whose options come from a
     * variable ({@code valuesKey}).
     */
    public void chooseOption(String key, int index) {
        WebElement radio = browser.clickable(By
            .cssSelector(".fjs-container input[type=radio][id$='-" + forms.component(key).id() + "-" + index + "']"));
        browser.scrollTo(radio);
        radio.click();
        browser.until(key + " option " + index, d -> radio.isSelected());
    }

    /** The current value of the text field or text area with this key. */
    public String value(String key) {
        return browser.visible(By.cssSelector(".fjs-container [id$='-" + forms.component(key).id() + "']"))
            .getDomProperty("value");
    }

    /**
     * Types at the end of the text field or text area with this key, keeping what is
     * there (an agent's edit).
     */
    public void append(String key, String text) {
        WebElement field = browser.visible(By.cssSelector(".fjs-container [id$='-" + forms.component(key).id() + "']"));
        browser.scrollTo(field);
        field.click();
        field.sendKeys(Keys.END, text);
    }

    /** Completes the open task and waits until Tasklist has taken it away. */
    public void complete() {
        browser.click(By.xpath("//button[normalize-space(.)='Complete']"));
        browser.until("task completed",
                d -> d.findElements(By.xpath("//button[normalize-space(.)='Complete']")).isEmpty());
    }

    static String literal(String s) {
        return s.contains("'") ? "\"" + s + "\"" : "'" + s + "'";
    }

}
