import { Alert, Button, Group, Paper, Select, Stack, Text, Title } from "@mantine/core";
import { IconAlertCircle, IconInfoCircle, IconPlus, IconTrash } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useAuth } from "../../app/auth-context";
import { PageLoader, QueryError } from "../../components/list-state";
import { describeError, notifySuccess } from "../../components/notify";
import { PageHeader } from "../../components/page-header";
import { SaveBar } from "../../components/save-bar";
import { Section } from "../../components/section";
import { PRIORITY_VALUES, type Priority } from "../cases/cases-api";
import { usePlans } from "../plans/plans-api";
import {
  type EscalationSettingsView,
  useEscalationSettings,
  useSaveEscalationSettings,
} from "./escalation-api";
import {
  addOverride,
  copySteps,
  DEFAULT_PATH,
  type DraftErrors,
  draftOf,
  type EscalationDraft,
  overridePath,
  placeServerErrors,
  type StepDraft,
  sameSettings,
  settingsOf,
  sortDraft,
  validateDraft,
} from "./escalation-draft";
import { EscalationStepsEditor } from "./escalation-steps-editor";

const isPriority = (value: string | null): value is Priority =>
  (PRIORITY_VALUES as readonly (string | null)[]).includes(value);

/** Drops the errors under a path that was just edited (the field, or a whole plan when rows moved). */
const withoutErrors = (errors: DraftErrors, path: string | undefined) => {
  if (!path) return errors;
  const next: DraftErrors = {};
  for (const [key, message] of Object.entries(errors)) {
    if (key !== path && !key.startsWith(`${path}.`)) next[key] = message;
  }
  return next;
};

/** Picks a service plan and a priority that have no plan of their own yet, and adds one. */
const AddOverride = ({
  planIds,
  planName,
  taken,
  onAdd,
}: {
  planIds: readonly string[];
  planName: (id: string) => string;
  taken: (planId: string, priority: Priority) => boolean;
  onAdd: (planId: string, priority: Priority) => void;
}) => {
  const { t } = useTranslation();
  const [planId, setPlanId] = useState<string | null>(null);
  const [priority, setPriority] = useState<Priority | null>(null);
  const free = planIds.some((id) => PRIORITY_VALUES.some((p) => !taken(id, p)));
  if (!free) return null;
  return (
    <Paper p="md" radius="md" bg="gray.0" withBorder={false}>
      <Text size="sm" fw={600} mb="xs">
        {t("escalation.overrides.add")}
      </Text>
      <Group gap="sm" align="flex-end">
        <Select
          label={t("escalation.overrides.plan")}
          placeholder={t("escalation.overrides.choosePlan")}
          data={planIds.map((id) => ({ value: id, label: planName(id) }))}
          value={planId}
          onChange={(value) => {
            setPlanId(value);
            if (value && priority && taken(value, priority)) setPriority(null);
          }}
          w={220}
        />
        <Select
          label={t("escalation.overrides.priority")}
          placeholder={t("escalation.overrides.choosePriority")}
          data={PRIORITY_VALUES.map((p) => ({
            value: p,
            label: `${p} · ${t(`cases.prioritiesShort.${p}`)}`,
            disabled: planId !== null && taken(planId, p),
          }))}
          value={priority}
          onChange={(value) => setPriority(isPriority(value) ? value : null)}
          w={280}
        />
        <Button
          variant="light"
          leftSection={<IconPlus size={16} />}
          disabled={!planId || !priority || taken(planId, priority)}
          onClick={() => {
            if (!planId || !priority) return;
            onAdd(planId, priority);
            setPriority(null);
          }}
        >
          {t("escalation.overrides.addButton")}
        </Button>
      </Group>
      <Text size="xs" c="dimmed" mt="xs">
        {t("escalation.overrides.addHelp")}
      </Text>
    </Paper>
  );
};

