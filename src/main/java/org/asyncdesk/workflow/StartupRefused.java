package org.asyncdesk.workflow;

/**
 * A configuration Asyncdesk will not start with, because it would leave the door open;
 * says what to change.
 */
class StartupRefused extends RuntimeException {

    private final String description;

    private final String action;

    public StartupRefused(String description, String action) {
        super(description + " " + action);
        this.description = description;
        this.action = action;
    }

    public String description() {
        return description;
    }

    public String action() {
        return action;
    }

}
