package org.asyncdesk.customer;

import java.time.Duration;

import org.asyncdesk.web.BaseUrl;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The shop's order API that agents' forms show recent orders from. Empty {@code baseUrl}:
 * no shop connected, the form says so. The BPMN's http-connector reads these through the
 * {@code ${shop}} bean, so the diagram holds no address and no secret.
 *
 * @param baseUrl e.g. {@code https://shop.example.com/api}
 * @param ordersPath path below the base URL; {@code {email}} and {@code {phone}} are
 * replaced (URL-encoded) by the customer's identities
 * @param apiKey sent as {@code Authorization: Bearer <apiKey>} when set
 * @param timeout connect and read timeout; a slower shop counts as unavailable
 * @param maxOrders how many of the newest orders the form shows
 */
@ConfigurationProperties("asyncdesk.shop")
public record ShopProperties(String baseUrl, @DefaultValue("/orders?email={email}") String ordersPath, String apiKey,
        @DefaultValue("5s") Duration timeout, @DefaultValue("5") int maxOrders) {

    public ShopProperties {
        baseUrl = BaseUrl.withoutTrailingSlash(baseUrl);
    }

    public boolean configured() {
        return baseUrl != null && !baseUrl.isBlank();
    }
}
