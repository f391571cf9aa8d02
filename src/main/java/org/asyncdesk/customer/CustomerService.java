package org.asyncdesk.customer;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Customer profiles and the identities that lead to them. */
@Service
public class CustomerService {

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    public CustomerService(JdbcClient jdbc, ApplicationEventPublisher events, Clock clock) {
        this.clock = clock;
        this.jdbc = jdbc;
        this.events = events;
    }

    /** One of the two customers of a merge does not exist. */
    public static class UnknownCustomer extends RuntimeException {
        public final String customerId;

        public UnknownCustomer(String customerId) {
            super("no customer with id " + customerId);
            this.customerId = customerId;
        }
    }

    /**
     * Two profiles turned out to be the same person: {@code fromId}'s identities and conversations move to
     * {@code intoId} and {@code fromId} is deleted. The kept profile's name, tier and language stay (an agent may
     * have corrected them); a missing language is taken over.
     */
    @Transactional
    public Customer merge(String fromId, String intoId, String by) {
        if (fromId.equals(intoId)) {
            throw new IllegalArgumentException("a customer cannot be merged into itself");
        }
        // lock both in a fixed order so that two concurrent merges cannot deadlock
        for (String id : fromId.compareTo(intoId) < 0 ? List.of(fromId, intoId) : List.of(intoId, fromId)) {
            if (jdbc.sql("select id from customer where id = :id for update").param("id", id).query(String.class)
                    .optional().isEmpty()) {
                throw new UnknownCustomer(id);
            }
        }
        Customer from = find(fromId).orElseThrow();
        Customer into = find(intoId).orElseThrow();
        jdbc.sql("update customer_identity set customer_id = :into where customer_id = :from")
                .param("into", intoId).param("from", fromId).update();
        if (into.language() == null && from.language() != null) {
            jdbc.sql("update customer set language = :l where id = :id").param("l", from.language()).param("id", intoId).update();
        }
        events.publishEvent(new CustomersMerged(fromId, intoId, into.displayName(), by));
        jdbc.sql("delete from customer where id = :id").param("id", fromId).update();
        return find(intoId).orElseThrow();
    }

    public Optional<Customer> find(String id) {
        return jdbc.sql("select * from customer where id = :id").param("id", id)
                .query((rs, n) -> new Customer(rs.getString("id"), rs.getString("display_name"), rs.getString("tier"),
                        rs.getString("language"), rs.getTimestamp("created_at").toInstant()))
                .optional();
    }

    public Optional<String> customerIdOf(CustomerIdentity identity) {
        return jdbc.sql("select customer_id from customer_identity where channel = :ch and address = :a")
                .param("ch", identity.channel()).param("a", normalise(identity)).query(String.class).optional();
    }

    public List<CustomerIdentity> identitiesOf(String customerId) {
        return jdbc.sql("select channel, address from customer_identity where customer_id = :c order by id")
                .param("c", customerId)
                .query((rs, n) -> new CustomerIdentity(rs.getString("channel"), rs.getString("address"))).list();
    }

    /**
     * The customer known under this identity, or a new one. A display name given now fills a profile that had
     * none but never overwrites one an agent may have corrected.
     */
    @Transactional
    public Customer findOrCreate(CustomerIdentity identity, String displayName, String language) {
        Optional<String> known = customerIdOf(identity);
        if (known.isPresent()) {
            return find(known.get()).orElseThrow();
        }
        String id = UUID.randomUUID().toString();
        Instant now = clock.instant();
        String name = displayName == null || displayName.isBlank() ? identity.address() : displayName.strip();
        jdbc.sql("insert into customer (id, display_name, tier, language, created_at) values (:id, :n, 'standard', :l, :t)")
                .param("id", id).param("n", name).param("l", language).param("t", Timestamp.from(now)).update();
        try {
            addIdentity(id, identity);
        } catch (DuplicateKeyException raced) {
            // another node created the same identity at the same moment: theirs wins, ours rolls back with the caller
            throw raced;
        }
        return new Customer(id, name, "standard", language, now);
    }

    public void addIdentity(String customerId, CustomerIdentity identity) {
        jdbc.sql("insert into customer_identity (customer_id, channel, address, created_at) values (:c, :ch, :a, :t)")
                .param("c", customerId).param("ch", identity.channel()).param("a", normalise(identity))
                .param("t", Timestamp.from(clock.instant())).update();
    }

    static String normalise(CustomerIdentity identity) {
        String a = identity.address().strip();
        return "email".equals(identity.channel()) ? a.toLowerCase(Locale.ROOT) : a;
    }
}
