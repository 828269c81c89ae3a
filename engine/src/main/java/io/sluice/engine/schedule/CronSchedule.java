package io.sluice.engine.schedule;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** A 5-field cron schedule (minute hour day-of-month month day-of-week) or one of its macros, as in crontab(5). */
public final class CronSchedule {

  private static final Map<String, String> MACROS = Map.of(
      "@yearly", "0 0 1 1 *",
      "@annually", "0 0 1 1 *",
      "@monthly", "0 0 1 * *",
      "@weekly", "0 0 * * 0",
      "@daily", "0 0 * * *",
      "@midnight", "0 0 * * *",
      "@hourly", "0 * * * *");

  // The Gregorian calendar repeats itself, weekdays included, every 400 years (146097 days, 20871 weeks): a schedule
  // that does not fire within 400 years never fires. Waits can be long: Feb 29 that is a Sunday ("0 0 29 2 */7",
  // both day fields must match) comes in 2060, 2088, then 2128.
  private static final int SEARCH_YEARS = 400;

  private final String expression;
  private final long minutes;
  private final long hours;
  private final long daysOfMonth;
  private final long months;
  private final long daysOfWeek;
  private final boolean eitherDayMatches;

  private CronSchedule(String expression, String[] fields) {
    this.expression = expression;
    this.minutes = CronField.MINUTE.parse(fields[0]);
    this.hours = CronField.HOUR.parse(fields[1]);
    this.daysOfMonth = CronField.DAY_OF_MONTH.parse(fields[2]);
    this.months = CronField.MONTH.parse(fields[3]);
    this.daysOfWeek = CronField.DAY_OF_WEEK.parse(fields[4]);
    // Vixie cron treats a day field starting with '*' as unrestricted; only two restricted day fields are OR-ed.
    this.eitherDayMatches = !fields[2].startsWith("*") && !fields[4].startsWith("*");
  }

  /**
   * Parses "0 2 * * *"; throws IllegalArgumentException whose message names the field and the problem,
   * e.g. "hour: 25 is outside 0-23", "expected 5 fields (minute hour day-of-month month day-of-week), found 4".
   */
  public static CronSchedule parse(String expression) {
    Objects.requireNonNull(expression, "expression");
    String trimmed = expression.trim();
    String fieldText = trimmed;
    if (trimmed.startsWith("@")) {
      fieldText = MACROS.get(trimmed.toLowerCase(Locale.ROOT));
      if (fieldText == null) throw new IllegalArgumentException("unknown macro " + trimmed);
    }
    String[] fields = fieldText.isEmpty() ? new String[0] : fieldText.split("\\s+");
    if (fields.length != 5) {
      throw new IllegalArgumentException(
          "expected 5 fields (minute hour day-of-month month day-of-week), found " + fields.length);
    }
    return new CronSchedule(trimmed, fields);
  }

  /** The first fire time strictly after `after`, in after's zone; empty if the schedule never fires (e.g. "0 0 31 2 *"). */
  public Optional<ZonedDateTime> next(ZonedDateTime after) {
    ZoneId zone = after.getZone();
    LocalDateTime candidate = after.toLocalDateTime().truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
    LocalDateTime giveUpAt = candidate.plusYears(SEARCH_YEARS);
    while (candidate.isBefore(giveUpAt)) {
      LocalDate day = candidate.toLocalDate();
      if (!contains(months, candidate.getMonthValue())) {
        candidate = day.withDayOfMonth(1).plusMonths(1).atStartOfDay();
        continue;
      }
      if (!matchesDay(day)) {
        candidate = nextDayToTry(day).atStartOfDay();
        continue;
      }
      int hour = nextAtOrAfter(hours, candidate.getHour());
      if (hour < 0) {
        candidate = day.plusDays(1).atStartOfDay();
        continue;
      }
      int firstMinute = hour == candidate.getHour() ? candidate.getMinute() : 0;
      int minute = nextAtOrAfter(minutes, firstMinute);
      if (minute < 0) {
        candidate = day.atTime(hour, 0).plusHours(1);
        continue;
      }
      candidate = day.atTime(hour, minute);
      Optional<ZonedDateTime> fireTime = inZone(candidate, zone).filter(time -> time.isAfter(after));
      if (fireTime.isPresent()) return fireTime;
      candidate = candidate.plusMinutes(1);
    }
    return Optional.empty();
  }

  /** The expression as given (trimmed). */
  public String expression() {
    return expression;
  }

  private boolean matchesDay(LocalDate day) {
    boolean dayOfMonthMatches = contains(daysOfMonth, day.getDayOfMonth());
    // java.time numbers Sunday 7, cron numbers it 0.
    boolean dayOfWeekMatches = contains(daysOfWeek, day.getDayOfWeek().getValue() % 7);
    return eitherDayMatches ? dayOfMonthMatches || dayOfWeekMatches : dayOfMonthMatches && dayOfWeekMatches;
  }

  /** The next day that may match after `day`: when both day fields must match, the next day of the month allowed. */
  private LocalDate nextDayToTry(LocalDate day) {
    if (eitherDayMatches) return day.plusDays(1);
    int next = nextAtOrAfter(daysOfMonth, day.getDayOfMonth() + 1);
    return next < 0 || next > day.lengthOfMonth() ? day.withDayOfMonth(1).plusMonths(1) : day.withDayOfMonth(next);
  }

  /**
   * The local time in the zone: empty inside a spring-forward gap, the earlier offset inside a fall-back overlap.
   * A candidate in the overlap's second pass then lies before `after` and is skipped, so such a time fires once.
   */
  private static Optional<ZonedDateTime> inZone(LocalDateTime local, ZoneId zone) {
    if (zone.getRules().getValidOffsets(local).isEmpty()) return Optional.empty();
    return Optional.of(ZonedDateTime.ofLocal(local, zone, null));
  }

  private static boolean contains(long values, int value) {
    return (values & (1L << value)) != 0;
  }

  /** The smallest value in the set that is at least `from`, or -1 when there is none. */
  private static int nextAtOrAfter(long values, int from) {
    long remaining = values & (-1L << from);
    return remaining == 0 ? -1 : Long.numberOfTrailingZeros(remaining);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof CronSchedule schedule && expression.equals(schedule.expression);
  }

  @Override
  public int hashCode() {
    return expression.hashCode();
  }

  @Override
  public String toString() {
    return expression;
  }
}
