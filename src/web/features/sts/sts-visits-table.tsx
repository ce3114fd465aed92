import { Group, Table, Text } from "@mantine/core";
import { IconCalendarEvent, IconCircleCheck } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ActionsHeader, DataTable } from "../../components/data-table";
import { useFormatters } from "../../components/formatters";
import { RowAction } from "../../components/row-action";
import type { StsVisit } from "./sts-api";
import { useVisitName, VisitKindBadge, VisitStatusBadge } from "./sts-parts";

interface VisitsTableProps {
  visits: StsVisit[];
  label: string;
  onHold: (visit: StsVisit) => void;
  onReschedule: (visit: StsVisit) => void;
}

/** The agenda's rows: date, organization (opens the service), visit, engineer, status, and what the caller may do. */
export const StsVisitsTable = ({ visits, label, onHold, onReschedule }: VisitsTableProps) => {
  const { t } = useTranslation();
  const format = useFormatters();
  const visitName = useVisitName();
  return (
    <DataTable
      label={label}
      minWidth={640}
      head={
        <>
          <Table.Th>{t("sts.fields.date")}</Table.Th>
          <Table.Th>{t("sts.fields.organization")}</Table.Th>
          <Table.Th>{t("sts.fields.kind")}</Table.Th>
          <Table.Th visibleFrom="sm">{t("sts.fields.engineer")}</Table.Th>
          <Table.Th>{t("sts.fields.status")}</Table.Th>
          <ActionsHeader w={88} />
        </>
      }
    >
      {visits.map((visit) => (
        <Table.Tr key={visit.id}>
          <Table.Td style={{ whiteSpace: "nowrap" }}>
            <Text size="sm" fw={500}>
              {format.localDate(visit.status === "held" ? visit.heldOn : visit.scheduledOn)}
            </Text>
            {visit.status === "scheduled" && visit.scheduledOn !== visit.dueOn && (
              <Text size="xs" c="dimmed">
                {t("sts.plannedOn", { date: format.localDate(visit.dueOn) })}
              </Text>
            )}
          </Table.Td>
          <Table.Td>
            <Link className="soporte-row-link" to={`/sts/services/${visit.serviceId}`}>
              {visit.organizationName}
            </Link>
          </Table.Td>
          <Table.Td>
            <Group gap={6} wrap="nowrap">
              <VisitKindBadge kind={visit.kind} />
              <Text size="xs" c="dimmed">
                {visit.sequence}
              </Text>
            </Group>
          </Table.Td>
          <Table.Td visibleFrom="sm">
            <Text size="sm">{visit.engineer.name}</Text>
          </Table.Td>
          <Table.Td>
            <VisitStatusBadge visit={visit} />
          </Table.Td>
          <Table.Td>
            {visit.canManage && (
              <Group gap={2} wrap="nowrap" justify="flex-end">
                <RowAction
                  tooltip={t("sts.hold.open")}
                  label={`${t("sts.hold.open")}: ${visitName(visit)} · ${visit.organizationName}`}
                  onClick={() => onHold(visit)}
                  color="teal"
                >
                  <IconCircleCheck size={18} />
                </RowAction>
                <RowAction
                  tooltip={t("sts.reschedule.open")}
                  label={`${t("sts.reschedule.open")}: ${visitName(visit)} · ${visit.organizationName}`}
                  onClick={() => onReschedule(visit)}
                >
                  <IconCalendarEvent size={18} />
                </RowAction>
              </Group>
            )}
          </Table.Td>
        </Table.Tr>
      ))}
    </DataTable>
  );
};
