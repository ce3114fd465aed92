import {
  Alert,
  Badge,
  Checkbox,
  Group,
  NumberInput,
  Paper,
  Radio,
  Select,
  SimpleGrid,
  Slider,
  Stack,
  Text,
  Textarea,
  TextInput,
  ThemeIcon,
} from "@mantine/core";
import type { UseFormReturnType } from "@mantine/form";
import {
  IconAlertTriangle,
  IconBulb,
  IconCircleCheck,
  IconClockPause,
  IconSpeakerphone,
} from "@tabler/icons-react";
import type { TFunction } from "i18next";
import { type ReactNode, useId } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { ENVIRONMENTS, type Environment } from "../../../api/catalog";
import type { Language } from "../../../api/roles";
import { EnvironmentBadge } from "../../components/environment-badge";
import { PriorityBadge } from "./case-badges";
import { suggestPriority } from "./case-rules";
import {
  CHECKLIST_ITEM_VALUES,
  type ChecklistItem,
  type CreateCaseBody,
  type Entitlement,
  PRIORITY_VALUES,
  type Priority,
} from "./cases-api";

export const MAX_SUBJECT = 300;
export const MAX_DESCRIPTION = 50_000;

/** The case form of the portal and of the phone log. */
export const intakeFormSchema = (t: TFunction) =>
  z.object({
    systemId: z.string().nullable().refine(Boolean, t("cases.intake.validation.system")),
    checklist: z
      .record(z.string(), z.boolean())
      .refine(
        (checklist) => CHECKLIST_ITEM_VALUES.every((item) => checklist[item] === true),
        t("cases.intake.validation.checklist"),
      ),
    subject: z
      .string()
      .refine((value) => value.trim().length > 0, t("validation.required"))
      .refine((value) => value.trim().length <= MAX_SUBJECT, t("validation.tooLong", { max: MAX_SUBJECT })),
    description: z
      .string()
      .refine((value) => value.trim().length > 0, t("cases.intake.validation.description"))
      .refine((value) => value.length <= MAX_DESCRIPTION, t("validation.tooLong", { max: MAX_DESCRIPTION })),
    environment: z.enum(ENVIRONMENTS),
    installedVersion: z
      .string()
      .refine((value) => value.trim().length <= 40, t("validation.tooLong", { max: 40 })),
    affectedPercent: z
      .union([z.number(), z.string()])
      .refine(
        (value) => typeof value === "number" && value >= 0 && value <= 100,
        t("cases.intake.validation.percent"),
      ),
    canKeepWorking: z.enum(["yes", "no", ""]).refine(Boolean, t("cases.intake.validation.canKeepWorking")),
    proposedPriority: z.string().nullable(),
  });

export type IntakeFormValues = z.infer<ReturnType<typeof intakeFormSchema>>;
export type IntakeForm = UseFormReturnType<IntakeFormValues>;
export const INTAKE_FIELDS = [
  "systemId",
  "checklist",
  "subject",
  "description",
  "environment",
  "installedVersion",
  "affectedPercent",
  "canKeepWorking",
  "proposedPriority",
] as const;

export const initialIntakeValues = (): IntakeFormValues => ({
  systemId: null,
  checklist: Object.fromEntries(CHECKLIST_ITEM_VALUES.map((item) => [item, false])),
  subject: "",
  description: "",
  environment: "production",
  installedVersion: "",
  affectedPercent: "",
  canKeepWorking: "",
  proposedPriority: null,
});

/** The body of POST /cases; `requesterId` only when staff log a call. */
export const toCreateCaseBody = (values: IntakeFormValues, requesterId?: string): CreateCaseBody => ({
  systemId: values.systemId ?? "",
  subject: values.subject.trim(),
  description: values.description.trim(),
  environment: values.environment,
  ...(values.installedVersion.trim() ? { installedVersion: values.installedVersion.trim() } : {}),
  affectedPercent: Number(values.affectedPercent),
  canKeepWorking: values.canKeepWorking === "yes",
  checklist: Object.fromEntries(CHECKLIST_ITEM_VALUES.map((item) => [item, true])) as Record<
    ChecklistItem,
    true
  >,
  ...(values.proposedPriority ? { proposedPriority: values.proposedPriority as Priority } : {}),
  ...(requesterId ? { requesterId } : {}),
});

