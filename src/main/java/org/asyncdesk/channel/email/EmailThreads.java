package org.asyncdesk.channel.email;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * E-mail threading: the conversation tag we put into every subject, the Message-IDs in
 * {@code In-Reply-To} and {@code References}, and the subjects of the customer's e-mails
 * (so replies keep them).
 */
@Component
class EmailThreads {

    static final Pattern TAG = Pattern
        .compile("\\[ref:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})]");

    private static final Pattern MESSAGE_ID = Pattern.compile("<[^<>\\s]+>");

    /**
     * All reply prefixes at once; possessive, so a subject of "Re: Re: Re: …" is read
     * once, not once per prefix.
     */
    private static final Pattern REPLY_PREFIXES = Pattern.compile("(?i)(?:(?:re|aw|fwd?|wg|отн)\\s*+:\\s*+)++");

    private final JdbcClient jdbc;

    EmailThreads(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    static String tag(String conversationId) {
        return "[ref:" + conversationId + "]";
    }

    static Optional<String> taggedConversation(String subject) {
        if (subject == null) {
            return Optional.empty();
        }
        Matcher m = TAG.matcher(subject);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** Message-IDs of {@code In-Reply-To} and {@code References}, most recent first. */
    static List<String> referencedIds(String inReplyTo, String references) {
        List<String> ids = new ArrayList<>();
        if (inReplyTo != null) {
            MESSAGE_ID.matcher(inReplyTo).results().forEach(r -> ids.add(r.group()));
        }
        if (references != null) {
            List<String> refs = new ArrayList<>();
            MESSAGE_ID.matcher(references).results().forEach(r -> refs.add(r.group()));
            Collections.reverse(refs);
            refs.stream().filter(r -> !ids.contains(r)).forEach(ids::add);
        }
        return ids;
    }

    /** The subject without reply prefixes and our tag, for "Re: ..." on our answers. */
    static String baseSubject(String subject) {
        if (subject == null) {
            return "";
        }
        String s = TAG.matcher(subject).replaceAll("").strip();
        Matcher prefixes = REPLY_PREFIXES.matcher(s);
        return prefixes.lookingAt() ? s.substring(prefixes.end()).strip() : s;
    }

    void rememberSubject(String messageId, String subject) {
        String s = subject == null ? "" : subject.strip();
        try {
            jdbc.sql("insert into email_subject (message_id_header, subject) values (:id, :s)")
                .param("id", messageId)
                .param("s", s.length() > 900 ? s.substring(0, 900) : s)
                .update();
        }
        catch (DuplicateKeyException again) {
            // the same e-mail polled twice
        }
    }

    Optional<String> subjectOf(String messageId) {
        return jdbc.sql("select subject from email_subject where message_id_header = :id")
            .param("id", messageId)
            .query(String.class)
            .optional();
    }

}
