package org.asyncdesk.inbox;

enum InboxStatus {

    /** stored, not yet in the engine */
    PENDING,
    /** in the transcript and in the engine */
    DONE,
    /** failed too often; waits for an operator to re-drive it */
    PARKED

}
