package org.asyncdesk.sla;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Opening hours of a team in its time zone, with public holidays. Adds "business time" to
 * an instant: the clock only runs inside opening hours. Each opening window is placed on
 * the calendar date in the zone, so nights, weekends, holidays and daylight-saving
 * changes come out right (a 09:00–18:00 window stays 09:00–18:00 local time on the day
 * the clocks change).
 */
public final class BusinessCalendar {

    /** Name of the calendar whose clock always runs. */
    public static final String ALWAYS = "24/7";

    /** Safety net: a calendar with no opening hours at all must not loop for ever. */
    private static final int MAX_DAYS = 3 * 366;

    /**
     * One opening window on a weekday; {@code end} may be midnight of the next day
     * (written 24:00).
     */
    public record Window(LocalTime start, LocalTime end, boolean untilMidnight) {
    }

    private final String name;

    private final ZoneId zone;

    private final Map<DayOfWeek, List<Window>> week;

    private final ClosedDays closedDays;

    private final boolean always;

    private BusinessCalendar(String name, ZoneId zone, Map<DayOfWeek, List<Window>> week, ClosedDays closedDays,
            boolean always) {
        this.name = name;
        this.zone = zone;
        this.week = week;
        this.closedDays = closedDays;
        this.always = always;
    }

    /**
     * The clock always runs (urgent cases); the zone is only used to show times to
     * people.
     */
    public static BusinessCalendar always(ZoneId zone) {
        return new BusinessCalendar(ALWAYS, zone, Map.of(), ClosedDays.of(Set.of()), true);
    }

    /**
     * @param hours per weekday a text such as {@code 09:00-18:00},
     * {@code 08:00-12:00,13:00-17:00} or {@code closed}; weekdays not mentioned are
     * closed
     */
    public static BusinessCalendar of(String name, ZoneId zone, Map<DayOfWeek, String> hours, Set<LocalDate> holidays) {
        return of(name, zone, hours, ClosedDays.of(holidays));
    }

    /**
     * As {@link #of(String, ZoneId, Map, Set)}, closed all day on {@code closedDays}
     * (e.g. a country's holidays).
     */
    public static BusinessCalendar of(String name, ZoneId zone, Map<DayOfWeek, String> hours, ClosedDays closedDays) {
        Map<DayOfWeek, List<Window>> week = new EnumMap<>(DayOfWeek.class);
        hours.forEach((day, text) -> week.put(day, parse(name, day, text)));
        if (week.values().stream().allMatch(List::isEmpty)) {
            throw new IllegalArgumentException("business-hours calendar '" + name + "' has no opening hours");
        }
        return new BusinessCalendar(name, zone, week, closedDays, false);
    }