const EscalationEditor = ({ view, canWrite }: { view: EscalationSettingsView; canWrite: boolean }) => {
  const { t } = useTranslation();
  const plans = usePlans();
  const save = useSaveEscalationSettings();
  const [saved, setSaved] = useState(() => draftOf(view, view.planIds));
  const [draft, setDraft] = useState<EscalationDraft>(saved);
  const [errors, setErrors] = useState<DraftErrors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const dirty = !sameSettings(draft, saved);
  const readOnly = !canWrite;

  const planName = (id: string) => plans.data?.items.find((plan) => plan.id === id)?.name ?? id;
  const overrideTitle = (planId: string, priority: Priority) =>
    t("escalation.overrides.title", { plan: planName(planId), priority });
  const taken = (planId: string, priority: Priority) =>
    draft.overrides.some((o) => o.planId === planId && o.priority === priority);

  const edit = (next: EscalationDraft, touched?: string) => {
    setDraft(next);
    setErrors((current) => withoutErrors(current, touched));
    setFailure(null);
  };
  const setDefault = (steps: StepDraft[], touched?: string) => edit({ ...draft, default: steps }, touched);
  const setOverride = (index: number) => (steps: StepDraft[], touched?: string) =>
    edit(
      { ...draft, overrides: draft.overrides.map((o, i) => (i === index ? { ...o, steps } : o)) },
      touched,
    );

  const discard = () => {
    setDraft(saved);
    setErrors({});
    setFailure(null);
  };

  const submit = async () => {
    const sorted = sortDraft(draft);
    setDraft(sorted);
    const found = validateDraft(sorted, t);
    setErrors(found);
    if (Object.keys(found).length > 0) {
      setFailure(t("escalation.validation.fix"));
      return;
    }
    setFailure(null);
    try {
      const result = await save.mutateAsync(settingsOf(sorted));
      const next = draftOf(result, result.planIds);
      setSaved(next);
      setDraft(next);
      notifySuccess(t("escalation.saved"));
    } catch (error) {
      const placed = placeServerErrors(sorted, error);
      setErrors(placed.errors);
      const general = describeError(error);
      setFailure(placed.unplaced.length ? `${general} ${placed.unplaced.join(" · ")}` : general);
    }
  };

  return (
    <Stack gap="lg">
      <Section title={t("escalation.default.title")} description={t("escalation.default.description")}>
        <EscalationStepsEditor
          planPath={DEFAULT_PATH}
          label={t("escalation.default.title")}
          steps={draft.default}
          errors={errors}
          readOnly={readOnly}
          onChange={setDefault}
        />
      </Section>

      <Section
        title={t("escalation.overrides.sectionTitle")}
        description={t("escalation.overrides.description")}
      >
        <Stack gap="md">
          {draft.overrides.length === 0 && (
            <Text size="sm" c="dimmed">
              {t("escalation.overrides.empty")}
            </Text>
          )}
          {draft.overrides.map((override, index) => {
            const path = overridePath(override.planId, override.priority);
            const title = overrideTitle(override.planId, override.priority);
            return (
              <Paper key={path} p="md" radius="md" component="section" aria-label={title}>
                <Group justify="space-between" mb="sm" gap="sm">
                  <Title order={4} fz="md">
                    {title}
                  </Title>
                  {!readOnly && (
                    <Button
                      variant="subtle"
                      color="red"
                      size="xs"
                      leftSection={<IconTrash size={14} />}
                      aria-label={t("escalation.overrides.removeNamed", { name: title })}
                      onClick={() =>
                        edit({ ...draft, overrides: draft.overrides.filter((_, i) => i !== index) }, path)
                      }
                    >
                      {t("escalation.overrides.remove")}
                    </Button>
                  )}
                </Group>
                <EscalationStepsEditor
                  planPath={path}
                  label={title}
                  steps={override.steps}
                  errors={errors}
                  readOnly={readOnly}
                  onChange={setOverride(index)}
                />
              </Paper>
            );
          })}
          {!readOnly && (
            <AddOverride
              planIds={view.planIds}
              planName={planName}
              taken={taken}
              onAdd={(planId, priority) =>
                edit(addOverride(draft, { planId, priority, steps: copySteps(draft.default) }, view.planIds))
              }
            />
          )}
        </Stack>
      </Section>

      {!readOnly && (
        <SaveBar
          dirty={dirty}
          saving={save.isPending}
          failure={failure}
          onDiscard={discard}
          onSave={submit}
        />
      )}
    </Stack>
  );
};

/** The escalation plans (SPEC §4): admins edit them, other staff read them. */
export const EscalationPage = () => {
  const { t } = useTranslation();
  const { can } = useAuth();
  const settings = useEscalationSettings();
  const canWrite = can("escalation:write");

  return (
    <>
      <PageHeader title={t("escalation.title")} description={t("escalation.description")} />
      <Stack gap="lg">
        <Alert variant="light" color="brand" icon={<IconInfoCircle size={18} />}>
          <Text size="sm">{t("escalation.howItWorks")}</Text>
          <Text size="sm" mt={6}>
            {t("escalation.howLevelsWork")}
          </Text>
        </Alert>
        {!canWrite && (
          <Alert variant="light" color="gray" icon={<IconAlertCircle size={18} />}>
            {t("escalation.readOnly")}
          </Alert>
        )}
        {settings.isPending ? (
          <PageLoader />
        ) : settings.isError ? (
          <QueryError error={settings.error} onRetry={settings.refetch} />
        ) : (
          // set up once from the first answer: a refetch in the background does not wipe unsaved input
          <EscalationEditor view={settings.data} canWrite={canWrite} />
        )}
      </Stack>
    </>
  );
};
