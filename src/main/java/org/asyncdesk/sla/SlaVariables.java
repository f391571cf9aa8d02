package org.asyncdesk.sla;

/** Process variable names of the SLA vocabulary (docs/modeling.md). */
public final class SlaVariables {

    public static final String INTENT = "intent";
    public static final String PRIORITY = "priority";
    public static final String CANDIDATE_GROUP = "candidateGroup";
    public static final String FIRST_RESPONSE = "slaFirstResponse";
    public static final String NEXT_RESPONSE = "slaNextResponse";
    public static final String RESOLUTION = "slaResolution";
    public static final String CALENDAR = "slaCalendar";
    public static final String RESPOND_DUE = "respondDue";
    public static final String WARNING_AT = "slaWarningAt";
    public static final String RESOLUTION_DUE = "resolutionDue";
    public static final String RESOLUTION_STARTED_AT = "resolutionStartedAt";
    public static final String ROUND_STARTED_AT = "slaRoundStartedAt";
    public static final String STATE = "slaState";
    public static final String ESCALATED = "escalated";
    public static final String RESOLUTION_BREACHED = "resolutionBreached";
    public static final String HANDOVER_ASSIGNEE = "handoverAssignee";
    public static final String CALLBACK_DUE = "callbackDue";
    public static final String CALLBACK_REQUESTED_AT = "callbackRequestedAt";

    public static final String ON_TRACK = "on-track";
    public static final String AT_RISK = "at-risk";
    public static final String BREACHED = "breached";

    private SlaVariables() {
    }
}