/** After a refused submit, bring the first message into view (the form is long). */
export const scrollToFirstError = () =>
  window.requestAnimationFrame(() =>
    document
      .querySelector(".mantine-InputWrapper-error")
      ?.scrollIntoView({ block: "center", behavior: "smooth" }),
  );

/** The suggestion for what has been filled in so far, or null while the impact is incomplete. */
export const suggestionOf = (values: IntakeFormValues): Priority | null =>
  typeof values.affectedPercent === "number" && values.canKeepWorking
    ? suggestPriority({
        environment: values.environment,
        affectedPercent: values.affectedPercent,
        canKeepWorking: values.canKeepWorking === "yes",
      })
    : null;

/** A numbered card of the form. */
export const FormStep = ({
  step,
  title,
  description,
  children,
  label,
}: {
  step: number;
  title: string;
  description?: ReactNode;
  children: ReactNode;
  label?: string;
}) => (
  <Paper p={{ base: "md", sm: "lg" }} radius="md" component="section" aria-label={label ?? title}>
    <Group gap="sm" mb="md" wrap="nowrap" align="flex-start">
      <ThemeIcon radius="xl" size={28} variant="filled" aria-hidden>
        <Text size="sm" fw={700}>
          {step}
        </Text>
      </ThemeIcon>
      <Stack gap={2} style={{ minWidth: 0 }}>
        <Text fw={650} size="lg" lh={1.3}>
          {title}
        </Text>
        {description && (
          <Text size="sm" c="dimmed">
            {description}
          </Text>
        )}
      </Stack>
    </Group>
    {children}
  </Paper>
);

/** The brochure's precondition: each associated component works and has its own current support. */
export const ChecklistFields = ({ form, phone = false }: { form: IntakeForm; phone?: boolean }) => {
  const { t } = useTranslation();
  const error = form.errors.checklist;
  return (
    <Checkbox.Group
      label={phone ? t("cases.intake.checklistQuestionPhone") : t("cases.intake.checklistQuestion")}
      description={t("cases.intake.checklistHelp")}
      value={CHECKLIST_ITEM_VALUES.filter((item) => form.values.checklist[item])}
      onChange={(checked) => {
        form.setFieldValue(
          "checklist",
          Object.fromEntries(CHECKLIST_ITEM_VALUES.map((item) => [item, checked.includes(item)])),
        );
        form.clearFieldError("checklist");
      }}
      error={error}
      required
    >
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs" mt="sm">
        {CHECKLIST_ITEM_VALUES.map((item) => (
          <Checkbox
            key={item}
            value={item}
            label={t(`cases.checklist.${item}`)}
            styles={{ label: { fontWeight: 500 } }}
          />
        ))}
      </SimpleGrid>
    </Checkbox.Group>
  );
};

/** The live suggestion from the reported impact (the specialist decides at triage). */
export const SuggestedPriority = ({ form }: { form: IntakeForm }) => {
  const { t } = useTranslation();
  const suggestion = suggestionOf(form.values);
  return (
    <Paper
      withBorder
      p="sm"
      radius="md"
      bg="gray.0"
      aria-live="polite"
      aria-label={t("cases.intake.suggested")}
    >
      <Group gap="sm" wrap="nowrap" align="flex-start">
        <ThemeIcon variant="light" radius="xl" color="yellow">
          <IconBulb size={18} />
        </ThemeIcon>
        <Stack gap={2} style={{ minWidth: 0 }}>
          <Text size="xs" c="dimmed" fw={600} tt="uppercase" style={{ letterSpacing: 0.4 }}>
            {t("cases.intake.suggested")}
          </Text>
          {suggestion ? (
            <Group gap="xs" wrap="nowrap" align="flex-start">
              <PriorityBadge priority={suggestion} size="lg" />
              <Text size="sm">{t(`cases.priorities.${suggestion}`)}</Text>
            </Group>
          ) : (
            <Text size="sm" c="dimmed">
              {t("cases.intake.suggestedEmpty")}
            </Text>
          )}
          <Text size="xs" c="dimmed">
            {t("cases.intake.suggestedHelp")}
          </Text>
        </Stack>
      </Group>
    </Paper>
  );
};

