import {
  ActionIcon,
  Badge,
  Button,
  Group,
  Paper,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  TextInput,
  Tooltip,
} from "@mantine/core";
import { IconArrowBackUp, IconChevronLeft, IconChevronRight, IconPlus, IconX } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useFormatters } from "../../components/formatters";
import { QueryError } from "../../components/list-state";
import { isLocalDate, todayLocalDate } from "../../components/local-date";
import { notifyError, notifySuccess } from "../../components/notify";
import { type HolidayPreset, weekdayNames, weekdayOf } from "./calendar-draft";
import { type Calendar, type CalendarDay, useCalendarHoliday, useCalendarYear } from "./calendars-api";

const MIN_YEAR = 1900;
const MAX_YEAR = 2999;

/** How the domain names a date of the `holidays` list among a day's sources. */
const EXPLICIT_SOURCE = "fecha explícita";

const PRESET_COLORS: Record<HolidayPreset, string> = { "mx-lft": "brand", "mx-cdmx-customary": "grape" };

/** "mx-lft: Año Nuevo (1 de enero)" → "Año Nuevo (1 de enero)"; the added-date source in the viewer's words. */
const useSourceText = () => {
  const { t } = useTranslation();
  return (source: string) => {
    if (source === EXPLICIT_SOURCE) return t("calendars.year.addedDate");
    const preset = /^(mx-lft|mx-cdmx-customary): (.+)$/.exec(source);
    return preset ? preset[2]! : source;
  };
};

const capitalize = (text: string) => text.charAt(0).toLocaleUpperCase() + text.slice(1);

/** One holiday (or removed rule date) of a month: its day, names, where it comes from and its action. */
const DayRow = ({
  day,
  closed,
  canWrite,
  busy,
  onChange,
}: {
  day: CalendarDay;
  /** The calendar has no hours that weekday: the holiday changes no deadline. */
  closed: boolean;
  canWrite: boolean;
  busy: boolean;
  onChange: (holiday: boolean) => void;
}) => {
  const { t, i18n } = useTranslation();
  const format = useFormatters();
  const sourceText = useSourceText();
  const weekday = weekdayNames(i18n.language, "short")[weekdayOf(day.date)];
  const names = [...new Set(day.sources.filter((s) => s !== EXPLICIT_SOURCE).map(sourceText))];
  const title = names.length > 0 ? names.join(" / ") : t("calendars.year.addedDate");
  const long = format.localDateLong(day.date);
  return (
    <Group
      gap={8}
      wrap="nowrap"
      align="flex-start"
      py={4}
      data-holiday={day.date}
      data-removed={day.removed || undefined}
    >
      <Stack gap={0} w={34} align="center" style={{ flexShrink: 0 }}>
        <Text
          fw={700}
          size="sm"
          lh={1.3}
          td={day.removed ? "line-through" : undefined}
          c={day.removed ? "dimmed" : undefined}
        >
          {Number(day.date.slice(8, 10))}
        </Text>
        <Text size="10px" c="dimmed" tt="uppercase" lh={1.2}>
          {weekday}
        </Text>
      </Stack>
      <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
        <Text
          size="sm"
          lh={1.3}
          td={day.removed ? "line-through" : undefined}
          c={day.removed ? "dimmed" : undefined}
          style={{ overflowWrap: "anywhere" }}
        >
          {title}
        </Text>
        <Group gap={4}>
          {day.presets.map((preset) => (
            <Tooltip key={preset} label={t(`calendars.presets.${preset}.label`)} multiline w={260} withArrow>
              <Badge size="xs" variant="light" color={PRESET_COLORS[preset]} radius="sm" tt="none">
                {t(`calendars.presets.${preset}.short`)}
              </Badge>
            </Tooltip>
          ))}
          {day.sources
            .filter((s) => s !== EXPLICIT_SOURCE && !/^(mx-lft|mx-cdmx-customary): /.test(s))
            .slice(0, 1)
            .map((s) => (
              <Tooltip key={s} label={s} multiline w={260} withArrow>
                <Badge size="xs" variant="light" color="gray" radius="sm" tt="none">
                  {t("calendars.year.customRule")}
                </Badge>
              </Tooltip>
            ))}
          {day.added && (
            <Badge size="xs" variant="light" color="teal" radius="sm" tt="none">
              {t("calendars.year.added")}
            </Badge>
          )}
          {day.removed && (
            <Tooltip label={t("calendars.year.removedHelp")} multiline w={260} withArrow>
              <Badge size="xs" variant="outline" color="gray" radius="sm" tt="none">
                {t("calendars.year.removed")}
              </Badge>
            </Tooltip>
          )}
          {closed && !day.removed && (
            <Tooltip label={t("calendars.year.closedHelp")} multiline w={260} withArrow>
              <Text size="xs" c="dimmed">
                {t("calendars.year.closed")}
              </Text>
            </Tooltip>
          )}
        </Group>
      </Stack>
      {canWrite &&
        (day.removed ? (
          <Tooltip label={t("calendars.year.restore")} withArrow openDelay={300}>
            <ActionIcon
              variant="subtle"
              color="teal"
              loading={busy}
              aria-label={t("calendars.year.restoreNamed", { date: long })}
              onClick={() => onChange(true)}
            >
              <IconArrowBackUp size={16} />
            </ActionIcon>
          </Tooltip>
        ) : (
          <Tooltip
            label={day.added ? t("calendars.year.removeAdded") : t("calendars.year.removeRule")}
            withArrow
            openDelay={300}
            multiline
            w={220}
          >
            <ActionIcon
              variant="subtle"
              color="red"
              loading={busy}
              aria-label={t("calendars.year.removeNamed", { date: long })}
              onClick={() => onChange(false)}
            >
              <IconX size={16} />
            </ActionIcon>
          </Tooltip>
        ))}
    </Group>
  );
};

