import { Button, Group, Paper, SegmentedControl, Stack, Text, Textarea, ThemeIcon } from "@mantine/core";
import { IconFlag } from "@tabler/icons-react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { FormAlert } from "../../components/form-alert";
import { useFormatters } from "../../components/formatters";
import { notifySuccess } from "../../components/notify";
import { PriorityBadge, VersionSupportBadge } from "./case-badges";
import { useCaseErrors } from "./case-errors";
import { type Case, PRIORITY_VALUES, type Priority, useTriage } from "./cases-api";

/**
 * What the customer reported, in words: "Producción · 100 % de los usuarios · no pueden trabajar".
 * A case opened by email asked no such questions: its impact reads as not reported, not as "0 %".
 */
export const useImpactText = () => {
  const { t } = useTranslation();
  return (kase: Pick<Case, "environment" | "affectedPercent" | "canKeepWorking" | "channel">) =>
    kase.channel === "email"
      ? [t(`environments.${kase.environment}`), t("cases.impact.notReportedByEmail")].join(" · ")
      : [
          t(`environments.${kase.environment}`),
          t("cases.impact.affected", { percent: kase.affectedPercent }),
          kase.canKeepWorking ? t("cases.impact.canWork") : t("cases.impact.cannotWork"),
        ].join(" · ");
};

/** The specialist's preliminary diagnosis: the suggestion, the customer's proposal, and the decision. */
export const TriageBox = ({ kase }: { kase: Case }) => {
  const { t } = useTranslation();
  const triage = useTriage(kase.id);
  const describe = useCaseErrors(kase.id);
  const impactText = useImpactText();
  const format = useFormatters();
  const [priority, setPriority] = useState<Priority>(kase.priority);
  const [reason, setReason] = useState("");
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  useEffect(() => setPriority(kase.priority), [kase.priority]);
  const differs = priority !== kase.suggestedPriority;
  const unchanged = kase.triaged && priority === kase.priority;

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setFailure(null);
    const why = reason.trim();
    if (differs && !why) return setReasonError(t("cases.triage.reasonRequired"));
    if (why.length > 2000) return setReasonError(t("validation.tooLong", { max: 2000 }));
    try {
      await triage.mutateAsync({ priority, ...(why ? { reason: why } : {}), version: kase.version });
      setReason("");
      notifySuccess(t("cases.triage.done", { priority }));
    } catch (error) {
      setFailure(describe(error));
    }
  };

  return (
    <Paper p={{ base: "md", sm: "lg" }} radius="md" component="section" aria-label={t("cases.triage.title")}>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Group justify="space-between" gap="xs">
            <Group gap="xs">
              <ThemeIcon variant="light" radius="md" color="orange">
                <IconFlag size={18} />
              </ThemeIcon>
              <Text fw={650}>{t("cases.triage.title")}</Text>
            </Group>
            {kase.triaged ? (
              <Group gap={6}>
                <Text size="xs" c="dimmed">
                  {t("cases.triage.current")}
                </Text>
                <PriorityBadge priority={kase.priority} />
              </Group>
            ) : (
              <Text size="xs" c="orange.8" fw={600}>
                {t("cases.triage.pending")}
              </Text>
            )}
          </Group>
          <Stack gap={6}>
            <Group gap="xs" wrap="nowrap" align="flex-start">
              <PriorityBadge priority={kase.suggestedPriority} />
              <div>
                <Text size="sm" fw={500}>
                  {t("cases.triage.suggested")}
                </Text>
                <Text size="xs" c="dimmed">
                  {impactText(kase)}
                </Text>
              </div>
            </Group>
            <Group gap="xs" wrap="nowrap" align="flex-start">
              {kase.proposedPriority ? (
                <PriorityBadge priority={kase.proposedPriority} />
              ) : (
                <Text size="sm" c="dimmed" w={28} ta="center">
                  —
                </Text>
              )}
              <Text size="sm" fw={500}>
                {kase.proposedPriority ? t("cases.triage.proposed") : t("cases.triage.noProposal")}
              </Text>
            </Group>
          </Stack>
          {kase.versionSupport?.status === "unsupported" && (
            <Group gap="xs" wrap="nowrap" align="flex-start">
              <VersionSupportBadge kase={kase} />
              <Text size="xs" c="dimmed">
                {t("cases.versionSupport.triage", {
                  version: kase.installedVersion,
                  date: format.localDate(kase.versionSupport.endOfSupportOn),
                })}
              </Text>
            </Group>
          )}
          <FormAlert message={failure} />
          <div>
            <Text size="sm" fw={500} mb={4} id={`triage-priority-${kase.id}`}>
              {t("cases.triage.priority")}
            </Text>
            <SegmentedControl
              fullWidth
              aria-labelledby={`triage-priority-${kase.id}`}
              value={priority}
              onChange={(value) => {
                setPriority(value as Priority);
                setReasonError(null);
              }}
              data={PRIORITY_VALUES.map((value) => ({ value, label: value }))}
            />
            <Text size="xs" c="dimmed" mt={4}>
              {t(`cases.priorities.${priority}`)}
            </Text>
          </div>
          {!unchanged && (
            <Textarea
              label={t("cases.triage.reason")}
              description={differs ? t("cases.triage.reasonHelpRequired") : t("cases.triage.reasonHelp")}
              required={differs}
              autosize
              minRows={2}
              maxRows={6}
              value={reason}
              error={reasonError}
              onChange={(event) => {
                setReason(event.currentTarget.value);
                setReasonError(null);
              }}
            />
          )}
          {!unchanged && (
            <Group justify="flex-end">
              <Button type="submit" loading={triage.isPending}>
                {kase.triaged
                  ? t("cases.triage.change", { priority })
                  : t("cases.triage.submit", { priority })}
              </Button>
            </Group>
          )}
        </Stack>
      </form>
    </Paper>
  );
};
