import { Group, Table, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Contract } from "../../../api/contracts";
import { DataTable } from "../../components/data-table";
import { useFormatters } from "../../components/formatters";
import { useRowLink } from "../../components/row-link";
import { ContractStatusBadge, RenewedBadge } from "./contract-status-badge";
import { SeatsIndicator } from "./seats-indicator";

interface ContractsTableProps {
  contracts: Contract[];
  label: string;
  /** Inside an organization's page the organization column says nothing new. */
  showOrganization?: boolean;
  /** Contracts that already have a successor, by the renewed contract's id. */
  successors?: Map<string, Contract>;
}

/** Staff list of contracts; each row opens the contract. */
export const ContractsTable = ({
  contracts,
  label,
  showOrganization = true,
  successors,
}: ContractsTableProps) => {
  const { t } = useTranslation();
  const format = useFormatters();
  const rowLink = useRowLink();
  return (
    <DataTable
      label={label}
      head={
        <>
          <Table.Th>{t("contracts.fields.number")}</Table.Th>
          {showOrganization && <Table.Th visibleFrom="md">{t("contracts.fields.organization")}</Table.Th>}
          <Table.Th visibleFrom="sm">{t("contracts.fields.system")}</Table.Th>
          <Table.Th visibleFrom="sm">{t("contracts.fields.plan")}</Table.Th>
          <Table.Th visibleFrom="sm">{t("contracts.fields.term")}</Table.Th>
          <Table.Th>{t("contracts.fields.status")}</Table.Th>
          <Table.Th visibleFrom="lg">{t("contracts.fields.contacts")}</Table.Th>
          <Table.Th visibleFrom="lg" ta="right">
            {t("contracts.fields.annualFee")}
          </Table.Th>
        </>
      }
    >
      {contracts.map((contract) => {
        const successor = successors?.get(contract.id);
        return (
          <Table.Tr key={contract.id} {...rowLink(`/contracts/${contract.id}`)}>
            <Table.Td>
              <Link
                className="soporte-row-link"
                to={`/contracts/${contract.id}`}
                style={{ whiteSpace: "nowrap" }}
              >
                {contract.number}
              </Link>
              {showOrganization && (
                <Text hiddenFrom="md" size="xs" c="dimmed">
                  {contract.organizationName}
                </Text>
              )}
              <Text hiddenFrom="sm" size="xs" c="dimmed">
                {contract.systemName} · {contract.planName}
              </Text>
              <Text hiddenFrom="sm" size="xs" c="dimmed">
                {t("contracts.endsOn", { date: format.localDate(contract.endDate) })}
              </Text>
            </Table.Td>
            {showOrganization && <Table.Td visibleFrom="md">{contract.organizationName}</Table.Td>}
            <Table.Td visibleFrom="sm">
              {contract.systemName}
              <Text size="xs" c="dimmed">
                {contract.productName}
              </Text>
            </Table.Td>
            <Table.Td visibleFrom="sm">{contract.planName}</Table.Td>
            <Table.Td visibleFrom="sm" style={{ whiteSpace: "nowrap" }}>
              <Text size="sm">{format.localDate(contract.endDate)}</Text>
              <Text size="xs" c="dimmed">
                {t("contracts.since", { date: format.localDate(contract.startDate) })}
              </Text>
            </Table.Td>
            <Table.Td>
              <Group gap={4}>
                <ContractStatusBadge status={contract.status} />
                {successor && <RenewedBadge />}
              </Group>
            </Table.Td>
            <Table.Td visibleFrom="lg">
              <SeatsIndicator used={contract.seats.used} limit={contract.seats.limit} compact />
            </Table.Td>
            <Table.Td
              visibleFrom="lg"
              ta="right"
              style={{ whiteSpace: "nowrap", fontVariantNumeric: "tabular-nums" }}
            >
              {format.money(contract.annualFeeCents)}
            </Table.Td>
          </Table.Tr>
        );
      })}
    </DataTable>
  );
};
