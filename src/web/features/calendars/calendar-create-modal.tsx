import { Code, FileInput, List, Modal, Paper, Select, Stack, Text, TextInput } from "@mantine/core";
import { IconFileTypeJs } from "@tabler/icons-react";
import type { TFunction } from "i18next";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../../app/api-client";
import { FormAlert } from "../../components/form-alert";
import { FormButtons } from "../../components/form-buttons";
import { describeError, describeProblem, notifySuccess } from "../../components/notify";
import { fieldErrorText } from "../../components/problem-text";
import {
  CALENDAR_ID,
  type CalendarDraft,
  createBodyOf,
  fieldLabel,
  HOLIDAY_PRESET_NAMES,
  isBuiltinCalendar,
  slugOf,
  timeZones,
  WEEKDAYS,
  type Weekday,
  weekdayNames,
  weekSummary,
} from "./calendar-draft";
import { type Calendar, type CalendarCreateBody, useCalendars, useCreateCalendar } from "./calendars-api";

const DEFAULT_ZONE = "America/Mexico_City";
/** The hours and rules a calendar starts with when it copies none: office hours, both Mexican rule sets. */
const OFFICE_HOURS = "office-hours";

const officeHoursDraft = (name: string, timeZone: string): CalendarDraft => ({
  name,
  timeZone,
  week: Object.fromEntries(
    WEEKDAYS.map((day, index) => [day, index < 5 ? [{ key: day, start: "09:00", end: "18:00" }] : []]),
  ) as CalendarDraft["week"],
  presets: Object.fromEntries(
    HOLIDAY_PRESET_NAMES.map((preset) => [preset, true]),
  ) as CalendarDraft["presets"],
});

/**
 * The server's answer to a new calendar, by field: the id's problem goes under the id; the others (a file's
 * hours, dates, rules) become lines that say where in words.
 */
const splitErrors = (error: unknown, t: TFunction, days: Record<Weekday, string>) => {
  let idError: string | null = null;
  const lines: string[] = [];
  if (error instanceof ApiError) {
    for (const fieldError of error.problem?.errors ?? []) {
      const message = fieldErrorText(fieldError);
      if (fieldError.field === "id") idError = message;
      else lines.push(fieldError.field ? `${fieldLabel(fieldError.field, t, days)}: ${message}` : message);
    }
  }
  // with errors by field, the reason (which repeats them in English) gives way to the kind of failure
  const general = idError || lines.length > 0 ? describeError(error) : describeProblem(error);
  return { idError, lines, general };
};

const validId = (id: string, t: TFunction) =>
  !id ? t("validation.required") : CALENDAR_ID.test(id) ? null : t("calendars.fields.idInvalid");

const FailureAlert = ({ general, lines }: { general: string | null; lines: string[] }) => (
  <FormAlert
    message={
      general && (
        <>
          <Text size="sm">{general}</Text>
          {lines.length > 0 && (
            <List size="sm" mt={4} spacing={2}>
              {lines.map((line) => (
                <List.Item key={line}>{line}</List.Item>
              ))}
            </List>
          )}
        </>
      )
    }
  />
);

/** The zones of this browser plus the usual ones, for a select. */
const useZoneOptions = () => useMemo(() => [...new Set([...timeZones(), "UTC", DEFAULT_ZONE])].sort(), []);

/** A new calendar: its id, name and zone, starting from office hours or a copy of another calendar. */
export const CalendarCreateModal = ({
  opened,
  onClose,
  onCreated,
}: {
  opened: boolean;
  onClose: () => void;
  onCreated: (calendar: Calendar) => void;
}) => {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={t("calendars.create.title")} size="lg">
      {opened && <CreateForm onClose={onClose} onCreated={onCreated} />}
    </Modal>
  );
};

