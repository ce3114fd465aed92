import { ActionIcon, Box, Button, Flex, Group, Menu, Stack, Text, TextInput, Tooltip } from "@mantine/core";
import { IconCopy, IconPlus, IconTrash } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { RowAction } from "../../components/row-action";
import {
  copyIntervals,
  type DraftErrors,
  dayPath,
  type IntervalDraft,
  intervalPath,
  nextInterval,
  normalizeTime,
  timePath,
  WEEKDAYS,
  type Weekday,
  weekdayNames,
} from "./calendar-draft";

const WORKDAYS: readonly Weekday[] = ["mon", "tue", "wed", "thu", "fri"];
const MAX_INTERVALS = 24;

/** One time of an interval: `HH:MM`, normalized when the field is left ("9" → "09:00"). */
const TimeField = ({
  label,
  value,
  invalid,
  readOnly,
  onChange,
}: {
  label: string;
  value: string;
  invalid: boolean;
  readOnly: boolean;
  onChange: (value: string) => void;
}) => (
  <TextInput
    aria-label={label}
    placeholder="HH:MM"
    value={value}
    inputMode="numeric"
    autoComplete="off"
    maxLength={5}
    w={82}
    readOnly={readOnly}
    variant={readOnly ? "filled" : "default"}
    error={invalid}
    aria-invalid={invalid || undefined}
    styles={{ input: { fontVariantNumeric: "tabular-nums", textAlign: "center" } }}
    onChange={(event) => onChange(event.currentTarget.value)}
    onBlur={(event) => {
      const normalized = normalizeTime(event.currentTarget.value);
      if (normalized !== event.currentTarget.value) onChange(normalized);
    }}
  />
);

/**
 * The open hours of each weekday: several intervals a day, `24:00` as an end, a closed day without any.
 * Errors come keyed by path (`week.mon`, `week.mon.0`, `week.mon.0.start`) and show under their row.
 */
export const CalendarWeekEditor = ({
  week,
  errors,
  readOnly,
  onChange,
}: {
  week: Record<Weekday, IntervalDraft[]>;
  errors: DraftErrors;
  readOnly: boolean;
  /** The new week, and the path that was edited (its errors are dropped). */
  onChange: (week: Record<Weekday, IntervalDraft[]>, touched: string) => void;
}) => {
  const { t, i18n } = useTranslation();
  const names = weekdayNames(i18n.language, "long");
  const setDay = (day: Weekday, intervals: IntervalDraft[], touched = dayPath(day)) =>
    onChange({ ...week, [day]: intervals }, touched);
  const copyTo = (from: Weekday, days: readonly Weekday[]) => {
    const next = { ...week };
    for (const day of days) if (day !== from) next[day] = copyIntervals(week[from]);
    onChange(next, "week");
  };

  return (
    <Stack gap={0} role="group" aria-label={t("calendars.week.title")}>
      {WEEKDAYS.map((day, dayIndex) => {
        const intervals = week[day];
        const dayError = errors[dayPath(day)];
        return (
          <Flex
            key={day}
            // reading, a day and its hours share a line even on a phone
            direction={readOnly ? "row" : { base: "column", sm: "row" }}
            align={readOnly ? "flex-start" : { base: "stretch", sm: "flex-start" }}
            gap={{ base: 6, sm: "md" }}
            py="sm"
            style={{
              borderTop: dayIndex === 0 ? undefined : "1px solid var(--mantine-color-gray-2)",
            }}
            role="group"
            aria-label={names[day]}
          >
            <Group
              w={readOnly ? { base: 100, sm: 150 } : { base: "100%", sm: 150 }}
              justify="space-between"
              gap={4}
              wrap="nowrap"
              mih={36}
              style={{ flexShrink: 0 }}
            >
              <Text fw={600} size="sm" tt="capitalize">
                {names[day]}
              </Text>
              {!readOnly && intervals.length > 0 && (
                <Menu position="bottom-end" shadow="md" withinPortal>
                  <Menu.Target>
                    <Tooltip label={t("calendars.week.copy")} withArrow openDelay={300}>
                      <ActionIcon
                        variant="subtle"
                        color="gray"
                        aria-label={t("calendars.week.copyNamed", { day: names[day] })}
                      >
                        <IconCopy size={16} />
                      </ActionIcon>
                    </Tooltip>
                  </Menu.Target>
                  <Menu.Dropdown>
                    <Menu.Item onClick={() => copyTo(day, WORKDAYS)}>
                      {t("calendars.week.copyToWorkdays")}
                    </Menu.Item>
                    <Menu.Item onClick={() => copyTo(day, WEEKDAYS)}>
                      {t("calendars.week.copyToAll")}
                    </Menu.Item>
                  </Menu.Dropdown>
                </Menu>
              )}
            </Group>
            <Stack gap={6} style={{ flex: 1, minWidth: 0 }}>
              {intervals.length === 0 && (
                <Text size="sm" c="dimmed" mih={36} style={{ display: "flex", alignItems: "center" }}>
                  {t("calendars.week.closed")}
                </Text>
              )}
              {intervals.map((interval, index) => {
                const startError = errors[timePath(day, index, "start")];
                const endError = errors[timePath(day, index, "end")];
                const rowError = errors[intervalPath(day, index)];
                const messages = [...new Set([startError, endError, rowError].filter(Boolean))];
                const update = (edge: "start" | "end", value: string) =>
                  setDay(
                    day,
                    intervals.map((item, i) => (i === index ? { ...item, [edge]: value } : item)),
                    timePath(day, index, edge),
                  );
                const n = index + 1;
                return (
                  <Box key={interval.key}>
                    <Group gap={6} wrap="nowrap">
                      <TimeField
                        label={t("calendars.week.startOf", { day: names[day], n })}
                        value={interval.start}
                        invalid={Boolean(startError || rowError)}
                        readOnly={readOnly}
                        onChange={(value) => update("start", value)}
                      />
                      <Text c="dimmed" aria-hidden>
                        –
                      </Text>
                      <TimeField
                        label={t("calendars.week.endOf", { day: names[day], n })}
                        value={interval.end}
                        invalid={Boolean(endError || rowError)}
                        readOnly={readOnly}
                        onChange={(value) => update("end", value)}
                      />
                      {!readOnly && (
                        <RowAction
                          tooltip={t("calendars.week.remove")}
                          label={t("calendars.week.removeNamed", { day: names[day], n })}
                          color="red"
                          openDelay={300}
                          onClick={() =>
                            setDay(
                              day,
                              intervals.filter((_, i) => i !== index),
                            )
                          }
                        >
                          <IconTrash size={16} />
                        </RowAction>
                      )}
                    </Group>
                    {messages.length > 0 && (
                      <Text size="xs" c="red.8" mt={4} role="alert">
                        {messages.join(" ")}
                      </Text>
                    )}
                  </Box>
                );
              })}
              {dayError && (
                <Text size="xs" c="red.8" role="alert">
                  {dayError}
                </Text>
              )}
              {!readOnly && intervals.length < MAX_INTERVALS && (
                <Button
                  variant="subtle"
                  size="xs"
                  leftSection={<IconPlus size={14} />}
                  w="fit-content"
                  px={6}
                  aria-label={t("calendars.week.addNamed", { day: names[day] })}
                  onClick={() => setDay(day, [...intervals, nextInterval(intervals)])}
                >
                  {t("calendars.week.add")}
                </Button>
              )}
            </Stack>
          </Flex>
        );
      })}
      {!readOnly && (
        <Text size="xs" c="dimmed" mt="xs">
          {t("calendars.week.help")}
        </Text>
      )}
    </Stack>
  );
};
