package org.asyncdesk.sla;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The configured business-hours calendars by name, checked at start-up so that a typo in
 * the configuration stops the application with a clear message instead of breaking SLA
 * timers later.
 */
@Component
public class BusinessCalendars {

    public static final String DEFAULT = "default";

    private static final Logger log = LoggerFactory.getLogger(BusinessCalendars.class);

    private final Map<String, BusinessCalendar> byName = new LinkedHashMap<>();

    private final BusinessCalendar defaultCalendar;

    public BusinessCalendars(BusinessHoursProperties properties) {
        this(properties, Clock.systemUTC());
    }

    /**
     * @param clock today's date, for the warning about calendars without holidays ahead
     */
    @Autowired
    public BusinessCalendars(BusinessHoursProperties properties, Clock clock) {
        Map<String, BusinessHoursProperties.Calendar> configured = properties.calendars() == null ? Map.of()
                : properties.calendars();
        configured.forEach((name, c) -> byName.put(name, build(name, c)));
        if (byName.isEmpty()) {
            // nothing configured: Monday to Friday 09:00-18:00 in the server's zone
            Map<DayOfWeek, String> week = new EnumMap<>(DayOfWeek.class);
            for (DayOfWeek d : List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY,
                    DayOfWeek.FRIDAY)) {
                week.put(d, "09:00-18:00");
            }
            byName.put(properties.defaultCalendar(),
                    BusinessCalendar.of(properties.defaultCalendar(), ZoneId.systemDefault(), week, new HashSet<>()));
        }
        defaultCalendar = byName.get(properties.defaultCalendar());
        if (defaultCalendar == null) {
            throw new IllegalStateException("asyncdesk.business-hours.default-calendar '" + properties.defaultCalendar()
                    + "' is not one of the configured calendars " + byName.keySet());
        }
        byName.values().forEach(c -> checkHolidaysAhead(c, clock));
    }

    /**
     * A calendar without any closed day in the coming year most likely lacks its
     * holidays: due dates come early.
     */
    private static void checkHolidaysAhead(BusinessCalendar calendar, Clock clock) {
        LocalDate today = LocalDate.now(clock.withZone(calendar.zone()));
        List<LocalDate> ahead = calendar.closedDays().between(today, today.plusYears(1));
        if (ahead.isEmpty()) {
            log.warn(
                    "business-hours calendar '{}' has no holiday or closure between {} and {} ({}): SLA due dates "
                            + "treat every day with opening hours as a working day. Set "
                            + "asyncdesk.business-hours.calendars.{}.country (and .region) or .closures",
                    calendar.name(), today, today.plusYears(1).minusDays(1), calendar.closedDays().describe(),
                    calendar.name());
        }
        else {
            log.info("business-hours calendar '{}' ({}): {}; next closed {}", calendar.name(), calendar.zone(),
                    calendar.closedDays().describe(), ahead.get(0));
        }
    }

    private static BusinessCalendar build(String name, BusinessHoursProperties.Calendar c) {
        ZoneId zone;
        try {
            zone = c.zone() == null ? ZoneId.systemDefault() : ZoneId.of(c.zone());
        }
        catch (DateTimeException e) {
            throw new IllegalStateException("asyncdesk.business-hours.calendars." + name + ".zone: '" + c.zone()
                    + "' is not a time zone such as Europe/Berlin", e);
        }
        Map<DayOfWeek, String> week = new EnumMap<>(DayOfWeek.class);
        if (c.hours() != null) {
            c.hours().forEach((day, text) -> {
                try {
                    week.put(DayOfWeek.valueOf(day.strip().toUpperCase(Locale.ROOT)), text);
                }
                catch (IllegalArgumentException e) {
                    throw new IllegalStateException("asyncdesk.business-hours.calendars." + name + ".hours: '" + day
                            + "' is not a weekday (monday … sunday)", e);
                }
            });
        }
        Set<LocalDate> closures = new HashSet<>();
        if (c.closures() != null) {
            closures.addAll(c.closures());
        }
        if (c.holidays() != null) {
            closures.addAll(c.holidays());
        }
        ClosedDays closed;
        try {
            closed = ClosedDays.of(c.country(), c.region(), closures,
                    c.openingDays() == null ? Set.of() : Set.copyOf(c.openingDays()));
        }
        catch (IllegalArgumentException e) {
            throw new IllegalStateException("asyncdesk.business-hours.calendars." + name + ": " + e.getMessage(), e);
        }
        return BusinessCalendar.of(name, zone, week, closed);
    }

    /**
     * @param name a configured calendar, {@code 24/7} (the default calendar's zone, clock
     * always running), or {@code default} / empty for the default calendar
     * @throws IllegalArgumentException for an unknown name (the BPMN step then fails with
     * an incident)
     */
    public BusinessCalendar get(String name) {
        if (name == null || name.isBlank() || name.equals(DEFAULT)) {
            return defaultCalendar;
        }
        if (name.equals(BusinessCalendar.ALWAYS)) {
            return BusinessCalendar.always(defaultCalendar.zone());
        }
        BusinessCalendar c = byName.get(name);
        if (c == null) {
            throw new IllegalArgumentException("SLA calendar '" + name + "' is not configured under "
                    + "asyncdesk.business-hours.calendars (known: " + byName.keySet() + ", 24/7)");
        }
        return c;
    }

}
