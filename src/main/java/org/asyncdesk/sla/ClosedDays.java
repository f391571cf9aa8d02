package org.asyncdesk.sla;

import java.time.LocalDate;
import java.time.Year;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import de.focus_shift.jollyday.core.CalendarHierarchy;
import de.focus_shift.jollyday.core.Holiday;
import de.focus_shift.jollyday.core.HolidayManager;
import de.focus_shift.jollyday.core.HolidayType;
import de.focus_shift.jollyday.core.ManagerParameters;

/**
 * The dates on which a business-hours calendar is closed all day: the public holidays of
 * a country (and region), computed for any year by Jollyday from the data inside its jar,
 * plus explicit closures, less explicit opening days. Jollyday is used only here, so
 * another holiday source would only change this class.
 */
final class ClosedDays {

    private static final ClosedDays NONE = new ClosedDays(null, null, new String[0], Set.of(), Set.of());

    private final String country;

    private final HolidayManager holidays;

    private final String[] region;

    private final Set<LocalDate> closures;

    private final Set<LocalDate> openingDays;

    private final Map<Integer, Set<LocalDate>> publicHolidaysByYear = new ConcurrentHashMap<>();

    private ClosedDays(String country, HolidayManager holidays, String[] region, Set<LocalDate> closures,
            Set<LocalDate> openingDays) {
        this.country = country;
        this.holidays = holidays;
        this.region = region;
        this.closures = Set.copyOf(closures);
        this.openingDays = Set.copyOf(openingDays);
    }

    /** Only these dates, no public holidays. */
    public static ClosedDays of(Set<LocalDate> closures) {
        return closures.isEmpty() ? NONE : new ClosedDays(null, null, new String[0], closures, Set.of());
    }

    /**
     * @param country ISO 3166 code such as {@code de}, or {@code null} for no public
     * holidays
     * @param region subdivision such as {@code by} (Bavaria), a deeper level after a
     * slash ({@code by/ag}), or {@code null} for the nationwide holidays only
     * @param closures further dates closed all day
     * @param openingDays dates open (with their weekday's hours) although a public
     * holiday
     * @throws IllegalArgumentException naming the offending value when the country or
     * region is unknown
     */
    public static ClosedDays of(String country, String region, Set<LocalDate> closures, Set<LocalDate> openingDays) {
        Set<LocalDate> both = new TreeSet<>(closures);
        both.retainAll(openingDays);
        if (!both.isEmpty()) {
            throw new IllegalArgumentException("dates " + both + " are both closures and opening days");
        }
        if (country == null || country.isBlank()) {
            if (region != null && !region.isBlank()) {
                throw new IllegalArgumentException("region '" + region + "' needs a country");
            }
            return new ClosedDays(null, null, new String[0], closures, openingDays);
        }
        String code = country.strip().toLowerCase(Locale.ROOT);
        if (!HolidayManager.getSupportedCalendarCodes().contains(code.toUpperCase(Locale.ROOT))) {
            throw new IllegalArgumentException(
                    "country '" + country + "' has no holiday data (an ISO 3166 code such " + "as de or bg)");
        }
        HolidayManager manager = HolidayManager.getInstance(ManagerParameters.create(code));
        String[] path = region == null || region.isBlank() ? new String[0]
                : Arrays.stream(region.strip().toLowerCase(Locale.ROOT).split("/"))
                    .map(String::strip)
                    .toArray(String[]::new);
        // Jollyday silently falls back to the nationwide holidays for an unknown region:
        // refuse it instead
        CalendarHierarchy level = manager.getCalendarHierarchy();
        for (String part : path) {
            CalendarHierarchy next = level.getChildren().get(part);
            if (next == null) {
                throw new IllegalArgumentException("region '" + region + "' is not a subdivision of " + code
                        + " (known: " + new TreeSet<>(level.getChildren().keySet()) + ")");
            }
            level = next;
        }
        return new ClosedDays(code, manager, path, closures, openingDays);
    }

    public boolean contains(LocalDate date) {
        if (closures.contains(date)) {
            return true;
        }
        // a holiday of late December may be moved into January
        return holidays != null && !openingDays.contains(date)
                && (publicHolidays(date.getYear()).contains(date) || publicHolidays(date.getYear() - 1).contains(date));
    }

    /**
     * The closed dates from {@code from} (inclusive) to {@code until} (exclusive), in
     * order.
     */
    public List<LocalDate> between(LocalDate from, LocalDate until) {
        List<LocalDate> result = new ArrayList<>();
        for (LocalDate d = from; d.isBefore(until); d = d.plusDays(1)) {
            if (contains(d)) {
                result.add(d);
            }
        }
        return result;
    }

    /**
     * For the start-up log, e.g.
     * {@code public holidays of de/by, 2 closures, 1 opening day}.
     */
    public String describe() {
        String source = country == null ? "no public holidays"
                : "public holidays of " + country + (region.length == 0 ? "" : "/" + String.join("/", region));
        return source + ", " + closures.size() + (closures.size() == 1 ? " closure" : " closures")
                + (openingDays.isEmpty() ? ""
                        : ", " + openingDays.size() + (openingDays.size() == 1 ? " opening day" : " opening days"));
    }

    private Set<LocalDate> publicHolidays(int year) {
        return publicHolidaysByYear.computeIfAbsent(year, y -> {
            Set<LocalDate> dates = new HashSet<>();
            for (Holiday h : holidays.getHolidays(Year.of(y), HolidayType.PUBLIC_HOLIDAY, region)) {
                // a holiday moved to a weekday (Bulgaria: Sunday 3 March → Monday) closes
                // both days; the original
                // one matters for calendars open on Saturdays
                dates.add(h.getDate());
                dates.add(h.getActualDate());
            }
            return Set.copyOf(dates);
        });
    }

}