    static List<Window> parse(String calendar, DayOfWeek day, String text) {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty() || t.equalsIgnoreCase("closed")) {
            return List.of();
        }
        List<Window> windows = new ArrayList<>();
        for (String part : t.split(",")) {
            String[] fromTo = part.strip().split("-");
            try {
                if (fromTo.length != 2) {
                    throw new IllegalArgumentException("not a range");
                }
                LocalTime from = LocalTime.parse(fromTo[0].strip());
                boolean midnight = fromTo[1].strip().equals("24:00");
                LocalTime to = midnight ? LocalTime.MIDNIGHT : LocalTime.parse(fromTo[1].strip());
                if (!midnight && !to.isAfter(from)) {
                    throw new IllegalArgumentException("ends before it starts");
                }
                windows.add(new Window(from, to, midnight));
            }
            catch (RuntimeException e) {
                throw new IllegalArgumentException("business-hours calendar '" + calendar + "', " + day + ": '"
                        + part.strip() + "' is not an opening window like 09:00-18:00 (" + e.getMessage() + ")", e);
            }
        }
        windows.sort(Comparator.comparing(Window::start));
        for (int i = 1; i < windows.size(); i++) {
            Window prev = windows.get(i - 1);
            if (prev.untilMidnight() || prev.end().isAfter(windows.get(i).start())) {
                throw new IllegalArgumentException("business-hours calendar '" + calendar + "', " + day
                        + ": opening windows overlap in '" + text + "'");
            }
        }
        return List.copyOf(windows);
    }

    public String name() {
        return name;
    }

    public ZoneId zone() {
        return zone;
    }

    public boolean isAlways() {
        return always;
    }

    public boolean isHoliday(LocalDate date) {
        return !always && closedDays.contains(date);
    }

    public ClosedDays closedDays() {
        return closedDays;
    }

    /** The moment {@code amount} of business time after {@code start}. */
    public Instant add(Instant start, Duration amount) {
        if (amount.isNegative()) {
            throw new IllegalArgumentException("an SLA target cannot be negative: " + amount);
        }
        if (always || amount.isZero()) {
            return start.plus(amount);
        }
        Duration remaining = amount;
        LocalDate date = start.atZone(zone).toLocalDate();
        for (int i = 0; i < MAX_DAYS; i++, date = date.plusDays(1)) {
            for (Instant[] w : windows(date)) {
                if (!w[1].isAfter(start)) {
                    continue;
                }
                Instant from = w[0].isBefore(start) ? start : w[0];
                Duration open = Duration.between(from, w[1]);
                if (remaining.compareTo(open) <= 0) {
                    return from.plus(remaining);
                }
                remaining = remaining.minus(open);
            }
        }
        throw new IllegalStateException(
                "business-hours calendar '" + name + "' has no opening hours within " + MAX_DAYS + " days of " + start);
    }

    /**
     * The due moment of an SLA target: first {@code businessDays} whole working days (the
     * same local time on the n-th next day that is open and no holiday; a start outside
     * opening hours counts from the next opening), then {@code time} of business time. On
     * a 24/7 calendar days are calendar days.
     */
    public Instant add(Instant start, int businessDays, Duration time) {
        if (businessDays < 0) {
            throw new IllegalArgumentException("an SLA target cannot be negative: " + businessDays + " days");
        }
        if (always || businessDays == 0) {
            return add(always ? start.plus(Duration.ofDays(businessDays)) : start, time);
        }
        ZonedDateTime from = nextOpen(start).atZone(zone);
        LocalDate date = from.toLocalDate();
        for (int i = 0; i < businessDays; i++) {
            date = nextWorkingDay(date);
        }
        Instant sameTime = nextOpen(ZonedDateTime.of(date, from.toLocalTime(), zone).toInstant());
        return add(sameTime, time);
    }

    /** The start itself when it is inside opening hours, else the next opening. */
    public Instant nextOpen(Instant t) {
        if (always) {
            return t;
        }
        LocalDate date = t.atZone(zone).toLocalDate();
        for (int i = 0; i < MAX_DAYS; i++, date = date.plusDays(1)) {
            for (Instant[] w : windows(date)) {
                if (w[1].isAfter(t)) {
                    return w[0].isBefore(t) ? t : w[0];
                }
            }
        }
        throw new IllegalStateException(
                "business-hours calendar '" + name + "' has no opening hours within " + MAX_DAYS + " days of " + t);
    }

    private LocalDate nextWorkingDay(LocalDate date) {
        LocalDate d = date.plusDays(1);
        for (int i = 0; i < MAX_DAYS; i++, d = d.plusDays(1)) {
            if (!windows(d).isEmpty()) {
                return d;
            }
        }
        throw new IllegalStateException("business-hours calendar '" + name + "' has no working day after " + date);
    }

    /**
     * Business time between two instants (zero when {@code to} is not after
     * {@code from}).
     */
    public Duration between(Instant from, Instant to) {
        if (!to.isAfter(from)) {
            return Duration.ZERO;
        }
        if (always) {
            return Duration.between(from, to);
        }
        Duration sum = Duration.ZERO;
        LocalDate last = to.atZone(zone).toLocalDate();
        for (LocalDate d = from.atZone(zone).toLocalDate(); !d.isAfter(last); d = d.plusDays(1)) {
            for (Instant[] w : windows(d)) {
                Instant s = w[0].isBefore(from) ? from : w[0];
                Instant e = w[1].isAfter(to) ? to : w[1];
                if (e.isAfter(s)) {
                    sum = sum.plus(Duration.between(s, e));
                }
            }
        }
        return sum;
    }

    /** The opening windows of one local date as instants (none on holidays). */
    private List<Instant[]> windows(LocalDate date) {
        if (closedDays.contains(date)) {
            return List.of();
        }
        List<Instant[]> result = new ArrayList<>();
        for (Window w : week.getOrDefault(date.getDayOfWeek(), List.of())) {
            // ZonedDateTime.of moves a time inside a DST gap forward and picks the
            // earlier offset in an overlap
            Instant from = ZonedDateTime.of(date, w.start(), zone).toInstant();
            Instant to = w.untilMidnight() ? date.plusDays(1).atStartOfDay(zone).toInstant()
                    : ZonedDateTime.of(date, w.end(), zone).toInstant();
            if (to.isAfter(from)) {
                result.add(new Instant[] { from, to });
            }
        }
        return result;
    }

    @Override
    public String toString() {
        return "BusinessCalendar[" + name + ", " + zone + "]";
    }

}
