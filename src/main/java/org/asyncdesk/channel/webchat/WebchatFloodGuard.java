package org.asyncdesk.channel.webchat;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.asyncdesk.conversation.ConversationService;
import org.asyncdesk.web.ClientBuckets;
import org.asyncdesk.web.ProblemException;
import org.asyncdesk.web.ProblemResponses;
import org.asyncdesk.web.RateLimited;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Keeps the anonymous web chat from being flooded (issue 10: 866 conversations in 10 s,
 * each with a process instance and an agent task). Before a body is read: the challenge
 * when it is on, then the limits per client address and for everyone together. After the
 * body is validated, {@link #admitNewConversation}: the limit per e-mail address and the
 * cap on its open conversations. All counters live in this node's memory, see README
 * "Abuse protection".
 */
@Component
class WebchatFloodGuard extends OncePerRequestFilter {

    private static final String OPEN = "/api/webchat/conversations";

    /**
     * messages, and asking for the confirmation e-mail again: both count as writes of the
     * client
     */
    private static final Pattern WRITE = Pattern
        .compile("^/api/webchat/conversations/[^/]+/(messages|confirmation)/?$");

    private static final String ALL = "all";

    private final WebchatProperties properties;

    private final ObjectProvider<ConversationService> conversations;

    private final ProofOfWork proofOfWork;

    private final ClientBuckets conversationsPerAddress;

    private final ClientBuckets messagesPerAddress;

    private final ClientBuckets conversationsPerEmail;

    private final ClientBuckets allConversations;

    private final ClientBuckets allMessages;

    private final ProblemResponses problems;

    // ConversationService looked up when used: servlet filters are built before the
    // engine and the database
    public WebchatFloodGuard(WebchatProperties properties, ObjectProvider<ConversationService> conversations,
            ProblemResponses problems) {
        this.properties = properties;
        this.conversations = conversations;
        this.problems = problems;
        // the challenge's expiry is real time, not the engine clock that process tests
        // move
        this.proofOfWork = new ProofOfWork(properties.challenge(), Clock.systemUTC());
        var limits = properties.rateLimit();
        int max = limits.maxTrackedClients();
        conversationsPerAddress = new ClientBuckets(limits.conversationsPerAddressPerHour(), Duration.ofHours(1), max);
        messagesPerAddress = new ClientBuckets(limits.messagesPerAddressPerMinute(), Duration.ofMinutes(1), max);
        conversationsPerEmail = new ClientBuckets(limits.conversationsPerEmailPerHour(), Duration.ofHours(1), max);
        allConversations = new ClientBuckets(limits.globalConversationsPerMinute(), Duration.ofMinutes(1), 1);
        allMessages = new ClientBuckets(limits.globalMessagesPerMinute(), Duration.ofMinutes(1), 1);
    }

    ProofOfWork proofOfWork() {
        return proofOfWork;
    }

    boolean challengeEnabled() {
        return properties.challenge().enabled();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        String client = ClientBuckets.clientKey(request.getRemoteAddr());
        try {
            if (path.equals(OPEN) || path.equals(OPEN + "/")) {
                if (challengeEnabled()) {
                    // first, so that requests without a solution cannot use up the limits
                    // of everyone else
                    String refusal = proofOfWork.refusal(request.getHeader("X-Asyncdesk-Challenge"));
                    if (refusal != null) {
                        problems.write(response, new ProblemException(HttpStatus.FORBIDDEN, "challenge-required",
                                "Challenge not solved", refusal));
                        return;
                    }
                }
                limit(conversationsPerAddress, client, "too many new conversations from your address; try again later");
                limit(allConversations, ALL, "the chat is receiving too many new conversations; try again later");
            }
            else if (WRITE.matcher(path).matches()) {
                limit(messagesPerAddress, client, "too many messages from your address; try again later");
                limit(allMessages, ALL, "the chat is receiving too many messages; try again later");
            }
        }
        catch (RateLimited limited) {
            problems.write(response, limited);
            return;
        }
        chain.doFilter(request, response);
    }

    /**
     * A new conversation for this (validated) e-mail address: within its rate, and below
     * the cap on open conversations, or {@link RateLimited} /
     * {@link TooManyOpenConversations}.
     */
    public void admitNewConversation(String email) {
        String address = email.strip().toLowerCase(Locale.ROOT);
        limit(conversationsPerEmail, address, "too many new conversations for this e-mail address; try again later");
        int open = conversations.getObject().openConversationsOf("email", address);
        if (open >= properties.maxOpenPerEmail()) {
            throw new TooManyOpenConversations(open);
        }
    }

    private static void limit(ClientBuckets buckets, String key, String detail) {
        buckets.tryConsume(key).ifPresent(wait -> {
            throw new RateLimited(detail, wait);
        });
    }

    /**
     * Answered 409: the customer should continue one of them (with its personal link),
     * not open another.
     */
    public static class TooManyOpenConversations extends ProblemException {

        TooManyOpenConversations(int open) {
            super(HttpStatus.CONFLICT, "too-many-open-conversations", "Too many open conversations",
                    "this e-mail address has " + open + " open conversations already; continue one of them with its "
                            + "personal link, or wait until one is resolved");
        }

    }

}
