package org.asyncdesk.sla;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An SLA target as the policy writes it, an ISO-8601 duration: {@code PT30M},
 * {@code PT4H}, {@code P3D}, {@code P1DT4H}. On a business-hours calendar the days are
 * working days and the time part is business time, so {@code P1D} from Friday 10:00 is
 * Monday 10:00 and {@code PT1H} from Friday 17:30 is Monday 09:30.
 */
record SlaTarget(String text, int days, Duration time) {

    private static final Pattern ISO = Pattern.compile("P(?:(\\d+)D)?(T.+)?");

    public static SlaTarget parse(String name, Object value) {
        if (value == null || value.toString().isBlank()) {
            throw new IllegalArgumentException("SLA target " + name + " is missing: the sla-policy decision must give "
                    + "it (ISO-8601 duration such as PT4H)");
        }
        String text = value.toString().strip().toUpperCase(Locale.ROOT);
        Matcher m = ISO.matcher(text);
        try {
            if (!m.matches() || (m.group(1) == null && m.group(2) == null)) {
                throw new DateTimeParseException("not of the form PnDTnHnM", text, 0);
            }
            int days = m.group(1) == null ? 0 : Integer.parseInt(m.group(1));
            Duration time = m.group(2) == null ? Duration.ZERO : Duration.parse("P" + m.group(2));
            if (time.isNegative() || (days == 0 && time.isZero())) {
                throw new IllegalArgumentException("SLA target " + name + " must be positive, was " + value);
            }
            return new SlaTarget(text, days, time);
        }
        catch (DateTimeParseException | NumberFormatException e) {
            throw new IllegalArgumentException("SLA target " + name + " = '" + value
                    + "' is not an ISO-8601 duration such as PT30M, PT4H, P2D or P1DT4H", e);
        }
    }

    public Instant dueFrom(Instant start, BusinessCalendar calendar) {
        return calendar.add(start, days, time);
    }
}
