package org.asyncdesk;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings that several features share.
 *
 * @param publicUrl base URL customers and managers reach this node under; links in e-mails and chat links use it
 */
@ConfigurationProperties("asyncdesk")
public record AsyncdeskProperties(@DefaultValue("http://localhost:8080") String publicUrl) {

    public String link(String path) {
        String base = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
        return base + path;
    }
}
