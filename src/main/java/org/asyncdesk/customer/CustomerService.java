package org.asyncdesk.customer;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Customer profiles and the identities that lead to them. */
@Service
public class CustomerService {

    private final JdbcClient jdbc;

    public CustomerService(JdbcClient jdbc) {
        this.jdbc = jdbc;
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
        Instant now = Instant.now();
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
                .param("t", Timestamp.from(Instant.now())).update();
    }

    static String normalise(CustomerIdentity identity) {
        String a = identity.address().strip();
        return "email".equals(identity.channel()) ? a.toLowerCase(Locale.ROOT) : a;
    }
}
