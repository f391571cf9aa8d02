package org.asyncdesk.workflow;

import org.asyncdesk.AsyncdeskProperties;
import org.asyncdesk.EscalationProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** Tells whoever started Asyncdesk where to go. */
@Component
class Welcome {

    private static final Logger log = LoggerFactory.getLogger(Welcome.class);

    private final AsyncdeskProperties properties;

    private final DemoProperties demo;

    private final EscalationProperties escalation;

    Welcome(AsyncdeskProperties properties, DemoProperties demo, EscalationProperties escalation) {
        this.properties = properties;
        this.demo = demo;
        this.escalation = escalation;
    }

    @EventListener(ApplicationReadyEvent.class)
    @Order(100)
    void ready() {
        log.info("""

                Asyncdesk is ready.
                  customer chat page:  {}
                  channel sandbox:     {} (agent login)
                  Camunda Tasklist:    {}
                  Camunda Cockpit:     {}
                  engine REST API:     {} (HTTP Basic){}""", properties.link("/chat"), properties.link("/sandbox"),
                properties.link("/camunda/app/tasklist/"), properties.link("/camunda/app/cockpit/"),
                properties.link("/engine-rest"),
                demo.enabled() ? "\n  demo users:          anna, ben (agents), greta (agents-de), tom (tier2), "
                        + "maria (" + escalation.managersGroup() + "), otto (process-owners), admin; password '"
                        + demo.password() + "'" : "");
    }

}
