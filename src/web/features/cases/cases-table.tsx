import { Badge, Group, Table, Text } from "@mantine/core";
import { IconCircleCheck } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { DataTable } from "../../components/data-table";
import { useRowLink } from "../../components/row-link";
import { CaseStatusBadge, EscalationBadge, PriorityBadge } from "./case-badges";
import { isOpenStatus } from "./case-rules";
import type { CaseSummary } from "./cases-api";
import { useSlaFormat } from "./sla-format";
import { TimeLeft } from "./sla-panel";

/** The response column: answered, or due at … with the time left (red once breached). */
const ResponseCell = ({ kase }: { kase: CaseSummary }) => {
  const { t } = useTranslation();
  const format = useSlaFormat();
  const { sla } = kase;
  if (sla.metAt) {
    return (
      <Badge
        miw="max-content"
        variant="light"
        color={sla.breached ? "orange" : "teal"}
        radius="sm"
        tt="none"
        fw={500}
        leftSection={<IconCircleCheck size={12} />}
      >
        {sla.breached ? t("cases.sla.states.metLate") : t("cases.sla.states.met")}
      </Badge>
    );
  }
  return (
    <div>
      <Text size="sm" c={sla.breached ? "red.8" : undefined} fw={sla.breached ? 600 : undefined}>
        {format.instant(sla.dueAt, sla.timeZone)}
      </Text>
      {isOpenStatus(kase.status) && <TimeLeft sla={sla} size="xs" />}
    </div>
  );
};

/** Staff list of cases; each row opens the case, breached ones tinted red. */
export const CasesTable = ({
  cases,
  label,
  showOrganization = true,
  portal = false,
}: {
  cases: CaseSummary[];
  label: string;
  showOrganization?: boolean;
  /** The customer's view: no assignee, no desk-only markers. */
  portal?: boolean;
}) => {
  const { t } = useTranslation();
  const rowLink = useRowLink();
  return (
    <DataTable
      label={label}
      head={
        <>
          <Table.Th>{t("cases.fields.case")}</Table.Th>
          {showOrganization && <Table.Th visibleFrom="md">{t("cases.fields.organization")}</Table.Th>}
          <Table.Th visibleFrom="sm">{t("cases.fields.priority")}</Table.Th>
          <Table.Th visibleFrom="sm">{t("cases.fields.status")}</Table.Th>
          {!portal && <Table.Th visibleFrom="lg">{t("cases.fields.assignee")}</Table.Th>}
          <Table.Th visibleFrom="sm">{t("cases.fields.response")}</Table.Th>
        </>
      }
    >
      {cases.map((kase) => {
        const breached = kase.sla.breached && !kase.sla.metAt && isOpenStatus(kase.status);
        return (
          <Table.Tr
            key={kase.id}
            {...rowLink(`/cases/${kase.id}`)}
            bg={breached ? "red.0" : undefined}
            data-breached={breached || undefined}
          >
            <Table.Td style={{ minWidth: 200 }}>
              <Group gap={6} wrap="wrap" style={{ rowGap: 2 }}>
                <Link className="soporte-row-link" to={`/cases/${kase.id}`} style={{ whiteSpace: "nowrap" }}>
                  {kase.number}
                </Link>
                {!portal && !kase.triaged && kase.status === "new" && (
                  <Badge size="xs" variant="dot" color="orange" tt="none" miw="max-content">
                    {t("cases.triage.pendingShort")}
                  </Badge>
                )}
                {!portal && <EscalationBadge level={kase.escalationLevel} at={kase.escalatedAt} size="xs" />}
              </Group>
              <Text size="sm" lineClamp={2} style={{ overflowWrap: "anywhere" }}>
                {kase.subject}
              </Text>
              {showOrganization && (
                <Text hiddenFrom="md" size="xs" c="dimmed">
                  {kase.organizationName}
                </Text>
              )}
              <Group hiddenFrom="sm" gap={6} mt={4}>
                <PriorityBadge priority={kase.priority} />
                <CaseStatusBadge status={kase.status} />
                <ResponseCellCompact kase={kase} />
              </Group>
            </Table.Td>
            {showOrganization && (
              <Table.Td visibleFrom="md">
                <Text size="sm">{kase.organizationName}</Text>
                <Text size="xs" c="dimmed">
                  {kase.systemName}
                </Text>
              </Table.Td>
            )}
            <Table.Td visibleFrom="sm">
              <PriorityBadge priority={kase.priority} />
            </Table.Td>
            <Table.Td visibleFrom="sm">
              <CaseStatusBadge status={kase.status} />
            </Table.Td>
            {!portal && (
              <Table.Td visibleFrom="lg">
                <Text size="sm" c={kase.assignee ? undefined : "dimmed"}>
                  {kase.assignee?.name ?? t("cases.controls.nobody")}
                </Text>
              </Table.Td>
            )}
            <Table.Td visibleFrom="sm" style={{ whiteSpace: "nowrap" }}>
              <ResponseCell kase={kase} />
            </Table.Td>
          </Table.Tr>
        );
      })}
    </DataTable>
  );
};

/** On phones the response column folds under the subject: just the time left or "answered". */
const ResponseCellCompact = ({ kase }: { kase: CaseSummary }) => {
  const { t } = useTranslation();
  if (kase.sla.metAt) {
    return (
      <Text size="xs" c={kase.sla.breached ? "orange.8" : "teal.8"} fw={500} span>
        {kase.sla.breached ? t("cases.sla.states.metLate") : t("cases.sla.states.met")}
      </Text>
    );
  }
  return isOpenStatus(kase.status) ? <TimeLeft sla={kase.sla} size="xs" /> : null;
};