/** Adds one date as a holiday of the calendar. */
const AddDate = ({ onAdd }: { onAdd: (date: string) => Promise<boolean> }) => {
  const { t } = useTranslation();
  const [date, setDate] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!isLocalDate(date)) {
      setError(t("fieldErrors.not_a_date"));
      return;
    }
    const year = Number(date.slice(0, 4));
    if (year < MIN_YEAR || year > MAX_YEAR) {
      setError(t("calendars.year.yearRange", { min: MIN_YEAR, max: MAX_YEAR }));
      return;
    }
    setError(null);
    setBusy(true);
    const added = await onAdd(date);
    setBusy(false);
    if (added) setDate("");
  };
  return (
    <form onSubmit={submit} noValidate aria-label={t("calendars.year.addTitle")}>
      <Group gap="sm" align="flex-start">
        <TextInput
          type="date"
          aria-label={t("calendars.year.addDate")}
          value={date}
          error={error}
          onChange={(event) => {
            setDate(event.currentTarget.value);
            setError(null);
          }}
          w={180}
        />
        <Button type="submit" variant="light" leftSection={<IconPlus size={16} />} loading={busy}>
          {t("calendars.year.add")}
        </Button>
      </Group>
    </form>
  );
};

/**
 * The holidays of a year, month by month: which rule makes each, the dates an admin added, the rule dates an
 * admin took out (struck through, with "restore"). Admins add and remove dates here; each change is saved
 * at once.
 */