const CreateForm = ({
  onClose,
  onCreated,
}: {
  onClose: () => void;
  onCreated: (calendar: Calendar) => void;
}) => {
  const { t, i18n } = useTranslation();
  const calendars = useCalendars();
  const create = useCreateCalendar();
  const zoneOptions = useZoneOptions();
  const days = weekdayNames(i18n.language, "short");
  const [name, setName] = useState("");
  const [id, setId] = useState("");
  const [idTouched, setIdTouched] = useState(false);
  const [timeZone, setTimeZone] = useState<string>(DEFAULT_ZONE);
  const [template, setTemplate] = useState<string>(OFFICE_HOURS);
  const [errors, setErrors] = useState<{ name?: string | null; id?: string | null }>({});
  const [failure, setFailure] = useState<{ general: string | null; lines: string[] }>({
    general: null,
    lines: [],
  });

  const copies = (calendars.data?.items ?? []).filter((calendar) => !isBuiltinCalendar(calendar.id));
  const templateOptions = [
    { value: OFFICE_HOURS, label: t("calendars.create.officeHours") },
    ...copies.map((calendar) => ({
      value: calendar.id,
      label: t("calendars.create.copyOf", { name: calendar.name }),
    })),
  ];
  const copied = copies.find((calendar) => calendar.id === template);
  const preview = copied
    ? weekSummary(copied.week, days)
    : weekSummary(
        Object.fromEntries(
          WEEKDAYS.slice(0, 5).map((day) => [day, [["09:00", "18:00"] as [string, string]]]),
        ),
        days,
      );

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const found = {
      name: name.trim() ? null : t("validation.required"),
      id: validId(id, t),
    };
    setErrors(found);
    if (found.name || found.id) return;
    setFailure({ general: null, lines: [] });
    const body: CalendarCreateBody = copied
      ? {
          id,
          name: name.trim(),
          timeZone,
          week: copied.week,
          holidays: copied.holidays,
          holidayRules: copied.holidayRules,
          removedHolidays: copied.removedHolidays,
        }
      : createBodyOf(id, officeHoursDraft(name, timeZone));
    try {
      const calendar = await create.mutateAsync(body);
      notifySuccess(t("calendars.create.done", { name: calendar.name }));
      onClose();
      onCreated(calendar);
    } catch (error) {
      const split = splitErrors(error, t, weekdayNames(i18n.language, "long"));
      setErrors({ id: split.idError });
      setFailure({
        general: split.idError && split.lines.length === 0 ? null : split.general,
        lines: split.lines,
      });
    }
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <FailureAlert {...failure} />
        <TextInput
          label={t("calendars.fields.name")}
          required
          data-autofocus
          maxLength={200}
          value={name}
          error={errors.name}
          onChange={(event) => {
            const value = event.currentTarget.value;
            setName(value);
            if (!idTouched) setId(slugOf(value));
            setErrors((current) => ({ ...current, name: null, id: idTouched ? current.id : null }));
          }}
        />
        <TextInput
          label={t("calendars.fields.id")}
          description={t("calendars.fields.idHelp")}
          required
          maxLength={63}
          value={id}
          error={errors.id}
          styles={{ input: { fontFamily: "var(--mantine-font-family-monospace)" } }}
          onChange={(event) => {
            setId(event.currentTarget.value);
            setIdTouched(true);
            setErrors((current) => ({ ...current, id: null }));
          }}
        />
        <Select
          label={t("calendars.fields.timeZone")}
          data={zoneOptions}
          value={timeZone}
          searchable
          allowDeselect={false}
          limit={50}
          nothingFoundMessage={t("common.noMatches")}
          onChange={(value) => value && setTimeZone(value)}
          comboboxProps={{ shadow: "md" }}
        />
        <Select
          label={t("calendars.create.template")}
          description={preview}
          inputWrapperOrder={["label", "input", "description", "error"]}
          data={templateOptions}
          value={template}
          allowDeselect={false}
          onChange={(value) => {
            if (!value) return;
            setTemplate(value);
            const source = copies.find((calendar) => calendar.id === value);
            if (source) setTimeZone(source.timeZone);
          }}
          comboboxProps={{ shadow: "md" }}
        />
        <Text size="xs" c="dimmed">
          {t("calendars.create.help")}
        </Text>
        <FormButtons
          onCancel={onClose}
          submitLabel={t("calendars.create.submit")}
          loading={create.isPending}
        />
      </Stack>
    </form>
  );
};

type ParsedFile =
  | { ok: true; fileName: string; content: Record<string, unknown> }
  | { ok: false; fileName: string; error: string };

const readCalendarFile = async (file: File, t: TFunction): Promise<ParsedFile> => {
  let content: unknown;
  try {
    content = JSON.parse(await file.text());
  } catch {
    return { ok: false, fileName: file.name, error: t("calendars.import.notJson") };
  }
  if (content === null || typeof content !== "object" || Array.isArray(content)) {
    return { ok: false, fileName: file.name, error: t("calendars.import.notCalendar") };
  }
  return { ok: true, fileName: file.name, content: content as Record<string, unknown> };
};