/** Subject, description, where and how badly: the impact that suggests the priority. */
export const ProblemFields = ({
  form,
  proposePriority = false,
}: {
  form: IntakeForm;
  proposePriority?: boolean;
}) => {
  const { t, i18n } = useTranslation();
  const affected = form.values.affectedPercent;
  // "10 %" in Spanish, "10%" in English
  const percentFormat = new Intl.NumberFormat(i18n.language, { style: "percent", maximumFractionDigits: 0 });
  const percent = (value: number) => percentFormat.format(value / 100);
  const percentSuffix = percent(0).replace(/^0/, "");
  return (
    <Stack gap="lg">
      <TextInput
        label={t("cases.fields.subject")}
        description={t("cases.intake.subjectHelp")}
        required
        maxLength={MAX_SUBJECT}
        {...form.getInputProps("subject")}
      />
      <Textarea
        label={t("cases.fields.description")}
        description={t("cases.intake.descriptionHelp")}
        required
        autosize
        minRows={4}
        maxRows={14}
        {...form.getInputProps("description")}
      />
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg">
        <Select
          label={t("cases.fields.environment")}
          description={t("cases.intake.environmentHelp")}
          allowDeselect={false}
          data={ENVIRONMENTS.map((value: Environment) => ({ value, label: t(`environments.${value}`) }))}
          {...form.getInputProps("environment")}
        />
        <TextInput
          label={t("cases.fields.installedVersion")}
          description={t("cases.intake.versionHelp")}
          maxLength={40}
          {...form.getInputProps("installedVersion")}
        />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg">
        <Stack gap={6}>
          <NumberInput
            label={t("cases.fields.affectedPercent")}
            description={t("cases.intake.affectedHelp")}
            required
            min={0}
            max={100}
            clampBehavior="strict"
            allowDecimal={false}
            suffix={percentSuffix}
            {...form.getInputProps("affectedPercent")}
          />
          <Slider
            aria-label={t("cases.fields.affectedPercent")}
            value={typeof affected === "number" ? affected : 0}
            onChange={(value) => form.setFieldValue("affectedPercent", value)}
            marks={[
              { value: 10, label: percent(10) },
              { value: 50, label: percent(50) },
              { value: 100, label: percent(100) },
            ]}
            label={percent}
            mb="lg"
            mx={4}
          />
        </Stack>
        <Radio.Group
          label={t("cases.fields.canKeepWorking")}
          description={t("cases.intake.canKeepWorkingHelp")}
          required
          {...form.getInputProps("canKeepWorking")}
        >
          <Stack gap="xs" mt="xs">
            <Radio value="yes" label={t("cases.intake.canKeepWorkingYes")} />
            <Radio value="no" label={t("cases.intake.canKeepWorkingNo")} />
          </Stack>
        </Radio.Group>
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, sm: proposePriority ? 2 : 1 }} spacing="lg">
        <SuggestedPriority form={form} />
        {proposePriority && (
          <Select
            label={t("cases.fields.proposedPriority")}
            description={t("cases.intake.proposedHelp")}
            placeholder={t("cases.intake.proposedPlaceholder")}
            clearable
            data={PRIORITY_VALUES.map((value) => ({
              value,
              label: `${value} · ${t(`cases.prioritiesShort.${value}`)}`,
            }))}
            {...form.getInputProps("proposedPriority")}
          />
        )}
      </SimpleGrid>
    </Stack>
  );
};

const OUTCOME_ICON = {
  accepted: <IconCircleCheck size={16} />,
  held_po_required: <IconClockPause size={16} />,
  refused_not_authorized: <IconAlertTriangle size={16} />,
  refused_unknown: <IconAlertTriangle size={16} />,
} as const;
const OUTCOME_COLOR = {
  accepted: "teal",
  held_po_required: "orange",
  refused_not_authorized: "red",
  refused_unknown: "red",
} as const;

export const OutcomeBadge = ({ entitlement }: { entitlement: Entitlement }) => {
  const { t } = useTranslation();
  return (
    <Badge
      miw="max-content"
      variant="light"
      color={OUTCOME_COLOR[entitlement.outcome]}
      radius="sm"
      tt="none"
      fw={600}
      leftSection={OUTCOME_ICON[entitlement.outcome]}
    >
      {t(`cases.outcomes.${entitlement.outcome}`)}
    </Badge>
  );
};

