/**
 * Text understanding that needs no engine and no database: language detection (Lingua), in linear time on hostile
 * input.
 * <p>
 * May use: nothing of ours.
 */
package org.asyncdesk.automation;
