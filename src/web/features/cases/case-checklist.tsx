import { Badge, Group, Tooltip } from "@mantine/core";
import { IconCircleCheck, IconMail } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { type Case, CHECKLIST_ITEM_VALUES } from "./cases-api";

/**
 * The precondition checklist of a case, in a word: confirmed, partly, or — for a case that arrived by
 * email, where nobody ticked anything — "not confirmed by email", with what to confirm in a tooltip.
 */
export const ChecklistState = ({ kase }: { kase: Pick<Case, "checklist" | "channel"> }) => {
  const { t } = useTranslation();
  const confirmed = CHECKLIST_ITEM_VALUES.filter((item) => kase.checklist[item] === true);
  const missing = CHECKLIST_ITEM_VALUES.filter((item) => kase.checklist[item] !== true);
  const total = CHECKLIST_ITEM_VALUES.length;
  if (missing.length === 0) {
    return (
      <Group gap={4} wrap="nowrap" component="span">
        <IconCircleCheck size={16} color="var(--mantine-color-teal-7)" aria-hidden />
        <span>{t("cases.checklistState.all", { total })}</span>
      </Group>
    );
  }
  const missingList = missing.map((item) => t(`cases.checklist.${item}`)).join(", ");
  const byEmail = kase.channel === "email" && confirmed.length === 0;
  return (
    <Tooltip
      label={
        byEmail
          ? t("cases.checklistState.emailHelp", { items: missingList })
          : t("cases.checklistState.missing", { items: missingList })
      }
      multiline
      w={320}
      withArrow
      openDelay={200}
    >
      <Badge
        variant="light"
        color={byEmail ? "gray" : "yellow"}
        radius="sm"
        tt="none"
        fw={600}
        miw="max-content"
        leftSection={byEmail ? <IconMail size={12} aria-hidden /> : undefined}
        // the tooltip's text is for pointers; keyboards and readers get it as the name
        aria-label={
          byEmail
            ? `${t("cases.checklistState.emailNone")}. ${t("cases.checklistState.emailHelp", { items: missingList })}`
            : undefined
        }
      >
        {byEmail
          ? t("cases.checklistState.emailNone")
          : t("cases.checklistState.some", { count: confirmed.length, total })}
      </Badge>
    </Tooltip>
  );
};