/** The polite text for an intake message key, in a given language (the caller's, on the phone). */
export const useIntakeMessage = () => {
  const { t } = useTranslation();
  return (key: string | null, language?: Language) => {
    const known = [
      "intake.refused.notAuthorized",
      "intake.held.purchaseOrderRequired",
      "intake.refused.unknownSender",
      "intake.refused.unknownSystem",
    ] as const;
    const match = known.find((candidate) => candidate === key);
    if (!match) return t("intake.refused.notAuthorized", language ? { lng: language } : undefined);
    return t(match, language ? { lng: language } : undefined);
  };
};

/**
 * The systems of the organization as choices. In the portal a refused system cannot be chosen; on the
 * phone every system can, so that the specialist sees what to read out.
 */
export const SystemChoice = ({
  entitlements,
  form,
  mode,
  onPick,
}: {
  entitlements: Entitlement[];
  form: IntakeForm;
  mode: "portal" | "phone";
  onPick: (entitlement: Entitlement) => void;
}) => {
  const { t } = useTranslation();
  const message = useIntakeMessage();
  const idPrefix = useId();
  return (
    <Radio.Group
      value={form.values.systemId}
      onChange={(value) => {
        const picked = entitlements.find((item) => item.systemId === value);
        if (picked) onPick(picked);
      }}
      error={form.errors.systemId}
      label={t("cases.fields.system")}
      required
    >
      <Stack gap="xs" mt="xs">
        {entitlements.map((entitlement) => {
          const refused =
            entitlement.outcome === "refused_not_authorized" || entitlement.outcome === "refused_unknown";
          const disabled = mode === "portal" && refused;
          return (
            <Radio.Card
              key={entitlement.systemId}
              value={entitlement.systemId}
              disabled={disabled}
              radius="md"
              p="sm"
              aria-label={entitlement.systemName}
              aria-describedby={`${idPrefix}-${entitlement.systemId}`}
              style={disabled ? { opacity: 0.75, cursor: "not-allowed" } : undefined}
            >
              <Group wrap="nowrap" align="flex-start" gap="sm">
                <Radio.Indicator disabled={disabled} mt={2} />
                <Stack gap={4} style={{ minWidth: 0, flex: 1 }} id={`${idPrefix}-${entitlement.systemId}`}>
                  <Group gap="xs" justify="space-between">
                    <Text fw={600} size="sm">
                      {entitlement.systemName}
                    </Text>
                    <OutcomeBadge entitlement={entitlement} />
                  </Group>
                  <Group gap={6}>
                    <Text size="xs" c="dimmed">
                      {entitlement.productName}
                    </Text>
                    <EnvironmentBadge environment={entitlement.environment} />
                    {entitlement.contractNumber && (
                      <Text size="xs" c="dimmed">
                        {t("cases.intake.coveredBy", {
                          number: entitlement.contractNumber,
                          plan: entitlement.planName ?? "—",
                        })}
                      </Text>
                    )}
                  </Group>
                  {/* on the phone the refusal is read out from the box below */}
                  {entitlement.outcome !== "accepted" && !(mode === "phone" && refused) && (
                    <Text size="xs" c={refused ? "red.8" : "orange.8"}>
                      {message(entitlement.messageKey)}
                    </Text>
                  )}
                </Stack>
              </Group>
            </Radio.Card>
          );
        })}
      </Stack>
    </Radio.Group>
  );
};

/** On the phone: the polite refusal to read out to the caller, in their language. */
export const RefusalScript = ({ text, name }: { text: string; name: string }) => {
  const { t } = useTranslation();
  return (
    <Alert
      color="red"
      variant="light"
      radius="md"
      icon={<IconSpeakerphone size={20} />}
      title={t("cases.phone.readOut", { name })}
      role="alert"
    >
      <Text size="md" fw={500} style={{ lineHeight: 1.5 }}>
        «{text}»
      </Text>
      <Text size="xs" c="dimmed" mt="xs">
        {t("cases.phone.refusalHint")}
      </Text>
    </Alert>
  );
};
