package org.asyncdesk.conversation;

/** The kinds of transcript entries. */
public enum Direction {

    /** from the customer */
    IN,
    /** to the customer */
    OUT,
    /** internal note between agents, never sent to the customer */
    NOTE,
    /** something that happened (assignment, handover, breach); shown to agents */
    EVENT

}
