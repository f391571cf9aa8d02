package org.asyncdesk.customer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RecentOrdersTest {

    @Test
    void newestOrdersFirstWithTrackingLinks() {
        var orders = RecentOrders.parse(200, """
                [{"number": "1001", "status": "delivered", "placedAt": "2026-10-01", "total": "12.00 EUR"},
                 {"number": "1042", "status": "shipped", "placedAt": "2026-11-20", "total": "59.90 EUR",
                  "trackingUrl": "https://track.example/1042"},
                 {"status": "no number, skipped"}]""", 5);

        assertThat(orders.available()).isTrue();
        assertThat(orders.orders()).extracting(RecentOrders.Order::number).containsExactly("1042", "1001");
        assertThat(orders.latest().orElseThrow().trackingUrl()).isEqualTo("https://track.example/1042");
        assertThat(orders.markdown())
            .startsWith("- **#1042** · 2026-11-20 · shipped · 59.90 EUR · [tracking](https://track.example/1042)\n");
    }

    @Test
    void anOrdersObjectIsAcceptedAndTheListIsCut() {
        var orders = RecentOrders.parse(200, """
                {"orders": [{"id": "A1", "placedAt": "2026-01-01"}, {"id": "A2", "placedAt": "2026-02-01"},
                            {"id": "A3", "placedAt": "2026-03-01"}]}""", 2);
        assertThat(orders.orders()).extracting(RecentOrders.Order::number).containsExactly("A3", "A2");
    }

    @Test
    void whatTheShopCannotAnswerIsUnavailableNotAnError() {
        assertThat(RecentOrders.parse(503, "down", 5).markdown()).contains("unavailable").contains("HTTP 503");
        assertThat(RecentOrders.parse(200, "<html>", 5).markdown()).contains("not JSON");
        assertThat(RecentOrders.parse(200, "{\"x\":1}", 5).markdown()).contains("no list of orders");
        assertThat(RecentOrders.parse(404, "", 5).markdown()).contains("No orders found");
    }

    @Test
    void shopTextCannotInjectMarkdownOrLinks() {
        var orders = RecentOrders.parse(200, """
                [{"number": "1*2](javascript:x)", "status": "<b>x</b>", "trackingUrl": "javascript:alert(1)"}]""", 5);
        assertThat(orders.markdown()).doesNotContain("](javascript").doesNotContain("<b>").doesNotContain("[tracking]");
    }

}
