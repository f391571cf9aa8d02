package org.asyncdesk.sla;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code asyncdesk.business-hours}: named opening-hour calendars (e.g. one per team or
 * country). The SLA policy DMN names the calendar per conversation ({@code slaCalendar});
 * {@code 24/7} needs no entry.
 *
 * @param defaultCalendar the calendar used when the policy says {@code default} or names
 * none
 * @param calendars name → calendar
 */
@ConfigurationProperties("asyncdesk.business-hours")
public record BusinessHoursProperties(@DefaultValue("support") String defaultCalendar,
        Map<String, Calendar> calendars) {

    /**
     * @param zone IANA time zone, e.g. {@code Europe/Berlin}; customers are told answer
     * times in it
     * @param hours weekday (monday … sunday) → {@code 09:00-18:00},
     * {@code 08:00-12:00,13:00-17:00} or {@code closed}; weekdays not listed are closed
     * @param country ISO 3166 code ({@code de}, {@code bg}) whose public holidays close
     * the calendar, every year
     * @param region subdivision of the country ({@code by} for Bavaria) adding its own
     * holidays
     * @param closures further dates (ISO) on which the clock stands still all day, e.g. a
     * company holiday
     * @param openingDays dates open with their weekday's hours although a public holiday
     * @param holidays the former name of {@code closures}, still read so that existing
     * lists keep working
     */
    public record Calendar(String zone, Map<String, String> hours, String country, String region,
            List<LocalDate> closures, List<LocalDate> openingDays, List<LocalDate> holidays) {
    }
}
