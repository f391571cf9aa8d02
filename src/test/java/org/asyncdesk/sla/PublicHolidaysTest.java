package org.asyncdesk.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.io.ClassPathResource;

/**
 * Public holidays of every year, per country and region, on the shipped and on configured
 * calendars. The years are beyond any hand-kept list on purpose.
 */
@ExtendWith(OutputCaptureExtension.class)
class PublicHolidaysTest {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final ZoneId SOFIA = ZoneId.of("Europe/Sofia");
    static final Map<String, String> WEEKDAYS = Map.of("monday", "09:00-18:00", "tuesday", "09:00-18:00", "wednesday",
            "09:00-18:00", "thursday", "09:00-18:00", "friday", "09:00-18:00");

    /** The calendars exactly as application.yaml ships them. */
    static BusinessCalendars shipped() throws IOException {
        var sources = new YamlPropertySourceLoader().load("application.yaml",
                new ClassPathResource("application.yaml"));
        var properties = new Binder(ConfigurationPropertySources.from(sources))
            .bind("asyncdesk.business-hours", BusinessHoursProperties.class)
            .get();
        return new BusinessCalendars(properties);
    }

    static BusinessCalendars calendar(String country, String region, List<LocalDate> closures,
            List<LocalDate> openingDays) {
        return new BusinessCalendars(
                new BusinessHoursProperties("c", Map.of("c", new BusinessHoursProperties.Calendar("Europe/Berlin",
                        WEEKDAYS, country, region, closures, openingDays, null))));
    }

    static Instant at(String localDateTime, ZoneId zone) {
        return LocalDateTime.parse(localDateTime).atZone(zone).toInstant();
    }

    @Test
    void shippedGermanCalendarClosesOnEasterOfAnyYear() throws IOException {
        BusinessCalendar support = shipped().get("support");
        // Thursday before Easter 2031: Good Friday 11 April and Easter Monday 14 April
        // are closed
        assertThat(support.add(at("2031-04-10T17:00", BERLIN), Duration.ofHours(2)))
            .isEqualTo(at("2031-04-15T10:00", BERLIN));
        // Whit Monday 2031 is 2 June
        assertThat(support.add(at("2031-05-30T17:00", BERLIN), Duration.ofHours(2)))
            .isEqualTo(at("2031-06-03T10:00", BERLIN));
        // Christmas 2035 (Tuesday, Wednesday)
        assertThat(support.add(at("2035-12-24T17:00", BERLIN), 1, Duration.ZERO))
            .isEqualTo(at("2035-12-27T17:00", BERLIN));
    }

    @Test
    void shippedBulgarianCalendarFollowsOrthodoxEasterAndMovedHolidays() throws IOException {
        BusinessCalendar bg = shipped().get("support-bg");
        // Liberation Day, Sunday 3 March 2030, moves to Monday 4 March: Saturday 13:00 +
        // 2 h is Tuesday 10:00
        assertThat(bg.add(at("2030-03-02T13:00", SOFIA), Duration.ofHours(2))).isEqualTo(at("2030-03-05T10:00", SOFIA));
        // Orthodox Easter 2030 is 28 April (Western: 21 April): Good Friday, Holy
        // Saturday and Easter Monday closed
        assertThat(bg.add(at("2030-04-25T17:00", SOFIA), Duration.ofHours(2))).isEqualTo(at("2030-04-30T10:00", SOFIA));
        assertThat(bg.add(at("2030-04-19T17:00", SOFIA), Duration.ofHours(2))).isEqualTo(at("2030-04-20T11:00", SOFIA));
    }

    @Test
    void aRegionAddsItsOwnHolidays() {
        BusinessCalendar germany = calendar("de", null, null, null).get("c");
        BusinessCalendar bavaria = calendar("DE", "BY", null, null).get("c");
        // Epiphany, Monday 6 January 2031, is a holiday in Bavaria only
        assertThat(germany.add(at("2031-01-03T17:00", BERLIN), Duration.ofHours(2)))
            .isEqualTo(at("2031-01-06T10:00", BERLIN));
        assertThat(bavaria.add(at("2031-01-03T17:00", BERLIN), Duration.ofHours(2)))
            .isEqualTo(at("2031-01-07T10:00", BERLIN));
        // Corpus Christi, Thursday 12 June 2031
        assertThat(bavaria.add(at("2031-06-11T17:00", BERLIN), Duration.ofHours(2)))
            .isEqualTo(at("2031-06-13T10:00", BERLIN));
        assertThat(germany.isHoliday(LocalDate.parse("2031-06-12"))).isFalse();
    }

