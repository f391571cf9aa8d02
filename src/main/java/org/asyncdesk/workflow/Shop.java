package org.asyncdesk.workflow;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.asyncdesk.conversation.ConversationService;
import org.asyncdesk.conversation.ProcessVocabulary;
import org.asyncdesk.customer.CustomerIdentity;
import org.asyncdesk.customer.CustomerService;
import org.asyncdesk.customer.RecentOrders;
import org.asyncdesk.customer.ShopProperties;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * {@code ${shop}}: what the diagram's http-connector needs to ask the shop for a
 * customer's recent orders, and how its answer becomes form variables. Address, key and
 * timeouts come from {@code asyncdesk.shop.*}, never from the diagram.
 * <ul>
 * <li>{@code ${shop.configured}}: whether a shop API is set up (gateway condition).</li>
 * <li>{@code ${shop.ordersUrl(execution)}}, {@code ${shop.headers}},
 * {@code ${shop.requestConfig}}: connector inputs {@code url}, {@code headers},
 * {@code request-config}. The customer is the one of the instance's conversation
 * (business key), never a variable: a forged {@code customerId} would fetch someone
 * else's orders.</li>
 * <li>{@code ${shop.summary(statusCode, response)}},
 * {@code ${shop.lastOrderNumber(statusCode, response)}},
 * {@code ${shop.trackingLink(statusCode, response)}}: connector outputs (Markdown for the
 * form; placeholders for canned responses).</li>
 * </ul>
 */
@Component("shop")
public class Shop {

    private final ShopProperties properties;

    private final CustomerService customers;

    private final ConversationService conversations;

    public Shop(ShopProperties properties, CustomerService customers, ConversationService conversations) {
        this.properties = properties;
        this.customers = customers;
        this.conversations = conversations;
    }

    public boolean isConfigured() {
        return properties.configured();
    }

    /**
     * The orders URL for the conversation's customer (from the business key, never from a
     * variable) and its confirmed identities. Refused (the job fails, Cockpit shows why)
     * for a provisional profile, whose identity is only claimed, and when no identity
     * fills the path's placeholders: the shop must never be asked about an address nobody
     * confirmed, nor with an empty one. The shipped diagram asks only when
     * {@code identityVerified}.
     */
    public String ordersUrl(DelegateExecution execution) {
        if (!properties.configured()) {
            throw new IllegalStateException("no shop API configured (asyncdesk.shop.base-url)");
        }
        String conversationId = ProcessVocabulary.conversationId(execution);
        String customerId = conversations.find(conversationId)
            .orElseThrow(() -> new IllegalStateException("conversation " + conversationId + " does not exist"))
            .customerId();
        if (customers.find(customerId).map(c -> c.provisional()).orElse(true)) {
            throw new IllegalStateException("customer " + customerId + " is unknown or provisional (identity not "
                    + "confirmed): no orders are fetched for it; route on identityVerified before asking the shop");
        }
        List<CustomerIdentity> identities = customers.identitiesOf(customerId);
        String email = encoded(identities, "email");
        String phone = encoded(identities, "sms", "whatsapp");
        String template = properties.ordersPath();
        boolean filled = (template.contains("{email}") && !email.isEmpty())
                || (template.contains("{phone}") && !phone.isEmpty());
        if (!filled && (template.contains("{email}") || template.contains("{phone}"))) {
            throw new IllegalStateException(
                    "customer " + customerId + " has no identity for asyncdesk.shop.orders-path " + "(" + template
                            + "): the shop is not asked with an empty address");
        }
        String base = properties.baseUrl();
        String path = template.replace("{email}", email).replace("{phone}", phone);
        return base + (path.startsWith("/") ? path : "/" + path);
    }

    public Map<String, String> getHeaders() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Accept", "application/json");
        if (properties.apiKey() != null && !properties.apiKey().isBlank()) {
            headers.put("Authorization", "Bearer " + properties.apiKey());
        }
        return headers;
    }

    public Map<String, Object> getRequestConfig() {
        int millis = (int) properties.timeout().toMillis();
        return Map.of("connection-timeout", millis, "socket-timeout", millis, "connection-request-timeout", millis);
    }

    public String summary(Object statusCode, String response) {
        return orders(statusCode, response).markdown();
    }

    public String lastOrderNumber(Object statusCode, String response) {
        return orders(statusCode, response).latest().map(RecentOrders.Order::number).orElse(null);
    }

    public String trackingLink(Object statusCode, String response) {
        return orders(statusCode, response).latest().map(RecentOrders.Order::trackingUrl).orElse(null);
    }

    RecentOrders orders(Object statusCode, String response) {
        int status = statusCode instanceof Number n ? n.intValue() : 0;
        return RecentOrders.parse(status, response, properties.maxOrders());
    }

    private static String encoded(List<CustomerIdentity> identities, String... channels) {
        return identities.stream()
            .filter(i -> List.of(channels).contains(i.channel()))
            .map(CustomerIdentity::address)
            .findFirst()
            .map(a -> URLEncoder.encode(a, StandardCharsets.UTF_8))
            .orElse("");
    }

}
