package org.asyncdesk.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.asyncdesk.AsyncdeskProperties;
import org.asyncdesk.customer.ShopProperties;
import org.junit.jupiter.api.Test;

class BaseUrlTest {

    @Test
    void trailingSlashesGoWhicheverWayTheBaseWasWritten() {
        assertThat(BaseUrl.withoutTrailingSlash("https://graph.facebook.com/v21.0/"))
            .isEqualTo("https://graph.facebook.com/v21.0");
        assertThat(BaseUrl.withoutTrailingSlash("https://shop.example.com/api//"))
            .isEqualTo("https://shop.example.com/api");
        assertThat(BaseUrl.withoutTrailingSlash("https://api.twilio.com")).isEqualTo("https://api.twilio.com");
        assertThat(BaseUrl.withoutTrailingSlash(null)).isNull();
    }

    @Test
    void configuredBasesAreJoinedWithOneSlash() {
        assertThat(new AsyncdeskProperties("https://desk.example.com/", List.of()).link("/chat/confirm?token=x"))
            .isEqualTo("https://desk.example.com/chat/confirm?token=x");
        assertThat(new ShopProperties("https://shop.example.com/api/", "/orders", null, Duration.ofSeconds(5), 5)
            .baseUrl()).isEqualTo("https://shop.example.com/api");
        assertThat(new ShopProperties(null, "/orders", null, Duration.ofSeconds(5), 5).configured()).isFalse();
    }

}
