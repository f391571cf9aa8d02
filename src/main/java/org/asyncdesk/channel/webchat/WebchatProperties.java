package org.asyncdesk.channel.webchat;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** @param maxTextLength longest message a customer may send through the web chat, in characters */
@ConfigurationProperties("asyncdesk.webchat")
public record WebchatProperties(@DefaultValue("4000") int maxTextLength) {
}
