package org.asyncdesk.channel.meta;

/** A channel's Meta app, as its properties give it. */
public interface MetaApp {

    /**
     * signs webhooks ({@code X-Hub-Signature-256}); without it notifications are refused
     * (503)
     */
    String appSecret();

    /** the token entered in the Meta app dashboard for the subscription check */
    String verifyToken();

}
