package org.asyncdesk.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Our own JSON API under {@code /api/**} (web chat, customers, sandbox, operators).
 *
 * @param maxBodySize largest request body in bytes; larger ones get 413 while they are
 * read (web chat texts are at most a few thousand characters)
 */
@ConfigurationProperties("asyncdesk.api")
public record ApiProperties(@DefaultValue("65536") int maxBodySize) {
}
