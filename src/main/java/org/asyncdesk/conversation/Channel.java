package org.asyncdesk.conversation;

import java.util.Arrays;
import java.util.Locale;

/**
 * The ways a customer reaches the shop. The name in lower case is what BPMN, DMN and the
 * API use.
 */
public enum Channel {

    WEBCHAT, EMAIL, WHATSAPP, SMS, MESSENGER;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Channel fromKey(String key) {
        return Arrays.stream(values())
            .filter(c -> c.key().equalsIgnoreCase(key))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("unknown channel '" + key + "'"));
    }

}
