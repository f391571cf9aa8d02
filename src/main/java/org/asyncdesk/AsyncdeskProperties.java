package org.asyncdesk;

import java.net.URI;
import java.util.List;
import java.util.Locale;

import org.asyncdesk.web.BaseUrl;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings that several features share.
 *
 * @param publicUrl base URL customers and managers reach this node under; links in
 * e-mails and chat links use it. {@code https://…} also turns on HSTS and {@code Secure}
 * session cookies
 * @param trustedProxies addresses of the reverse proxies whose {@code X-Forwarded-*}
 * headers are believed (exact IP addresses); requests from anywhere else are taken as
 * they come
 */
@ConfigurationProperties("asyncdesk")
public record AsyncdeskProperties(@DefaultValue("http://localhost:8080") String publicUrl, @DefaultValue( {
        "127.0.0.1", "::1" }) List<String> trustedProxies){

    public AsyncdeskProperties {
        publicUrl = BaseUrl.withoutTrailingSlash(publicUrl);
    }

    public String link(String path) {
        return publicUrl + path;
    }

    public boolean https() {
        return publicUrl.regionMatches(true, 0, "https://", 0, 8);
    }

    /** scheme://host[:port] of the public URL, as browsers send it in {@code Origin}. */
    public String origin() {
        URI uri = URI.create(publicUrl.strip());
        return uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getRawAuthority().toLowerCase(Locale.ROOT);
    }
}
