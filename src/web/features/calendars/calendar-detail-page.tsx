import {
  Alert,
  Badge,
  Button,
  Group,
  Loader,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
  Tooltip,
} from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import {
  IconAlertCircle,
  IconCircleCheck,
  IconDownload,
  IconInfoCircle,
  IconLock,
  IconTrash,
} from "@tabler/icons-react";
import { useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate, useParams } from "react-router";
import { ApiError } from "../../app/api-client";
import { useAuth } from "../../app/auth-context";
import { ConfirmModal } from "../../components/confirm-modal";
import { DetailList } from "../../components/detail-list";
import { useFormatters } from "../../components/formatters";
import { PageLoader, QueryError } from "../../components/list-state";
import { describeError, describeProblem, notifySuccess } from "../../components/notify";
import { PageHeader } from "../../components/page-header";
import { SaveBar } from "../../components/save-bar";
import { Section } from "../../components/section";
import {
  type CalendarDraft,
  customRulesOf,
  type DraftErrors,
  draftOf,
  HOLIDAY_PRESET_NAMES,
  isBuiltinCalendar,
  placeServerErrors,
  sameDraft,
  sortDraft,
  timeZones,
  updateBodyOf,
  validateDraft,
  weekdayNames,
} from "./calendar-draft";
import { CalendarWeekEditor } from "./calendar-week-editor";
import { CalendarYearView } from "./calendar-year-view";
import {
  type Calendar,
  calendarExportUrl,
  useCalendar,
  useDeleteCalendar,
  usePlanNames,
  useUpdateCalendar,
} from "./calendars-api";

/** Drops the errors under a path that was just edited. */
const withoutErrors = (errors: DraftErrors, path: string) => {
  const next: DraftErrors = {};
  for (const [key, message] of Object.entries(errors)) {
    if (key !== path && !key.startsWith(`${path}.`)) next[key] = message;
  }
  return next;
};

/** Name, zone, weekly hours and rule sets of two calendars are the same (their single dates aside). */
const sameDefinition = (a: Calendar, b: Calendar) =>
  JSON.stringify([a.name, a.timeZone, a.week, a.holidayRules]) ===
  JSON.stringify([b.name, b.timeZone, b.week, b.holidayRules]);

/** The recomputation of running cases after the last edit: running (with the count so far) or done. */
const RecomputationNotice = ({ recomputation }: { recomputation: Calendar["recomputation"] }) => {
  const { t } = useTranslation();
  const format = useFormatters();
  if (!recomputation) return null;
  const running = recomputation.status === "running";
  return (
    <Alert
      variant="light"
      color={running ? "blue" : "teal"}
      icon={running ? <Loader size={16} /> : <IconCircleCheck size={18} />}
      role="status"
      aria-live="polite"
    >
      <Text size="sm">
        {running
          ? t("calendars.recomputation.running", { count: recomputation.casesRecomputed })
          : t("calendars.recomputation.done", {
              count: recomputation.casesRecomputed,
              date: format.dateTime(recomputation.finishedAt),
            })}
      </Text>
    </Alert>
  );
};

/** Export (everyone who reads calendars) and delete (admins; refused while a plan uses it). */
const HeaderActions = ({ calendar, canWrite }: { calendar: Calendar; canWrite: boolean }) => {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const planNames = usePlanNames();
  const remove = useDeleteCalendar(calendar.id);
  const [confirming, { open, close }] = useDisclosure(false);
  const inUse = calendar.usedByPlans.length > 0;
  const builtin = isBuiltinCalendar(calendar.id);
  return (
    <>
      <Button
        component="a"
        href={calendarExportUrl(calendar.id)}
        download={`${calendar.id}.json`}
        variant="default"
        leftSection={<IconDownload size={16} />}
      >
        {t("calendars.export")}
      </Button>
      {canWrite && !builtin && (
        <Tooltip
          label={t("calendars.delete.inUse", { plans: planNames(calendar.usedByPlans).join(", ") })}
          disabled={!inUse}
          multiline
          w={280}
          withArrow
        >
          <Button
            variant="light"
            color="red"
            leftSection={<IconTrash size={16} />}
            data-disabled={inUse || undefined}
            aria-disabled={inUse || undefined}
            onClick={(event) => {
              if (inUse) event.preventDefault();
              else open();
            }}
          >
            {t("calendars.delete.button")}
          </Button>
        </Tooltip>
      )}
      <ConfirmModal
        opened={confirming}
        title={t("calendars.delete.title", { name: calendar.name })}
        message={t("calendars.delete.message")}
        confirmLabel={t("calendars.delete.confirm")}
        loading={remove.isPending}
        onClose={close}
        onConfirm={async () => {
          await remove.mutateAsync();
          notifySuccess(t("calendars.delete.done", { name: calendar.name }));
          navigate("/calendars", { replace: true });
        }}
      />
    </>
  );
};

