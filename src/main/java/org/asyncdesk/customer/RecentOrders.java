package org.asyncdesk.customer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A customer's newest orders as the shop's API reported them. The shop answers a JSON
 * array of orders, or an object with an {@code orders} array; each order has
 * {@code number} and optionally {@code status}, {@code placedAt}, {@code total} and
 * {@code trackingUrl}. Anything else is "unavailable", never an error that stops a
 * conversation.
 */
public record RecentOrders(boolean available, String reason, List<Order> orders) {

    public record Order(String number, String status, String placedAt, String total, String trackingUrl) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    public static RecentOrders unavailable(String reason) {
        return new RecentOrders(false, reason, List.of());
    }

    public static RecentOrders parse(int statusCode, String body, int max) {
        if (statusCode == 404) {
            return new RecentOrders(true, null, List.of());
        }
        if (statusCode < 200 || statusCode > 299) {
            return unavailable("the shop answered HTTP " + statusCode);
        }
        JsonNode root;
        try {
            root = JSON.readTree(body == null ? "" : body);
        }
        catch (Exception e) {
            return unavailable("the shop's answer is not JSON");
        }
        JsonNode list = root != null && root.isObject() ? root.get("orders") : root;
        if (list == null || !list.isArray()) {
            return unavailable("the shop's answer has no list of orders");
        }
        List<Order> orders = new ArrayList<>();
        for (JsonNode o : list) {
            String number = text(o, "number").or(() -> text(o, "id")).orElse(null);
            if (number != null) {
                orders.add(new Order(number, text(o, "status").orElse(null), text(o, "placedAt").orElse(null),
                        text(o, "total").orElse(null), text(o, "trackingUrl").orElse(null)));
            }
        }
        orders.sort(Comparator.comparing((Order o) -> o.placedAt() == null ? "" : o.placedAt()).reversed());
        return new RecentOrders(true, null, orders.subList(0, Math.min(max, orders.size())));
    }

    public Optional<Order> latest() {
        return orders.stream().findFirst();
    }

    /**
     * Markdown for the agent form; customer-supplied text is escaped by the caller's
     * renderer rules.
     */
    public String markdown() {
        if (!available) {
            return "_Order data unavailable: " + reason + "._";
        }
        if (orders.isEmpty()) {
            return "_No orders found for this customer._";
        }
        StringBuilder md = new StringBuilder();
        for (Order o : orders) {
            md.append("- **#").append(plain(o.number())).append("**");
            append(md, o.placedAt());
            append(md, o.status());
            append(md, o.total());
            if (o.trackingUrl() != null && o.trackingUrl().matches("https?://[^\\s()<>]+")) {
                md.append(" · [tracking](").append(o.trackingUrl()).append(")");
            }
            md.append('\n');
        }
        return md.toString();
    }

    private static void append(StringBuilder md, String value) {
        if (value != null && !value.isBlank()) {
            md.append(" · ").append(plain(value));
        }
    }

    private static String plain(String s) {
        return s.replaceAll("[\\\\`*_{}\\[\\]()#+!|<>~]", "");
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || v.isContainerNode() ? Optional.empty() : Optional.of(v.asText());
    }
}
