package org.asyncdesk.channel.webchat;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

import org.asyncdesk.AsyncdeskProperties;
import org.asyncdesk.conversation.Channel;
import org.asyncdesk.conversation.Conversation;
import org.asyncdesk.conversation.ConversationService;
import org.asyncdesk.conversation.ConversationStatus;
import org.asyncdesk.conversation.CustomerMessage;
import org.asyncdesk.conversation.Direction;
import org.asyncdesk.conversation.Transcript;
import org.asyncdesk.conversation.TranscriptMessage;
import org.asyncdesk.conversation.WebchatAccess;
import org.asyncdesk.inbox.Inbox;
import org.asyncdesk.web.NulCharacters;
import org.asyncdesk.web.ProblemException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The API behind the customer's chat page. A conversation is reached with its id and the
 * bearer token handed out when it was opened; nothing else identifies the customer.
 */
@RestController
@RequestMapping("/api/webchat/conversations")
class WebchatController {

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

    private static final Pattern LANGUAGE = Pattern.compile("^[a-z]{2}$");

    private final ConversationService conversations;

    private final Transcript transcript;

    private final WebchatAccess webchats;

    private final Inbox inbox;

    private final WebchatProperties properties;

    private final AsyncdeskProperties asyncdesk;

    private final Clock clock;

    private final WebchatFloodGuard floodGuard;

    private final EmailConfirmations confirmations;

    public WebchatController(ConversationService conversations, Transcript transcript, WebchatAccess webchats,
            Inbox inbox, WebchatProperties properties, AsyncdeskProperties asyncdesk, Clock clock,
            WebchatFloodGuard floodGuard, EmailConfirmations confirmations) {
        this.floodGuard = floodGuard;
        this.confirmations = confirmations;
        this.conversations = conversations;
        this.transcript = transcript;
        this.webchats = webchats;
        this.inbox = inbox;
        this.properties = properties;
        this.asyncdesk = asyncdesk;
        this.clock = clock;
    }

    public record OpenRequest(String name, String email, String text, String language) {
    }

    /**
     * @param emailConfirmation {@code sent} (a confirmation link is on its way to the
     * address) or {@code limit-reached} (the address got as many as it may for now)
     */
    public record Opened(String conversationId, String token, String link, String status, boolean identityVerified,
            String emailConfirmation) {
    }

    /**
     * @param status {@code sent}: a new confirmation link is on its way to {@code email}
     */
    public record ConfirmationView(String status, String email) {
    }

    public record MessageRequest(String text) {
    }

    public record MessageView(long id, String direction, String author, String text, Instant sentAt,
            String deliveryState) {
    }

    /**
     * @param email the address the customer gave
     * @param identityVerified whether they confirmed it (the link in our e-mail)
     */
    public record TranscriptResponse(String conversationId, String status, String email, boolean identityVerified,
            List<MessageView> messages) {
    }

    @PostMapping
    @Transactional
    public ResponseEntity<Opened> open(@RequestBody(required = false) OpenRequest request) {
        if (request == null) {
            throw new InvalidChatInput("body", "send a JSON object with name, email and text");
        }
        String name = required("name", request.name(), 200);
        String email = required("email", request.email(), 320);
        if (!EMAIL.matcher(email).matches()) {
            throw new InvalidChatInput("email", "'email' is not an e-mail address");
        }
        String text = text(request.text());
        String language = null;
        if (request.language() != null && !request.language().isBlank()) {
            language = request.language().strip().toLowerCase(Locale.ROOT);
            if (!LANGUAGE.matcher(language).matches()) {
                throw new InvalidChatInput("language",
                        "'language' must be a two-letter ISO 639-1 code such as en, de or bg");
            }
        }
        floodGuard.admitNewConversation(email);
        var opened = webchats.open(name, email, language);
        String id = opened.conversation().id();
        inbox.accept(id, message(email, name, language, text));
        var confirmation = confirmations.request(id);
        String link = asyncdesk.link("/chat#c=" + id + "&t=" + opened.accessToken());
        return ResponseEntity.created(URI.create("/api/webchat/conversations/" + id))
            .body(new Opened(id, opened.accessToken(), link, ConversationStatus.NEW.name(), false,
                    confirmation.outcome() == EmailConfirmations.Requested.QUEUED ? "sent" : "limit-reached"));
    }

