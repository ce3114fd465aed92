import { Badge, Button, Group, MultiSelect, NumberInput, Table, Text } from "@mantine/core";
import { IconPlus, IconTrash } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { ActionsHeader } from "../../components/data-table";
import { RowAction } from "../../components/row-action";
import {
  type DraftErrors,
  MAX_LEVEL,
  MAX_PERCENT,
  nextStep,
  type StepDraft,
  type StepField,
  stepPath,
} from "./escalation-draft";
import { ESCALATION_AUDIENCE_VALUES, isAudience, useEscalationText } from "./escalation-text";

/** Warning yellow, escalation levels red: the same colours as the badges on cases. */
export const StepBadge = ({ level }: { level: number | string }) => {
  const { t } = useTranslation();
  const text = useEscalationText();
  if (typeof level !== "number" || !Number.isInteger(level)) {
    return (
      <Badge variant="default" radius="sm" tt="none" fw={500} miw="max-content">
        {t("escalation.stepName.unknown")}
      </Badge>
    );
  }
  return (
    <Badge
      variant="light"
      color={level === 0 ? "yellow" : "red"}
      radius="sm"
      tt="none"
      fw={600}
      miw="max-content"
      c={level === 0 ? "yellow.9" : undefined}
    >
      {text.stepName(level)}
    </Badge>
  );
};

/** "Con un objetivo de 4 horas: aviso a las 3 h · nivel 1 a las 4 h · nivel 2 a las 6 h." */
const ExampleLine = ({ steps }: { steps: readonly StepDraft[] }) => {
  const { t, i18n } = useTranslation();
  const hours = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 1 });
  const parts = steps
    .filter(
      (step) =>
        typeof step.level === "number" &&
        Number.isInteger(step.level) &&
        typeof step.percent === "number" &&
        step.percent > 0,
    )
    .map((step) => {
      const at = hours.format((4 * (step.percent as number)) / 100);
      return step.level === 0
        ? t("escalation.example.warning", { hours: at })
        : t("escalation.example.level", { level: step.level, hours: at });
    });
  if (parts.length === 0) return null;
  return (
    <Text size="xs" c="dimmed" mt="sm">
      {t("escalation.example.line", { steps: parts.join(" · ") })}
    </Text>
  );
};

/**
 * The steps of one escalation plan as a table of inputs: level, share of the target, who is told.
 * Errors come keyed by path (`<planPath>.<index>.<field>`) and show under their field.
 */
export const EscalationStepsEditor = ({
  planPath,
  label,
  steps,
  errors,
  readOnly,
  onChange,
}: {
  planPath: string;
  /** Names the table for screen readers ("Plan predeterminado"). */
  label: string;
  steps: StepDraft[];
  errors: DraftErrors;
  readOnly: boolean;
  onChange: (steps: StepDraft[], touched?: string) => void;
}) => {
  const { t } = useTranslation();
  const text = useEscalationText();
  const audienceOptions = ESCALATION_AUDIENCE_VALUES.map((value) => ({ value, label: text.audience(value) }));
  const errorOf = (index: number, field: StepField) => errors[stepPath(planPath, index, field)];
  const update = (index: number, field: StepField, value: StepDraft[StepField]) =>
    onChange(
      steps.map((step, i) => (i === index ? { ...step, [field]: value } : step)),
      stepPath(planPath, index, field),
    );
  const planError = errors[planPath];

  return (
    <>
      <Table.ScrollContainer minWidth={680}>
        <Table aria-label={label} highlightOnHover={false} verticalSpacing="xs" className="soporte-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={170}>{t("escalation.fields.step")}</Table.Th>
              <Table.Th w={110}>{t("escalation.fields.level")}</Table.Th>
              <Table.Th w={150}>{t("escalation.fields.percent")}</Table.Th>
              <Table.Th>{t("escalation.fields.audiences")}</Table.Th>
              {!readOnly && <ActionsHeader />}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {steps.map((step, index) => {
              const name =
                typeof step.level === "number" ? text.stepName(step.level) : t("escalation.stepName.unknown");
              return (
                <Table.Tr key={step.key} style={{ verticalAlign: "top" }}>
                  <Table.Td pt={14}>
                    <StepBadge level={step.level} />
                  </Table.Td>
                  <Table.Td>
                    <NumberInput
                      aria-label={t("escalation.fieldsFor.level", { step: index + 1 })}
                      min={0}
                      max={MAX_LEVEL}
                      allowDecimal={false}
                      allowNegative={false}
                      clampBehavior="none"
                      value={step.level}
                      readOnly={readOnly}
                      variant={readOnly ? "filled" : "default"}
                      error={errorOf(index, "level")}
                      onChange={(value) => update(index, "level", value)}
                    />
                  </Table.Td>
                  <Table.Td>
                    <NumberInput
                      aria-label={t("escalation.fieldsFor.percent", { step: index + 1 })}
                      min={1}
                      max={MAX_PERCENT}
                      allowDecimal={false}
                      allowNegative={false}
                      clampBehavior="none"
                      rightSection={
                        <Text size="sm" c="dimmed">
                          %
                        </Text>
                      }
                      rightSectionPointerEvents="none"
                      value={step.percent}
                      readOnly={readOnly}
                      variant={readOnly ? "filled" : "default"}
                      error={errorOf(index, "percent")}
                      onChange={(value) => update(index, "percent", value)}
                    />
                  </Table.Td>
                  <Table.Td>
                    <MultiSelect
                      aria-label={t("escalation.fieldsFor.audiences", { step: index + 1 })}
                      data={audienceOptions}
                      value={step.audiences}
                      placeholder={
                        step.audiences.length === 0 ? t("escalation.audiencesPlaceholder") : undefined
                      }
                      readOnly={readOnly}
                      variant={readOnly ? "filled" : "default"}
                      error={errorOf(index, "audiences")}
                      onChange={(values) => update(index, "audiences", values.filter(isAudience))}
                      comboboxProps={{ shadow: "md" }}
                    />
                  </Table.Td>
                  {!readOnly && (
                    <Table.Td pt={10}>
                      <RowAction
                        tooltip={t("escalation.removeStep", { step: name })}
                        label={t("escalation.removeStep", { step: name })}
                        color="red"
                        openDelay={300}
                        onClick={() =>
                          onChange(
                            steps.filter((_, i) => i !== index),
                            planPath,
                          )
                        }
                      >
                        <IconTrash size={16} />
                      </RowAction>
                    </Table.Td>
                  )}
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {planError && (
        <Text size="sm" c="red.8" mt="xs" role="alert">
          {planError}
        </Text>
      )}
      <Group justify="space-between" align="flex-start" mt="sm" gap="sm">
        <ExampleLine steps={steps} />
        {!readOnly && steps.length < MAX_LEVEL + 1 && (
          <Button
            variant="subtle"
            size="xs"
            leftSection={<IconPlus size={14} />}
            onClick={() => onChange([...steps, nextStep(steps)], planPath)}
          >
            {t("escalation.addStep")}
          </Button>
        )}
      </Group>
    </>
  );
};
