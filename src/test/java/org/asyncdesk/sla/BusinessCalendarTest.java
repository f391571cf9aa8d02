package org.asyncdesk.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * Business-time arithmetic over nights, weekends, holidays and daylight-saving changes.
 */
class BusinessCalendarTest {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    static BusinessCalendar weekdays(String hours, Set<LocalDate> holidays) {
        Map<DayOfWeek, String> week = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek d : List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY,
                DayOfWeek.FRIDAY)) {
            week.put(d, hours);
        }
        return BusinessCalendar.of("test", BERLIN, week, holidays);
    }

    static Instant berlin(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(BERLIN).toInstant();
    }

    final BusinessCalendar office = weekdays("09:00-18:00", Set.of());

    @Test
    void withinOpeningHoursTheClockRunsNormally() {
        assertThat(office.add(berlin("2026-11-24T10:00"), Duration.ofHours(2))).isEqualTo(berlin("2026-11-24T12:00"));
    }

    @Test
    void fridayEveningPlusOneHourIsMondayMorning() {
        // 2026-11-20 is a Friday: 30 minutes left on Friday, 30 minutes on Monday
        assertThat(office.add(berlin("2026-11-20T17:30"), Duration.ofHours(1))).isEqualTo(berlin("2026-11-23T09:30"));
    }

    @Test
    void aMessageAtNightStartsCountingAtOpening() {
        assertThat(office.add(berlin("2026-11-24T02:15"), Duration.ofMinutes(30)))
            .isEqualTo(berlin("2026-11-24T09:30"));
        assertThat(office.add(berlin("2026-11-24T19:00"), Duration.ofHours(4))).isEqualTo(berlin("2026-11-25T13:00"));
    }

    @Test
    void aMessageOnSaturdayStartsCountingOnMonday() {
        assertThat(office.add(berlin("2026-11-21T11:00"), Duration.ofHours(2))).isEqualTo(berlin("2026-11-23T11:00"));
    }

    @Test
    void aTargetEndingExactlyAtClosingEndsThatEvening() {
        assertThat(office.add(berlin("2026-11-24T17:00"), Duration.ofHours(1))).isEqualTo(berlin("2026-11-24T18:00"));
    }

    @Test
    void targetsLongerThanADaySpanSeveralDays() {
        // 9 h per day: 20 h from Monday 12:00 = 6 h Monday, 9 h Tuesday, 5 h Wednesday
        assertThat(office.add(berlin("2026-11-23T12:00"), Duration.ofHours(20))).isEqualTo(berlin("2026-11-25T14:00"));
    }

    @Test
    void holidaysAreSkipped() {
        // Christmas 2026: Friday 25th is a holiday, Saturday and Sunday closed
        var withHolidays = weekdays("09:00-18:00",
                Set.of(LocalDate.parse("2026-12-24"), LocalDate.parse("2026-12-25")));
        assertThat(withHolidays.add(berlin("2026-12-23T17:00"), Duration.ofHours(2)))
            .isEqualTo(berlin("2026-12-28T10:00"));
        assertThat(withHolidays.isHoliday(LocalDate.parse("2026-12-24"))).isTrue();
    }

    @Test
    void springForwardKeepsLocalOpeningHours() {
        // clocks go forward on Sunday 2026-03-29; Friday 17:00 + 2 h = Monday 10:00 local
        // time (CEST)
        Instant due = office.add(berlin("2026-03-27T17:00"), Duration.ofHours(2));
        assertThat(due).isEqualTo(berlin("2026-03-30T10:00"));
        assertThat(due.atZone(BERLIN).getOffset().getTotalSeconds()).isEqualTo(7200);
    }

    @Test
    void fallBackKeepsLocalOpeningHours() {
        // clocks go back on Sunday 2026-10-25
        assertThat(office.add(berlin("2026-10-23T17:30"), Duration.ofHours(1))).isEqualTo(berlin("2026-10-26T09:30"));
    }

    @Test
    void aRoundTheClockWindowOnTheDstNightHasItsRealLength() {
        // a 24-hour window on the spring-forward day is only 23 real hours long
        Map<DayOfWeek, String> week = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek d : DayOfWeek.values()) {
            week.put(d, "00:00-24:00");
        }
        var allDay = BusinessCalendar.of("all-day", BERLIN, week, Set.of());
        Instant start = berlin("2026-03-29T00:00");
        assertThat(allDay.add(start, Duration.ofHours(24))).isEqualTo(berlin("2026-03-30T01:00"));
        assertThat(allDay.between(start, berlin("2026-03-30T00:00"))).isEqualTo(Duration.ofHours(23));
    }

    @Test
    void daysAreWorkingDaysAtTheSameLocalTime() {
        var withHolidays = weekdays("09:00-18:00",
                Set.of(LocalDate.parse("2026-12-24"), LocalDate.parse("2026-12-25")));
        assertThat(office.add(berlin("2026-11-24T10:00"), 3, Duration.ZERO)).isEqualTo(berlin("2026-11-27T10:00"));
        assertThat(office.add(berlin("2026-11-20T17:30"), 1, Duration.ZERO)).isEqualTo(berlin("2026-11-23T17:30"));
        // a start outside opening hours counts from the next opening
        assertThat(office.add(berlin("2026-11-21T12:00"), 1, Duration.ZERO)).isEqualTo(berlin("2026-11-24T09:00"));
        assertThat(withHolidays.add(berlin("2026-12-23T11:00"), 1, Duration.ofHours(2)))
            .isEqualTo(berlin("2026-12-28T13:00"));
        assertThat(BusinessCalendar.always(BERLIN).add(berlin("2026-11-21T12:00"), 1, Duration.ofHours(1)))
            .isEqualTo(berlin("2026-11-22T13:00"));
    }

    @Test
    void slaTargetsAreParsedWithTheirDaysApart() {
        assertThat(SlaTarget.parse("t", "P3D")).isEqualTo(new SlaTarget("P3D", 3, Duration.ZERO));
        assertThat(SlaTarget.parse("t", "p1dt4h30m")).isEqualTo(new SlaTarget("P1DT4H30M", 1, Duration.ofMinutes(270)));
        assertThat(SlaTarget.parse("t", "PT27H").days()).isZero();
        assertThat(SlaTarget.parse("t", "PT4H").dueFrom(berlin("2026-11-20T17:30"), office))
            .isEqualTo(berlin("2026-11-23T12:30"));
        assertThatThrownBy(() -> SlaTarget.parse("slaFirstResponse", "4 hours"))
            .hasMessageContaining("slaFirstResponse = '4 hours' is not an ISO-8601 duration");
        assertThatThrownBy(() -> SlaTarget.parse("slaFirstResponse", null)).hasMessageContaining("is missing");
        assertThatThrownBy(() -> SlaTarget.parse("slaFirstResponse", "PT0S")).hasMessageContaining("must be positive");
    }

    @Test
    void splitOpeningHoursSkipTheLunchBreak() {
        var split = weekdays("08:00-12:00,13:00-17:00", Set.of());
        assertThat(split.add(berlin("2026-11-24T11:30"), Duration.ofHours(1))).isEqualTo(berlin("2026-11-24T13:30"));
    }

    @Test
    void businessTimeBetweenTwoInstants() {
        assertThat(office.between(berlin("2026-11-20T17:30"), berlin("2026-11-23T09:30")))
            .isEqualTo(Duration.ofHours(1));
        assertThat(office.between(berlin("2026-11-23T10:00"), berlin("2026-11-23T09:00"))).isEqualTo(Duration.ZERO);
    }

    @Test
    void roundTheClockCalendarIgnoresOpeningHours() {
        var always = BusinessCalendar.always(BERLIN);
        assertThat(always.add(berlin("2026-11-21T23:30"), Duration.ofHours(1))).isEqualTo(berlin("2026-11-22T00:30"));
    }

    @Test
    void badOpeningHoursAreRefusedWithTheReason() {
        assertThatThrownBy(() -> weekdays("9-18", Set.of())).hasMessageContaining("'9-18' is not an opening window");
        assertThatThrownBy(() -> weekdays("18:00-09:00", Set.of())).hasMessageContaining("ends before it starts");
        assertThatThrownBy(() -> weekdays("09:00-13:00,12:00-18:00", Set.of())).hasMessageContaining("overlap");
        assertThatThrownBy(() -> weekdays("closed", Set.of())).hasMessageContaining("no opening hours");
    }

    @Test
    void namedCalendarsComeFromConfiguration() {
        var calendars = new BusinessCalendars(new BusinessHoursProperties("eu",
                Map.of("eu",
                        new BusinessHoursProperties.Calendar("Europe/Berlin", Map.of("monday", "09:00-18:00"), null,
                                null, List.of(), null, null),
                        "bg", new BusinessHoursProperties.Calendar("Europe/Sofia", Map.of("Saturday", "10:00-14:00"),
                                null, null, List.of(LocalDate.parse("2026-03-03")), null, null))));
        assertThat(calendars.get("default").name()).isEqualTo("eu");
        assertThat(calendars.get(null).name()).isEqualTo("eu");
        assertThat(calendars.get("bg").zone()).isEqualTo(ZoneId.of("Europe/Sofia"));
        assertThat(calendars.get("24/7").isAlways()).isTrue();
        assertThatThrownBy(() -> calendars.get("mars")).hasMessageContaining("'mars' is not configured");
        assertThatThrownBy(
                () -> new BusinessCalendars(new BusinessHoursProperties("x",
                        Map.of("x", new BusinessHoursProperties.Calendar("Europe/Nowhere",
                                Map.of("monday", "09:00-18:00"), null, null, List.of(), null, null)))))
            .hasMessageContaining("Europe/Nowhere");
        assertThatThrownBy(
                () -> new BusinessCalendars(
                        new BusinessHoursProperties("x",
                                Map.of("x",
                                        new BusinessHoursProperties.Calendar("UTC", Map.of("mondy", "09:00-18:00"),
                                                null, null, List.of(), null, null)))))
            .hasMessageContaining("'mondy' is not a weekday");
    }

}