    /**
     * Sends the confirmation e-mail again (the first one got lost, or its link expired):
     * 202, or 409 when the address is confirmed already, or 429 with {@code Retry-After}
     * when the address got as many as it may for now.
     */
    @PostMapping("/{id}/confirmation")
    public ResponseEntity<?> resendConfirmation(@PathVariable String id,
            @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        Conversation c = authorised(id, authorization);
        var requested = confirmations.request(c.id());
        return switch (requested.outcome()) {
            case QUEUED -> ResponseEntity.accepted().body(new ConfirmationView("sent", c.claimedIdentity().address()));
            case ALREADY_CONFIRMED -> throw new ProblemException(HttpStatus.CONFLICT, "already-confirmed",
                    "Already confirmed", "the e-mail address of this conversation is confirmed already");
            case LIMIT_REACHED -> throw new ProblemException(HttpStatus.TOO_MANY_REQUESTS, "rate-limited",
                    "Too many confirmation e-mails",
                    "this address got as many confirmation e-mails as it may for now; try again later")
                .withHeader(HttpHeaders.RETRY_AFTER, String.valueOf(Math.max(1, requested.retryAfter().toSeconds())));
        };
    }

    @PostMapping("/{id}/messages")
    public ResponseEntity<MessageView> write(@PathVariable String id,
            @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            @RequestBody(required = false) MessageRequest request) {
        Conversation c = authorised(id, authorization);
        if (request == null) {
            throw new InvalidChatInput("body", "send a JSON object with text");
        }
        String text = text(request.text());
        String author = transcript.of(id)
            .stream()
            .filter(m -> m.direction() == Direction.IN)
            .map(TranscriptMessage::author)
            .findFirst()
            .orElse("Customer");
        // exactly the entry this request stored: re-reading the transcript could return a
        // message posted alongside
        TranscriptMessage stored = inbox.accept(id, message("conversation:" + c.id(), author, c.language(), text))
            .transcriptEntry()
            .orElseThrow();
        return ResponseEntity.status(HttpStatus.CREATED).body(view(stored));
    }

    @GetMapping("/{id}/messages")
    public TranscriptResponse read(@PathVariable String id,
            @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        Conversation c = authorised(id, authorization);
        List<MessageView> messages = transcript.of(id)
            .stream()
            .filter(TranscriptMessage::visibleToCustomer)
            .map(WebchatController::view)
            .toList();
        return new TranscriptResponse(id, c.status().name(),
                c.claimedIdentity() == null ? null : c.claimedIdentity().address(), c.identityVerified(), messages);
    }

    private CustomerMessage message(String sender, String name, String language, String text) {
        return new CustomerMessage(Channel.WEBCHAT, "webchat-" + UUID.randomUUID(), sender, name, language, text,
                clock.instant());
    }

    private Conversation authorised(String id, String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new MissingChatToken();
        }
        String token = authorization.substring(7).strip();
        if (!webchats.allowed(id, token)) {
            throw new UnknownChat();
        }
        return conversations.find(id).orElseThrow(UnknownChat::new);
    }

    private String text(String text) {
        String t = required("text", text, Integer.MAX_VALUE);
        if (t.length() > properties.maxTextLength()) {
            throw new InvalidChatInput("text", "'text' is " + t.length() + " characters long; at most "
                    + properties.maxTextLength() + " are allowed");
        }
        return t;
    }

    private static String required(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            throw new InvalidChatInput(field, "'" + field + "' is required and must not be empty");
        }
        if (NulCharacters.in(value)) {
            throw new InvalidChatInput(field, "'" + field + "' must not contain NUL characters");
        }
        String v = value.strip();
        if (v.length() > max) {
            throw new InvalidChatInput(field, "'" + field + "' is longer than " + max + " characters");
        }
        return v;
    }

    private static MessageView view(TranscriptMessage m) {
        return new MessageView(m.id(), m.direction() == Direction.IN ? "customer" : "agent", m.author(), m.body(),
                m.createdAt(),
                m.direction() == Direction.OUT && m.deliveryState() != null ? m.deliveryState().key() : null);
    }

    static class InvalidChatInput extends ProblemException {

        InvalidChatInput(String field, String detail) {
            super(HttpStatus.BAD_REQUEST, "invalid-chat-input", "Invalid chat message", detail);
            with("field", field);
        }

    }

    static class MissingChatToken extends ProblemException {

        MissingChatToken() {
            super(HttpStatus.UNAUTHORIZED, "token-required", "Conversation token required",
                    "send the conversation's token as 'Authorization: Bearer <token>'");
            withHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }

    }

    static class UnknownChat extends ProblemException {

        UnknownChat() {
            super(HttpStatus.NOT_FOUND, "conversation-not-found", "Conversation not found",
                    "no conversation with this id and token");
        }

    }

}
