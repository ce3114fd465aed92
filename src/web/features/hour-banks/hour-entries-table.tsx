import { Anchor, Badge, Table, Text, Tooltip } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { DataTable } from "../../components/data-table";
import { useFormatters } from "../../components/formatters";
import { useHoursFormat } from "./hour-bank-parts";
import type { HourEntry } from "./hour-banks-api";

interface HourEntriesTableProps {
  entries: HourEntry[];
  label: string;
  /** Inside a package's page: the hours an entry took from this package, when it was split. */
  packageId?: string;
  showOrganization?: boolean;
}

/** Consultants' time entries: day, hours, kind, what was done (and its case), who, and any override. */
export const HourEntriesTable = ({
  entries,
  label,
  packageId,
  showOrganization = false,
}: HourEntriesTableProps) => {
  const { t } = useTranslation();
  const format = useFormatters();
  const hours = useHoursFormat();
  return (
    <DataTable
      label={label}
      minWidth={560}
      head={
        <>
          <Table.Th>{t("hourBanks.entries.fields.workedOn")}</Table.Th>
          {showOrganization && <Table.Th>{t("hourBanks.fields.organization")}</Table.Th>}
          <Table.Th ta="right">{t("hourBanks.entries.fields.hours")}</Table.Th>
          <Table.Th>{t("hourBanks.entries.fields.kind")}</Table.Th>
          <Table.Th>{t("hourBanks.entries.fields.description")}</Table.Th>
          <Table.Th visibleFrom="sm">{t("hourBanks.entries.fields.consultant")}</Table.Th>
        </>
      }
    >
      {entries.map((entry) => {
        const here = packageId ? entry.allocations.find((a) => a.packageId === packageId) : undefined;
        const split = here !== undefined && here.hours !== entry.hours;
        return (
          <Table.Tr key={entry.id}>
            <Table.Td style={{ whiteSpace: "nowrap" }}>{format.localDate(entry.workedOn)}</Table.Td>
            {showOrganization && <Table.Td>{entry.organizationName}</Table.Td>}
            <Table.Td ta="right" style={{ whiteSpace: "nowrap", fontVariantNumeric: "tabular-nums" }}>
              {hours(entry.hours)} h
              {split && (
                <Text size="xs" c="dimmed">
                  {t("hourBanks.entries.fromThisPackage", { hours: hours(here.hours) })}
                </Text>
              )}
            </Table.Td>
            <Table.Td>{t(`hourBanks.kinds.${entry.kind}`)}</Table.Td>
            <Table.Td>
              {entry.description && (
                <Text size="sm" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
                  {entry.description}
                </Text>
              )}
              {entry.case && (
                <Anchor component={Link} to={`/cases/${entry.case.id}`} size="xs">
                  {entry.case.number} · {entry.case.subject}
                </Anchor>
              )}
              {entry.overridden && (
                <Tooltip
                  label={entry.overrideReason ?? t("hourBanks.entries.overriddenHelp")}
                  multiline
                  maw={320}
                  withArrow
                >
                  <Badge ml={4} size="sm" variant="light" color="orange" radius="sm" tt="none">
                    {t("hourBanks.entries.overridden")}
                  </Badge>
                </Tooltip>
              )}
              <Text hiddenFrom="sm" size="xs" c="dimmed">
                {entry.consultant.name}
              </Text>
            </Table.Td>
            <Table.Td visibleFrom="sm">{entry.consultant.name}</Table.Td>
          </Table.Tr>
        );
      })}
    </DataTable>
  );
};
