import { Group, Paper, Select, Stack, Text, ThemeIcon } from "@mantine/core";
import { IconAdjustments } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useAuth, useCurrentUser } from "../../app/auth-context";
import { FormAlert } from "../../components/form-alert";
import { notifySuccess } from "../../components/notify";
import { useCaseErrors } from "./case-errors";
import { type Case, type CaseStatus, useAssign, useAssignableStaff, useChangeStatus } from "./cases-api";

/** Staff: the case's status (only the moves the rules allow) and its assignee (managers and admins). */
export const CaseControls = ({ kase }: { kase: Case }) => {
  const { t } = useTranslation();
  const { can } = useAuth();
  const user = useCurrentUser();
  const canStatus = can("cases:status");
  const canAssign = can("cases:assign");
  const changeStatus = useChangeStatus(kase.id);
  const assign = useAssign(kase.id);
  const staff = useAssignableStaff(canAssign);
  const describe = useCaseErrors(kase.id);
  const [failure, setFailure] = useState<string | null>(null);
  // the server says which moves this viewer may make now (reopen window included)
  const moves = kase.allowedStatuses;

  const onStatus = async (value: string | null) => {
    if (!value || value === kase.status) return;
    setFailure(null);
    try {
      await changeStatus.mutateAsync({ status: value as CaseStatus, version: kase.version });
      notifySuccess(t("cases.controls.statusChanged", { status: t(`cases.status.${value as CaseStatus}`) }));
    } catch (error) {
      setFailure(describe(error));
    }
  };

  const onAssign = async (value: string | null) => {
    if (value === (kase.assignee?.id ?? null)) return;
    setFailure(null);
    try {
      const updated = await assign.mutateAsync({ assigneeId: value, version: kase.version });
      notifySuccess(
        updated.assignee
          ? t("cases.controls.assigned", { name: updated.assignee.name })
          : t("cases.controls.unassigned"),
      );
    } catch (error) {
      setFailure(describe(error));
    }
  };

  const assigneeOptions = (staff.data ?? []).map((person) => ({
    value: person.id,
    label: person.id === user.id ? t("cases.controls.me", { name: person.name }) : person.name,
  }));
  if (kase.assignee && !assigneeOptions.some((option) => option.value === kase.assignee?.id)) {
    assigneeOptions.unshift({ value: kase.assignee.id, label: kase.assignee.name });
  }

  return (
    <Paper
      p={{ base: "md", sm: "lg" }}
      radius="md"
      component="section"
      aria-label={t("cases.controls.title")}
    >
      <Group gap="xs" mb="md">
        <ThemeIcon variant="light" radius="md" color="gray">
          <IconAdjustments size={18} />
        </ThemeIcon>
        <Text fw={650}>{t("cases.controls.title")}</Text>
      </Group>
      <Stack gap="sm">
        <FormAlert message={failure} />
        <Select
          label={t("cases.fields.status")}
          value={kase.status}
          allowDeselect={false}
          disabled={!canStatus || moves.length === 0 || changeStatus.isPending}
          description={!canStatus ? t("cases.controls.statusReadOnly") : undefined}
          data={[kase.status, ...moves].map((status) => ({
            value: status,
            label:
              status === kase.status
                ? t(`cases.status.${status}`)
                : t("cases.controls.moveTo", { status: t(`cases.status.${status}`) }),
          }))}
          onChange={onStatus}
        />
        {canAssign ? (
          <Select
            label={t("cases.fields.assignee")}
            placeholder={t("cases.controls.nobody")}
            value={kase.assignee?.id ?? null}
            clearable
            searchable
            disabled={assign.isPending}
            data={assigneeOptions}
            nothingFoundMessage={staff.isPending ? t("common.loading") : t("common.noMatches")}
            onChange={onAssign}
          />
        ) : (
          <div>
            <Text size="sm" fw={500}>
              {t("cases.fields.assignee")}
            </Text>
            <Text size="sm" c={kase.assignee ? undefined : "dimmed"}>
              {kase.assignee?.name ?? t("cases.controls.nobody")}
            </Text>
            <Text size="xs" c="dimmed">
              {t("cases.controls.assignReadOnly")}
            </Text>
          </div>
        )}
      </Stack>
    </Paper>
  );
};
