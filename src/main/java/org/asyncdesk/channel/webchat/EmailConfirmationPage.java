package org.asyncdesk.channel.webchat;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.asyncdesk.channel.webchat.EmailConfirmations.Link;
import org.asyncdesk.channel.webchat.EmailConfirmations.LinkState;
import org.asyncdesk.template.MessageTemplates;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The page the confirmation e-mail links to, {@code /chat/confirm?token=…}. Opening it
 * changes nothing: virus scanners and link previews open links in e-mails, so the page
 * asks the customer to press a button, and only that POST confirms. The page names the
 * address and when the chat was started, never what the chat's author wrote (that could
 * be anybody's words). Plain HTML without scripts (our CSP), never cached.
 */
@RestController
class EmailConfirmationPage {

    private static final DateTimeFormatter WHEN = DateTimeFormatter
        .ofPattern("d MMMM yyyy, HH:mm 'UTC'", Locale.ENGLISH)
        .withZone(ZoneOffset.UTC);

    private static final MediaType HTML = new MediaType("text", "html", StandardCharsets.UTF_8);

    private final EmailConfirmations confirmations;

    EmailConfirmationPage(EmailConfirmations confirmations) {
        this.confirmations = confirmations;
    }

    @GetMapping("/chat/confirm")
    ResponseEntity<String> show(@RequestParam(value = "token", required = false) String token) {
        Link link = confirmations.link(token);
        return switch (link.state()) {
            case VALID -> page(HttpStatus.OK, "Confirm your e-mail address", "<p>On " + when(link)
                    + " someone started a chat with our customer service and gave the address <strong>"
                    + html(link.address()) + "</strong>.</p>"
                    + "<p>If that was you, confirm it: our agents then see your customer account (orders, "
                    + "earlier conversations) in that chat.</p>" + "<form method=\"post\" action=\"/chat/confirm\">"
                    + "<input type=\"hidden\" name=\"token\" value=\"" + html(token) + "\">"
                    + "<button type=\"submit\">Yes, that was me: confirm</button></form>"
                    + "<p class=\"lead\">Not you? Ignore this page and the e-mail: nothing happens, and the chat "
                    + "never sees your account.</p>");
            case CONFIRMED -> confirmed();
            case EXPIRED -> expired();
            case UNKNOWN -> unknown();
        };
    }

    @PostMapping(value = "/chat/confirm", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    ResponseEntity<String> confirm(@RequestParam(value = "token", required = false) String token) {
        Link before;
        try {
            before = confirmations.confirm(token);
        }
        catch (EmailConfirmations.Busy busy) {
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, "2")
                .cacheControl(CacheControl.noStore())
                .contentType(HTML)
                .body(html("We are busy", "<p>Your conversation was being updated at that very moment. Please go "
                        + "back and press the button again.</p>"));
        }
        return switch (before.state()) {
            case VALID -> page(HttpStatus.OK, "Thank you", "<p>Your e-mail address <strong>" + html(before.address())
                    + "</strong> is confirmed. Our agents now see your customer account in the chat. You can close "
                    + "this page.</p>");
            case CONFIRMED -> confirmed();
            case EXPIRED -> expired();
            case UNKNOWN -> unknown();
        };
    }

    private ResponseEntity<String> confirmed() {
        return page(HttpStatus.OK, "Already confirmed",
                "<p>This address has been confirmed with this link already. " + "You can close this page.</p>");
    }

    private ResponseEntity<String> expired() {
        return page(HttpStatus.GONE, "This link has expired", "<p>Confirmation links are valid for a limited time. "
                + "Open your chat with its personal link and ask for a new confirmation e-mail there.</p>");
    }

    private ResponseEntity<String> unknown() {
        return page(HttpStatus.NOT_FOUND, "Unknown link", "<p>This confirmation link is not valid. Copy the whole "
                + "link from the e-mail, or ask for a new one in your chat.</p>");
    }

    private static ResponseEntity<String> page(HttpStatus status, String title, String body) {
        return ResponseEntity.status(status)
            .cacheControl(CacheControl.noStore())
            .contentType(HTML)
            .body(html(title, body));
    }

    private static String html(String title, String body) {
        return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<meta name=\"robots\" content=\"noindex\"><title>" + html(title) + " · Asyncdesk</title>"
                + "<link rel=\"stylesheet\" href=\"/chat/chat.css\"></head>" + "<body><main><header><h1>" + html(title)
                + "</h1></header>" + body + "</main></body></html>\n";
    }

    private static String when(Link link) {
        return html(WHEN.format(link.requestedAt()));
    }

    private static String html(String s) {
        return MessageTemplates.escapeHtml(s == null ? "" : s);
    }

}