export const CalendarYearView = ({ calendar, canWrite }: { calendar: Calendar; canWrite: boolean }) => {
  const { t, i18n } = useTranslation();
  const format = useFormatters();
  const [year, setYear] = useState(() => Number(todayLocalDate().slice(0, 4)));
  const [yearText, setYearText] = useState(String(year));
  const days = useCalendarYear(calendar.id, year);
  const holiday = useCalendarHoliday(calendar.id);
  const busyDate = holiday.isPending ? holiday.variables?.date : undefined;

  const goTo = (next: number) => {
    const clamped = Math.min(MAX_YEAR, Math.max(MIN_YEAR, next));
    setYear(clamped);
    setYearText(String(clamped));
  };

  const change = async (date: string, makeHoliday: boolean) => {
    try {
      await holiday.mutateAsync({ date, holiday: makeHoliday });
      notifySuccess(
        t(makeHoliday ? "calendars.year.addedNotice" : "calendars.year.removedNotice", {
          date: format.localDateLong(date),
        }),
      );
      return true;
    } catch (error) {
      notifyError(error);
      return false;
    }
  };

  const monthName = new Intl.DateTimeFormat(i18n.language, { month: "long", timeZone: "UTC" });
  const data = days.data?.year === year ? days.data : undefined;
  const byMonth = Array.from({ length: 12 }, (_, m) =>
    (data?.days ?? []).filter((d) => Number(d.date.slice(5, 7)) === m + 1),
  );
  const holidays = data?.days.filter((d) => !d.removed).length ?? 0;
  const removed = data?.days.filter((d) => d.removed).length ?? 0;
  const closedDay = (date: string) => (calendar.week[weekdayOf(date)] ?? []).length === 0;

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end" gap="sm">
        <Group gap={6} wrap="nowrap" role="group" aria-label={t("calendars.year.picker")}>
          <ActionIcon
            variant="default"
            size="lg"
            aria-label={t("calendars.year.previous")}
            disabled={year <= MIN_YEAR}
            onClick={() => goTo(year - 1)}
          >
            <IconChevronLeft size={18} />
          </ActionIcon>
          <TextInput
            aria-label={t("calendars.year.year")}
            value={yearText}
            inputMode="numeric"
            maxLength={4}
            w={76}
            styles={{ input: { textAlign: "center", fontWeight: 600, fontVariantNumeric: "tabular-nums" } }}
            onChange={(event) => {
              const text = event.currentTarget.value.replace(/\D/g, "");
              setYearText(text);
              const value = Number(text);
              if (text.length === 4 && value >= MIN_YEAR && value <= MAX_YEAR) setYear(value);
            }}
            onBlur={() => setYearText(String(year))}
          />
          <ActionIcon
            variant="default"
            size="lg"
            aria-label={t("calendars.year.next")}
            disabled={year >= MAX_YEAR}
            onClick={() => goTo(year + 1)}
          >
            <IconChevronRight size={18} />
          </ActionIcon>
        </Group>
        {canWrite && (
          <AddDate
            onAdd={async (date) => {
              const added = await change(date, true);
              if (added) goTo(Number(date.slice(0, 4)));
              return added;
            }}
          />
        )}
      </Group>

      {days.isError ? (
        <QueryError error={days.error} onRetry={days.refetch} />
      ) : (
        <>
          <Text size="sm" c="dimmed" aria-live="polite">
            {data
              ? [
                  t("calendars.year.count", { count: holidays, year }),
                  removed > 0 ? t("calendars.year.removedCount", { count: removed }) : null,
                ]
                  .filter(Boolean)
                  .join(" · ")
              : t("common.loading")}
          </Text>
          <SimpleGrid cols={{ base: 1, xs: 2, md: 3, xl: 4 }} spacing="sm" verticalSpacing="sm">
            {byMonth.map((monthDays, m) => {
              const name = capitalize(monthName.format(new Date(Date.UTC(year, m, 1))));
              return (
                <Paper
                  key={name}
                  withBorder
                  radius="md"
                  p="sm"
                  component="section"
                  aria-label={`${name} ${year}`}
                >
                  <Group justify="space-between" mb={4} gap={4}>
                    <Text fw={650} size="sm">
                      {name}
                    </Text>
                    {data && monthDays.some((d) => !d.removed) && (
                      <Badge size="sm" variant="light" color="gray" radius="xl">
                        {monthDays.filter((d) => !d.removed).length}
                      </Badge>
                    )}
                  </Group>
                  {!data ? (
                    <Skeleton height={28} radius="sm" />
                  ) : monthDays.length === 0 ? (
                    <Text size="xs" c="dimmed">
                      {t("calendars.year.none")}
                    </Text>
                  ) : (
                    monthDays.map((day) => (
                      <DayRow
                        key={day.date}
                        day={day}
                        closed={closedDay(day.date)}
                        canWrite={canWrite}
                        busy={busyDate === day.date}
                        onChange={(makeHoliday) => void change(day.date, makeHoliday)}
                      />
                    ))
                  )}
                </Paper>
              );
            })}
          </SimpleGrid>
        </>
      )}
    </Stack>
  );
};