    @Test
    void extraClosuresAndOpeningDaysComeFromConfiguration() {
        // closed on Christmas Eve (Wednesday 24 December 2031), open on Boxing Day
        // (Friday 26th) although a holiday
        BusinessCalendar c = calendar("de", null, List.of(LocalDate.parse("2031-12-24")),
                List.of(LocalDate.parse("2031-12-26")))
            .get("c");
        assertThat(c.add(at("2031-12-23T17:00", BERLIN), Duration.ofHours(2)))
            .isEqualTo(at("2031-12-26T10:00", BERLIN));
        assertThat(c.isHoliday(LocalDate.parse("2031-12-25"))).isTrue();
        // closures alone, without a country
        BusinessCalendar closuresOnly = calendar(null, null, List.of(LocalDate.parse("2031-01-06")), null).get("c");
        assertThat(closuresOnly.add(at("2031-01-03T17:00", BERLIN), Duration.ofHours(2)))
            .isEqualTo(at("2031-01-07T10:00", BERLIN));
    }

    @Test
    void theDocumentedKeysBind() {
        String c = "asyncdesk.business-hours.calendars.munich.";
        var properties = new Binder(new MapConfigurationPropertySource(
                Map.of("asyncdesk.business-hours.default-calendar", "munich", c + "zone", "Europe/Berlin",
                        c + "hours.monday", "09:00-18:00", c + "hours.tuesday", "09:00-18:00", c + "country", "de",
                        c + "region", "by", c + "closures[0]", "2031-01-07", c + "opening-days[0]", "2031-01-06")))
            .bind("asyncdesk.business-hours", BusinessHoursProperties.class)
            .get();
        BusinessCalendar munich = new BusinessCalendars(properties).get("munich");
        // Epiphany (Monday) worked, Tuesday closed, the next Monday is the next opening
        assertThat(munich.add(at("2031-01-06T17:00", BERLIN), Duration.ofHours(2)))
            .isEqualTo(at("2031-01-13T10:00", BERLIN));
    }

    @Test
    void theFormerHolidaysListStillClosesItsDates() {
        BusinessCalendar c = new BusinessCalendars(
                new BusinessHoursProperties("c", Map.of("c", new BusinessHoursProperties.Calendar("Europe/Berlin",
                        WEEKDAYS, null, null, null, null, List.of(LocalDate.parse("2031-01-06"))))))
            .get("c");
        assertThat(c.isHoliday(LocalDate.parse("2031-01-06"))).isTrue();
    }

    @Test
    void unknownCountriesAndRegionsStopTheStartWithTheReason() {
        assertThatThrownBy(() -> calendar("xx", null, null, null))
            .hasMessageContaining("asyncdesk.business-hours.calendars.c: country 'xx' has no holiday data");
        assertThatThrownBy(() -> calendar("de", "bavaria", null, null))
            .hasMessageContaining("region 'bavaria' is not a subdivision of de")
            .hasMessageContaining("by");
        assertThatThrownBy(() -> calendar(null, "by", null, null)).hasMessageContaining("region 'by' needs a country");
        assertThatThrownBy(() -> calendar("de", null, List.of(LocalDate.parse("2031-12-26")),
                List.of(LocalDate.parse("2031-12-26"))))
            .hasMessageContaining("both closures and opening days");
    }

    @Test
    void aCalendarWithoutHolidaysAheadIsReportedAtStartUp(CapturedOutput output) {
        Clock june2031 = Clock.fixed(at("2031-06-01T12:00", BERLIN), ZoneOffset.UTC);
        new BusinessCalendars(new BusinessHoursProperties("germany",
                Map.of("germany",
                        new BusinessHoursProperties.Calendar("Europe/Berlin", WEEKDAYS, "de", null, null, null, null),
                        "no-holidays",
                        new BusinessHoursProperties.Calendar("Europe/Berlin", WEEKDAYS, null, null, null, null, null),
                        "past-closures",
                        new BusinessHoursProperties.Calendar("Europe/Berlin", WEEKDAYS, null, null,
                                List.of(LocalDate.parse("2030-12-24")), null, null),
                        "closures-ahead", new BusinessHoursProperties.Calendar("Europe/Berlin", WEEKDAYS, null, null,
                                List.of(LocalDate.parse("2031-12-24")), null, null))),
                june2031);
        assertThat(output.getAll())
            .contains("WARN",
                    "business-hours calendar 'no-holidays' has no holiday or closure between 2031-06-01 "
                            + "and 2032-05-31",
                    "calendar 'past-closures' has no holiday or closure")
            .doesNotContain("calendar 'germany' has no holiday", "calendar 'closures-ahead' has no holiday");
    }

}
