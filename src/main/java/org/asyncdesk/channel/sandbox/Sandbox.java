package org.asyncdesk.channel.sandbox;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.asyncdesk.conversation.Channel;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;

/**
 * The built-in stand-in for providers a channel has no credentials for: it records what
 * would have been sent, so the embedded default ({@code ./mvnw spring-boot:run}) shows
 * every channel working on {@code /sandbox}.
 */
@Service
public class Sandbox {

    private final JdbcClient jdbc;

    private final Clock clock;

    public Sandbox(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public record SandboxMessage(long id, String channel, String recipient, String body, String conversationId,
            Instant createdAt) {
    }

    /**
     * @return the sandbox's message id, used as the provider message id ("sandbox-42")
     */
    public String record(Channel channel, String recipient, String conversationId, String body) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                insert into sandbox_message (channel, recipient, body, conversation_id, created_at)
                values (:ch, :to, :body, :c, :at)""")
            .param("ch", channel.name())
            .param("to", recipient)
            .param("body", body)
            .param("c", conversationId)
            .param("at", Timestamp.from(clock.instant()))
            .update(keys, "id");
        return "sandbox-" + keys.getKeyAs(Number.class).longValue();
    }

    public List<SandboxMessage> latest(int limit) {
        return jdbc.sql("select * from sandbox_message order by id desc limit :n")
            .param("n", limit)
            .query((rs, n) -> new SandboxMessage(rs.getLong("id"), Channel.valueOf(rs.getString("channel")).key(),
                    rs.getString("recipient"), rs.getString("body"), rs.getString("conversation_id"),
                    rs.getTimestamp("created_at").toInstant()))
            .list();
    }

    public List<SandboxMessage> sentTo(Channel channel, String recipient) {
        return jdbc.sql("select * from sandbox_message where channel = :ch and recipient = :to order by id")
            .param("ch", channel.name())
            .param("to", recipient)
            .query((rs, n) -> new SandboxMessage(rs.getLong("id"), channel.key(), rs.getString("recipient"),
                    rs.getString("body"), rs.getString("conversation_id"), rs.getTimestamp("created_at").toInstant()))
            .list();
    }

}
