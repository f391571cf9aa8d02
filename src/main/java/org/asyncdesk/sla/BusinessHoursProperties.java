package org.asyncdesk.sla;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code asyncdesk.business-hours}: named opening-hour calendars (e.g. one per team or country). The SLA policy
 * DMN names the calendar per conversation ({@code slaCalendar}); {@code 24/7} needs no entry.
 *
 * @param defaultCalendar the calendar used when the policy says {@code default} or names none
 * @param calendars       name → calendar
 */
@ConfigurationProperties("asyncdesk.business-hours")
public record BusinessHoursProperties(
        @DefaultValue("support") String defaultCalendar,
        Map<String, Calendar> calendars) {

    /**
     * @param zone     IANA time zone, e.g. {@code Europe/Berlin}; customers are told answer times in it
     * @param hours    weekday (monday … sunday) → {@code 09:00-18:00}, {@code 08:00-12:00,13:00-17:00} or
     *                 {@code closed}; weekdays not listed are closed
     * @param holidays public holidays (ISO dates) on which the clock stands still all day
     */
    public record Calendar(String zone, Map<String, String> hours, List<LocalDate> holidays) {
    }
}