/** What the file says, before it is sent: its name, zone and hours (the server checks it all). */
const FilePreview = ({ content }: { content: Record<string, unknown> }) => {
  const { t, i18n } = useTranslation();
  const days = weekdayNames(i18n.language, "short");
  const week =
    content.week && typeof content.week === "object" ? (content.week as Calendar["week"]) : undefined;
  let hours: string | null = null;
  try {
    hours = week ? weekSummary(week, days) : null;
  } catch {
    hours = null; // malformed hours: the server will say where
  }
  const text = (value: unknown) => (typeof value === "string" && value ? value : "—");
  const rules = Array.isArray(content.holidayRules) ? content.holidayRules.length : 0;
  const holidays = Array.isArray(content.holidays) ? content.holidays.length : 0;
  return (
    <Paper withBorder radius="md" p="sm" bg="gray.0">
      <Stack gap={2}>
        <Text size="sm" fw={600}>
          {text(content.name)}
        </Text>
        <Text size="xs" c="dimmed">
          {text(content.timeZone)}
        </Text>
        <Text size="xs">{hours ?? t("calendars.noHours")}</Text>
        <Text size="xs" c="dimmed">
          {[
            t("calendars.import.rules", { count: rules }),
            t("calendars.import.dates", { count: holidays }),
          ].join(" · ")}
        </Text>
      </Stack>
    </Paper>
  );
};

/** A calendar from a file in the SPEC §5 format (what export writes and `soporte sla` reads), under a new id. */
export const CalendarImportModal = ({
  opened,
  onClose,
  onCreated,
}: {
  opened: boolean;
  onClose: () => void;
  onCreated: (calendar: Calendar) => void;
}) => {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={t("calendars.import.title")} size="lg">
      {opened && <ImportForm onClose={onClose} onCreated={onCreated} />}
    </Modal>
  );
};

const ImportForm = ({
  onClose,
  onCreated,
}: {
  onClose: () => void;
  onCreated: (calendar: Calendar) => void;
}) => {
  const { t, i18n } = useTranslation();
  const create = useCreateCalendar();
  const [file, setFile] = useState<File | null>(null);
  const [parsed, setParsed] = useState<ParsedFile | null>(null);
  const [id, setId] = useState("");
  const [idError, setIdError] = useState<string | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [failure, setFailure] = useState<{ general: string | null; lines: string[] }>({
    general: null,
    lines: [],
  });

  const choose = async (chosen: File | null) => {
    setFile(chosen);
    setFailure({ general: null, lines: [] });
    setFileError(null);
    if (!chosen) {
      setParsed(null);
      return;
    }
    const result = await readCalendarFile(chosen, t);
    setParsed(result);
    if (!result.ok) setFileError(result.error);
    if (!id) setId(slugOf(chosen.name));
  };

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const badId = validId(id, t);
    setIdError(badId);
    if (!parsed) setFileError(t("calendars.import.chooseFile"));
    if (badId || !parsed?.ok) return;
    setFailure({ general: null, lines: [] });
    // the file's own id (if any) gives way to the one chosen here
    const { id: _fileId, ...content } = parsed.content;
    try {
      const calendar = await create.mutateAsync({ ...(content as Omit<CalendarCreateBody, "id">), id });
      notifySuccess(t("calendars.import.done", { name: calendar.name }));
      onClose();
      onCreated(calendar);
    } catch (error) {
      const split = splitErrors(error, t, weekdayNames(i18n.language, "long"));
      setIdError(split.idError);
      setFailure({
        general: split.idError && split.lines.length === 0 ? null : split.general,
        lines: split.lines,
      });
    }
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          {t("calendars.import.description")}
        </Text>
        <FailureAlert {...failure} />
        <FileInput
          label={t("calendars.import.file")}
          placeholder={t("calendars.import.filePlaceholder")}
          accept="application/json,.json"
          required
          clearable
          leftSection={<IconFileTypeJs size={16} />}
          value={file}
          error={fileError}
          onChange={(chosen) => void choose(chosen)}
        />
        {parsed?.ok && <FilePreview content={parsed.content} />}
        <TextInput
          label={t("calendars.fields.id")}
          description={t("calendars.fields.idHelp")}
          required
          maxLength={63}
          value={id}
          error={idError}
          styles={{ input: { fontFamily: "var(--mantine-font-family-monospace)" } }}
          onChange={(event) => {
            setId(event.currentTarget.value);
            setIdError(null);
          }}
        />
        <Text size="xs" c="dimmed">
          {t("calendars.import.format")}{" "}
          <Code>{'{ "name", "timeZone", "week", "holidays", "holidayRules" }'}</Code>
        </Text>
        <FormButtons
          onCancel={onClose}
          submitLabel={t("calendars.import.submit")}
          loading={create.isPending}
        />
      </Stack>
    </form>
  );
};
