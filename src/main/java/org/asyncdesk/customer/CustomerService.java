package org.asyncdesk.customer;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.asyncdesk.web.ProblemException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
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
    public static class UnknownCustomer extends ProblemException {

        public UnknownCustomer(String customerId) {
            super(HttpStatus.NOT_FOUND, "customer-not-found", "Customer not found",
                    "no customer with id " + customerId);
            with("customerId", customerId);
        }

    }

    /**
     * A merge that involves a provisional profile: its conversation's identity is not
     * confirmed, so joining it to another profile would hand that profile's data to
     * whoever claimed it.
     */
    public static class ProvisionalCustomer extends ProblemException {

        public ProvisionalCustomer(String customerId) {
            super(HttpStatus.CONFLICT, "identity-unverified", "Identity not confirmed", "customer " + customerId
                    + " belongs to a conversation whose identity is not confirmed yet; it is linked to the right profile "
                    + "when the customer confirms their address");
            with("customerId", customerId);
        }

    }

    /**
     * Two profiles turned out to be the same person: {@code fromId}'s identities and
     * conversations move to {@code intoId} and {@code fromId} is deleted. The kept
     * profile's name, tier and language stay (an agent may have corrected them); a
     * missing language is taken over. Provisional profiles are refused
     * ({@link ProvisionalCustomer}): they are linked by confirming their identity, never
     * by hand.
     */
    @Transactional
    public Customer merge(String fromId, String intoId, String by) {
        if (fromId.equals(intoId)) {
            throw new IllegalArgumentException("a customer cannot be merged into itself");
        }
        // lock both in a fixed order so that two concurrent merges cannot deadlock
        for (String id : fromId.compareTo(intoId) < 0 ? List.of(fromId, intoId) : List.of(intoId, fromId)) {
            if (jdbc.sql("select id from customer where id = :id for update")
                .param("id", id)
                .query(String.class)
                .optional()
                .isEmpty()) {
                throw new UnknownCustomer(id);
            }
        }
        Customer from = find(fromId).orElseThrow();
        Customer into = find(intoId).orElseThrow();
        for (Customer c : List.of(from, into)) {
            if (c.provisional()) {
                throw new ProvisionalCustomer(c.id());
            }
        }
        jdbc.sql("update customer_identity set customer_id = :into where customer_id = :from")
            .param("into", intoId)
            .param("from", fromId)
            .update();
        if (into.language() == null && from.language() != null) {
            jdbc.sql("update customer set language = :l where id = :id")
                .param("l", from.language())
                .param("id", intoId)
                .update();
        }
        events.publishEvent(new CustomersMerged(fromId, intoId, into.displayName(), by));
        jdbc.sql("delete from customer where id = :id").param("id", fromId).update();
        return find(intoId).orElseThrow();
    }

    public Optional<Customer> find(String id) {
        return jdbc.sql("select * from customer where id = :id")
            .param("id", id)
            .query((rs, n) -> new Customer(rs.getString("id"), rs.getString("display_name"), rs.getString("tier"),
                    rs.getString("language"), rs.getTimestamp("created_at").toInstant(), rs.getBoolean("provisional")))
            .optional();
    }

    public Optional<String> customerIdOf(CustomerIdentity identity) {
        return jdbc.sql("select customer_id from customer_identity where channel = :ch and address = :a")
            .param("ch", identity.channel())
            .param("a", normalise(identity))
            .query(String.class)
            .optional();
    }

    public List<CustomerIdentity> identitiesOf(String customerId) {
        return jdbc.sql("select channel, address from customer_identity where customer_id = :c order by id")
            .param("c", customerId)
            .query((rs, n) -> new CustomerIdentity(rs.getString("channel"), rs.getString("address")))
            .list();
    }

    /**
     * The customer known under this identity, or a new one. A display name given now
     * fills a profile that had none but never overwrites one an agent may have corrected.
     */
    @Transactional
    public Customer findOrCreate(CustomerIdentity identity, String displayName, String language) {
        Optional<String> known = customerIdOf(identity);
        if (known.isPresent()) {
            return find(known.get()).orElseThrow();
        }
        Customer customer = insert(displayName == null || displayName.isBlank() ? identity.address() : displayName,
                language, false);
        // another node may create the same identity at the same moment: its unique key
        // wins, and the
        // DuplicateKeyException rolls ours back with the caller's transaction
        addIdentity(customer.id(), identity);
        return customer;
    }

    /**
     * A profile of its own for a conversation whose identity is only claimed: no
     * identities, standard tier, nothing of anyone else's. {@link #confirmProvisional} or
     * {@link #dropProvisional} end it when the claim is confirmed.
     */
    @Transactional
    public Customer createProvisional(String displayName, String language) {
        return insert(displayName == null || displayName.isBlank() ? "Unverified customer" : displayName, language,
                true);
    }

    /**
     * The claimed identity was confirmed and belongs to nobody else: it becomes this
     * profile's, a real one.
     */
    @Transactional
    public void confirmProvisional(String customerId, CustomerIdentity identity) {
        insertIdentity(customerId, identity);
        jdbc.sql("update customer set provisional = false where id = :id").param("id", customerId).update();
    }

    /**
     * The claimed identity was confirmed and belongs to {@code ownerId}: the provisional
     * profile (whose conversation the caller has moved to the owner) is deleted; its
     * language fills the owner's when that has none.
     */
    @Transactional
    public Customer dropProvisional(String provisionalId, String ownerId) {
        Customer provisional = find(provisionalId).orElseThrow(() -> new UnknownCustomer(provisionalId));
        if (!provisional.provisional()) {
            throw new IllegalStateException("customer " + provisionalId + " is not provisional");
        }
        Customer owner = find(ownerId).orElseThrow(() -> new UnknownCustomer(ownerId));
        if (owner.language() == null && provisional.language() != null) {
            jdbc.sql("update customer set language = :l where id = :id")
                .param("l", provisional.language())
                .param("id", ownerId)
                .update();
        }
        // conversations cascade with their customer: only a profile none of them points
        // to any more goes
        jdbc.sql("""
                delete from customer where id = :id and provisional
                  and not exists (select 1 from conversation where customer_id = :id)""")
            .param("id", provisionalId)
            .update();
        return find(ownerId).orElseThrow();
    }

    private Customer insert(String displayName, String language, boolean provisional) {
        String id = UUID.randomUUID().toString();
        Instant now = clock.instant();
        String name = displayName.strip();
        jdbc.sql("""
                insert into customer (id, display_name, tier, language, created_at, provisional)
                values (:id, :n, 'standard', :l, :t, :p)""")
            .param("id", id)
            .param("n", name)
            .param("l", language)
            .param("t", Timestamp.from(now))
            .param("p", provisional)
            .update();
        return new Customer(id, name, "standard", language, now, provisional);
    }

    /**
     * Links a confirmed identity to a real profile; a provisional one only gets its own
     * claim, on confirmation.
     */
    public void addIdentity(String customerId, CustomerIdentity identity) {
        if (find(customerId).map(Customer::provisional).orElse(false)) {
            throw new ProvisionalCustomer(customerId);
        }
        insertIdentity(customerId, identity);
    }

    private void insertIdentity(String customerId, CustomerIdentity identity) {
        jdbc.sql("insert into customer_identity (customer_id, channel, address, created_at) values (:c, :ch, :a, :t)")
            .param("c", customerId)
            .param("ch", identity.channel())
            .param("a", normalise(identity))
            .param("t", Timestamp.from(clock.instant()))
            .update();
    }

    static String normalise(CustomerIdentity identity) {
        return identity.normalised().address();
    }

}
