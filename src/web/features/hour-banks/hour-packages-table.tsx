import { Table, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { DataTable } from "../../components/data-table";
import { useFormatters } from "../../components/formatters";
import { useRowLink } from "../../components/row-link";
import { BalanceBar, HourPackageStatusBadge } from "./hour-bank-parts";
import type { HourPackage } from "./hour-banks-api";

/** Staff list of packages: each row opens the package. */
export const HourPackagesTable = ({ packages, label }: { packages: HourPackage[]; label: string }) => {
  const { t } = useTranslation();
  const format = useFormatters();
  const rowLink = useRowLink();
  return (
    <DataTable
      label={label}
      minWidth={560}
      head={
        <>
          <Table.Th>{t("hourBanks.fields.organization")}</Table.Th>
          <Table.Th w="34%">{t("hourBanks.fields.balance")}</Table.Th>
          <Table.Th visibleFrom="sm">{t("hourBanks.fields.expiresOn")}</Table.Th>
          <Table.Th>{t("hourBanks.fields.status")}</Table.Th>
        </>
      }
    >
      {packages.map((pkg) => (
        <Table.Tr key={pkg.id} {...rowLink(`/hour-banks/${pkg.id}`)}>
          <Table.Td>
            <Link className="soporte-row-link" to={`/hour-banks/${pkg.id}`}>
              {pkg.organizationName}
            </Link>
            <Text size="xs" c="dimmed">
              {t("hourBanks.fields.purchaseOrderShort", { purchaseOrder: pkg.purchaseOrder })} ·{" "}
              {pkg.contract.number}
            </Text>
          </Table.Td>
          <Table.Td>
            <BalanceBar pkg={pkg} size="md" />
          </Table.Td>
          <Table.Td visibleFrom="sm" style={{ whiteSpace: "nowrap" }}>
            <Text size="sm">{format.localDate(pkg.expiresOn)}</Text>
            <Text size="xs" c="dimmed">
              {t("hourBanks.since", { date: format.localDate(pkg.purchasedOn) })}
            </Text>
          </Table.Td>
          <Table.Td>
            <HourPackageStatusBadge status={pkg.status} />
          </Table.Td>
        </Table.Tr>
      ))}
    </DataTable>
  );
};
