package org.asyncdesk.conversation;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import org.asyncdesk.customer.Customer;
import org.asyncdesk.customer.CustomerIdentity;
import org.asyncdesk.customer.CustomerService;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Web chat conversations: opened from the chat form, reached by the access token only
 * their holder knows.
 */
@Service
public class WebchatAccess {

    private final ConversationRepository conversations;

    private final Transcript transcript;

    private final CustomerService customers;

    private final Clock clock;

    public WebchatAccess(ConversationRepository conversations, Transcript transcript, CustomerService customers,
            Clock clock) {
        this.conversations = conversations;
        this.transcript = transcript;
        this.customers = customers;
        this.clock = clock;
    }

    /** A web chat conversation, created when the customer submits the chat form. */
    public record OpenedConversation(Conversation conversation, String accessToken) {
    }

    /**
     * A web chat conversation, created when the customer submits the chat form. The
     * e-mail address is only claimed (anyone can type anyone's): the conversation gets a
     * provisional profile of its own, never the profile, tier, orders or other
     * conversations of whoever owns the address, until the customer confirms it
     * ({@link ConversationRouter#confirmIdentity}).
     */
    @Transactional
    public OpenedConversation open(String name, String email, String language) {
        CustomerIdentity claimed = new CustomerIdentity("email", email).normalised();
        Customer customer = customers.createProvisional(name, language);
        Instant now = clock.instant();
        var conversation = new Conversation(UUID.randomUUID().toString(), customer.id(), ConversationStatus.NEW,
                Channel.WEBCHAT, Channel.WEBCHAT, language, now, now, null, false, claimed);
        String token = AccessTokens.newToken();
        conversations.insert(conversation, AccessTokens.hash(token));
        transcript.appendEvent(conversation.id(), Channel.WEBCHAT, ConversationRouter.unverifiedNote(claimed,
                "typed into the web chat; confirmed once the customer opens the link we e-mail there"));
        return new OpenedConversation(conversation, token);
    }

    /** Whether this token opens this conversation (compared by hash in constant time). */
    public boolean allowed(String conversationId, String token) {
        return conversations.accessTokenHash(conversationId).map(h -> AccessTokens.matches(token, h)).orElse(false);
    }

}