/**
 * The calendar's editable part: name, zone, weekly hours and rule sets, saved together with the version
 * read. The year view beside it saves each single date at once; those saves move the version too, and the
 * draft follows them (it does not hold the single dates).
 */
const CalendarEditor = ({
  calendar,
  canWrite,
  reload,
}: {
  calendar: Calendar;
  canWrite: boolean;
  /** Asks the server for the calendar again (after a conflict the cache is behind). */
  reload: () => Promise<Calendar | undefined>;
}) => {
  const { t, i18n } = useTranslation();
  const format = useFormatters();
  const planNames = usePlanNames();
  const update = useUpdateCalendar(calendar.id);
  const readOnly = !canWrite || isBuiltinCalendar(calendar.id);
  const [base, setBase] = useState(calendar);
  const [saved, setSaved] = useState(() => draftOf(calendar));
  const [draft, setDraft] = useState<CalendarDraft>(saved);
  const [errors, setErrors] = useState<DraftErrors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);
  const dirty = !sameDraft(draft, saved);

  const zoneList = useMemo(() => timeZones(), []);
  const zones = useMemo(() => new Set([...zoneList, "UTC", base.timeZone]), [zoneList, base.timeZone]);
  const zoneOptions = useMemo(() => [...zones].sort(), [zones]);

  // a newer calendar from the server: the year view's single dates, a recomputation's progress, or
  // someone else's save; an unsaved draft is kept unless only what it does not hold has changed
  useEffect(() => {
    if (calendar.version === base.version) {
      if (calendar !== base) setBase(calendar);
      return;
    }
    if (sameDefinition(calendar, base)) {
      setBase(calendar);
      return;
    }
    if (!dirty) {
      const next = draftOf(calendar);
      setBase(calendar);
      setSaved(next);
      setDraft(next);
      setErrors({});
      setFailure(null);
      setConflict(false);
    }
  }, [calendar, base, dirty]);

  const edit = (next: CalendarDraft, touched: string) => {
    setDraft(next);
    setErrors((current) => withoutErrors(current, touched));
    setFailure(null);
  };

  const discard = () => {
    setDraft(saved);
    setErrors({});
    setFailure(null);
  };

  const takeLatest = async () => {
    const latest = (await reload()) ?? calendar;
    const next = draftOf(latest);
    setBase(latest);
    setSaved(next);
    setDraft(next);
    setErrors({});
    setFailure(null);
    setConflict(false);
  };

  const submit = async () => {
    const sorted = sortDraft(draft);
    setDraft(sorted);
    const found = validateDraft(sorted, t, zones);
    setErrors(found);
    if (Object.keys(found).length > 0) {
      setFailure(t("calendars.validation.fix"));
      return;
    }
    setFailure(null);
    try {
      const result = await update.mutateAsync(updateBodyOf(sorted, base));
      const next = draftOf(result);
      setBase(result);
      setSaved(next);
      setDraft(next);
      setConflict(false);
      notifySuccess(t("calendars.saved"));
    } catch (error) {
      if (error instanceof ApiError && error.code === "version_conflict") {
        void reload();
        setConflict(true);
        setFailure(t("calendars.conflict.short"));
        return;
      }
      const placed = placeServerErrors(error, t, weekdayNames(i18n.language, "long"));
      setErrors(placed.errors);
      const placedAny = Object.keys(placed.errors).length > 0 || placed.unplaced.length > 0;
      // with errors by field, the reason (which repeats them in English) gives way to the kind of failure
      const general = placedAny ? describeError(error) : describeProblem(error);
      setFailure(placed.unplaced.length ? `${general} ${placed.unplaced.join(" · ")}` : general);
    }
  };

  const customRules = customRulesOf(base.holidayRules);
  const usedBy = planNames(base.usedByPlans);

  return (
    <Stack gap="lg">
      <RecomputationNotice recomputation={calendar.recomputation} />

      <Section title={t("calendars.general.title")}>
        <Stack gap="md">
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <TextInput
              label={t("calendars.fields.name")}
              value={draft.name}
              readOnly={readOnly}
              variant={readOnly ? "filled" : "default"}
              error={errors.name}
              maxLength={200}
              onChange={(event) => edit({ ...draft, name: event.currentTarget.value }, "name")}
            />
            <Select
              label={t("calendars.fields.timeZone")}
              description={readOnly ? undefined : t("calendars.fields.timeZoneHelp")}
              inputWrapperOrder={["label", "input", "description", "error"]}
              data={zoneOptions}
              value={draft.timeZone}
              searchable
              allowDeselect={false}
              readOnly={readOnly}
              variant={readOnly ? "filled" : "default"}
              error={errors.timeZone}
              nothingFoundMessage={t("common.noMatches")}
              limit={50}
              onChange={(value) => value && edit({ ...draft, timeZone: value }, "timeZone")}
              comboboxProps={{ shadow: "md" }}
            />
          </SimpleGrid>
          <DetailList
            cols={3}
            items={[
              {
                label: t("calendars.fields.id"),
                value: (
                  <Text ff="monospace" size="sm">
                    {base.id}
                  </Text>
                ),
              },
              {
                label: t("calendars.fields.plans"),
                value:
                  usedBy.length === 0 ? (
                    t("calendars.noPlans")
                  ) : (
                    <Group gap={4}>
                      {usedBy.map((name) => (
                        <Badge key={name} variant="light" color="gray" radius="sm" tt="none" fw={500}>
                          {name}
                        </Badge>
                      ))}
                    </Group>
                  ),
              },
              {
                label: t("calendars.fields.updatedAt"),
                value: t("calendars.versionLine", {
                  date: format.dateTime(base.updatedAt),
                  version: base.version,
                }),
              },
            ]}
          />
        </Stack>
      </Section>

      <Section title={t("calendars.week.title")} description={t("calendars.week.description")}>
        <CalendarWeekEditor
          week={draft.week}
          errors={errors}
          readOnly={readOnly}
          onChange={(week, touched) => edit({ ...draft, week }, touched)}
        />
      </Section>

      <Section title={t("calendars.rules.title")} description={t("calendars.rules.description")}>
        <Stack gap="md">
          {HOLIDAY_PRESET_NAMES.map((preset) => (
            <Switch
              key={preset}
              label={t(`calendars.presets.${preset}.label`)}
              description={t(`calendars.presets.${preset}.description`)}
              checked={draft.presets[preset]}
              disabled={readOnly}
              onChange={(event) =>
                edit(
                  { ...draft, presets: { ...draft.presets, [preset]: event.currentTarget.checked } },
                  "holidayRules",
                )
              }
            />
          ))}
          {customRules.length > 0 && (
            <Text size="sm" c="dimmed">
              {t("calendars.rules.custom", {
                count: customRules.length,
                names: customRules
                  .map((rule) => (typeof rule.name === "string" ? rule.name : String(rule.kind ?? "?")))
                  .join(", "),
              })}
            </Text>
          )}
          {errors.holidayRules && (
            <Text size="sm" c="red.8" role="alert">
              {errors.holidayRules}
            </Text>
          )}
        </Stack>
      </Section>

      {!readOnly && (
        <>
          {conflict && (
            <Alert variant="light" color="orange" icon={<IconAlertCircle size={18} />} role="alert">
              <Text size="sm">{t("calendars.conflict.message")}</Text>
              <Button variant="white" color="orange" size="xs" mt="xs" onClick={() => void takeLatest()}>
                {t("calendars.conflict.reload")}
              </Button>
            </Alert>
          )}
          <SaveBar
            dirty={dirty}
            saving={update.isPending}
            failure={failure}
            onDiscard={discard}
            onSave={submit}
          />
        </>
      )}

      <Section
        title={t("calendars.year.title")}
        description={
          canWrite && !isBuiltinCalendar(calendar.id)
            ? t("calendars.year.descriptionAdmin")
            : t("calendars.year.description")
        }
      >
        {JSON.stringify(draft.presets) !== JSON.stringify(saved.presets) && (
          <Text size="xs" c="orange.8" mb="sm">
            {t("calendars.year.unsavedRules")}
          </Text>
        )}
        <CalendarYearView calendar={calendar} canWrite={canWrite && !isBuiltinCalendar(calendar.id)} />
      </Section>
    </Stack>
  );
};

