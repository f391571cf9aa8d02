package org.asyncdesk.inbox;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import org.asyncdesk.conversation.CustomerMessage;
import org.asyncdesk.conversation.Transcript;
import org.asyncdesk.conversation.TranscriptMessage;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Where every inbound message lands first. Storing is all that happens before the
 * provider gets its answer; the {@link InboxDispatcher} takes it into the engine
 * afterwards.
 */
@Service
public class Inbox {

    private final InboxRepository repository;

    private final Transcript transcript;

    private final InboxDispatcher dispatcher;

    private final Clock clock;

    public Inbox(InboxRepository repository, Transcript transcript, InboxDispatcher dispatcher, Clock clock) {
        this.repository = repository;
        this.transcript = transcript;
        this.dispatcher = dispatcher;
        this.clock = clock;
    }

    /**
     * What became of a message handed to the inbox.
     *
     * @param transcriptEntry the transcript entry stored for it at once (web chat), empty
     * otherwise and for duplicates
     */
    public record Accepted(boolean duplicate, Optional<Long> inboxId, Optional<TranscriptMessage> transcriptEntry) {
    }

    /**
     * Stores a message whose conversation is not known yet (provider webhooks, the mail
     * poller). A provider's retry of the same message is accepted and stored once.
     */
    @Transactional
    public Accepted accept(CustomerMessage message) {
        String orderKey = message.channel().name() + ":" + message.senderAddress();
        Optional<Long> id = repository.insert(message.channel(), message.providerMessageId(), orderKey,
                message.senderAddress(), message.senderName(), message.language(), message.text(), null, null,
                clock.instant(), message.attachments(), message.threadConversationId(), message.senderVerified());
        id.ifPresent(x -> dispatcher.wakeUpAfterCommit());
        return new Accepted(id.isEmpty(), id, Optional.empty());
    }

    /**
     * Stores the messages of one provider webhook in one transaction (one commit for a
     * batch).
     * @return how many were new (the rest were provider retries of messages stored
     * before)
     */
    @Transactional
    public int acceptAll(List<CustomerMessage> messages) {
        int stored = 0;
        for (CustomerMessage m : messages) {
            if (!accept(m).duplicate()) {
                stored++;
            }
        }
        return stored;
    }

    /**
     * Stores a message for a conversation we already know (web chat), straight into the
     * transcript as well, so the customer sees it at once.
     */
    @Transactional
    public Accepted accept(String conversationId, CustomerMessage message) {
        if (repository.exists(message.channel(), message.providerMessageId())) {
            return new Accepted(true, Optional.empty(), Optional.empty());
        }
        TranscriptMessage stored = transcript.appendInbound(conversationId, message);
        Optional<Long> id = repository.insert(message.channel(), message.providerMessageId(), conversationId,
                message.senderAddress(), message.senderName(), message.language(), message.text(), conversationId,
                stored.id(), clock.instant());
        if (id.isEmpty()) {
            // lost a race with the same provider message on another node: roll back our
            // transcript entry too
            throw new DuplicateDelivery();
        }
        dispatcher.wakeUpAfterCommit();
        return new Accepted(false, id, Optional.of(stored));
    }

    /**
     * The same message was stored concurrently; the caller answers as for any duplicate.
     */
    public static class DuplicateDelivery extends RuntimeException {

        DuplicateDelivery() {
            super("message was delivered twice at the same moment");
        }

    }

}
