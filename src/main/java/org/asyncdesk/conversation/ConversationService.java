package org.asyncdesk.conversation;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.asyncdesk.customer.CustomerIdentity;
import org.asyncdesk.customer.CustomerService;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A conversation's own record: looked up, answered at its recipients, held in a language,
 * resolved. Which conversation a message belongs to is {@link ConversationRouter}'s, what
 * was said {@link Transcript}'s, what the engine hears {@link EngineGateway}'s.
 */
@Service
public class ConversationService {

    private final ConversationRepository conversations;

    private final Transcript transcript;

    private final CustomerService customers;

    private final Clock clock;

    public ConversationService(ConversationRepository conversations, Transcript transcript, CustomerService customers,
            Clock clock) {
        this.conversations = conversations;
        this.transcript = transcript;
        this.customers = customers;
        this.clock = clock;
    }

    /**
     * Open (not resolved) conversations of this address: those of the customer known
     * under it, and those that merely claim it (web chats, unauthenticated e-mails). 0
     * for an address nobody used.
     */
    public int openConversationsOf(String channel, String address) {
        CustomerIdentity identity = new CustomerIdentity(channel, address).normalised();
        return customers.customerIdOf(identity).map(conversations::countOpenOfCustomer).orElse(0)
                + conversations.countOpenUnverifiedClaims(identity);
    }

    public Optional<Conversation> find(String id) {
        return conversations.find(id);
    }

    /**
     * Where replies to this conversation may go: the customer's identities and, for an
     * unverified conversation on the channel of its claim (an unauthenticated e-mail),
     * the claimed address itself: answering the address a mail came from tells its owner,
     * not whoever forged it. A web chat's claimed address gets no replies before it is
     * confirmed.
     */
    public List<CustomerIdentity> recipients(Conversation c) {
        List<CustomerIdentity> recipients = new ArrayList<>(customers.identitiesOf(c.customerId()));
        if (!c.identityVerified() && c.claimedIdentity() != null
                && c.claimedIdentity().channel().equals(c.channel().key())) {
            recipients.add(c.claimedIdentity());
        }
        return recipients;
    }

    @Transactional
    public void resolve(String conversationId, String by) {
        Conversation c = conversations.find(conversationId).orElseThrow();
        conversations.updateStatus(conversationId, ConversationStatus.RESOLVED, clock.instant());
        transcript.appendEvent(conversationId, c.lastInboundChannel(), "Resolved " + by);
    }

    /**
     * The language the conversation is held in (ISO 639-1): templates and routing follow
     * it.
     */
    @Transactional
    public void setLanguage(String conversationId, String language) {
        conversations.updateLanguage(conversationId, language);
    }

}