/** One business calendar (SPEC §5): admins edit it, other staff read it. */
export const CalendarDetailPage = () => {
  const { t } = useTranslation();
  const { calendarId = "" } = useParams();
  const { can } = useAuth();
  const query = useCalendar(calendarId);
  const canWrite = can("calendars:write");
  const calendar = query.data;

  if (query.isPending) return <PageLoader />;
  if (query.isError || !calendar) return <QueryError error={query.error} onRetry={query.refetch} />;

  const builtin = isBuiltinCalendar(calendar.id);
  return (
    <>
      <PageHeader
        title={calendar.name}
        description={`${calendar.id} · ${calendar.timeZone}`}
        back={{ to: "/calendars", label: t("calendars.back") }}
        actions={<HeaderActions calendar={calendar} canWrite={canWrite} />}
      />
      <Stack gap="lg">
        {builtin ? (
          <Alert variant="light" color="gray" icon={<IconLock size={18} />}>
            {t("calendars.builtin")}
          </Alert>
        ) : (
          !canWrite && (
            <Alert variant="light" color="gray" icon={<IconInfoCircle size={18} />}>
              {t("calendars.readOnly")}
            </Alert>
          )
        )}
        {/* set up once per calendar: a refetch in the background does not wipe unsaved input */}
        <CalendarEditor
          key={calendar.id}
          calendar={calendar}
          canWrite={canWrite}
          reload={async () => (await query.refetch()).data}
        />
      </Stack>
    </>
  );
};
