package org.asyncdesk.sla;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How due times and waiting times are written for agents and managers. */
public final class DueTimes {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("EEE d MMM yyyy, HH:mm",
            Locale.ENGLISH);

    private DueTimes() {
    }

    public static String format(Instant instant, ZoneId zone) {
        return FORMAT.format(instant.atZone(zone)) + " (" + zone.getId() + ")";
    }

    /** e.g. "2 d 3 h", "4 h 5 min", "12 min", "40 s". */
    public static String waiting(Duration d) {
        if (d.isNegative()) {
            d = Duration.ZERO;
        }
        long days = d.toDays();
        long hours = d.toHoursPart();
        long minutes = d.toMinutesPart();
        if (days > 0) {
            return days + " d " + hours + " h";
        }
        if (hours > 0) {
            return hours + " h " + minutes + " min";
        }
        if (minutes > 0) {
            return minutes + " min";
        }
        return d.toSecondsPart() + " s";
    }

}
