import { Anchor, Button, Group, Stack, Table, Text } from "@mantine/core";
import { IconArrowsExchange, IconFilePlus, IconPencil, IconPlus, IconServer } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { CustomerSystem } from "../../../api/catalog";
import type { Contract } from "../../../api/contracts";
import { useAuth } from "../../app/auth-context";
import { ActionsHeader, DataTable } from "../../components/data-table";
import { EnvironmentBadge } from "../../components/environment-badge";
import { useFormatters } from "../../components/formatters";
import { PagedList } from "../../components/paged-list";
import { RowAction } from "../../components/row-action";
import { SupportStatusBadge } from "../../components/support-status-badge";
import { ContractStatusBadge } from "../contracts/contract-status-badge";
import { useOrganizationContracts } from "../contracts/contracts-api";
import { ReinstatementModal } from "../contracts/reinstatement-modal";
import { SystemFormModal } from "../systems/system-form-modal";
import { useSystems } from "../systems/systems-api";

/** The system's contract now: the one covering it (or next), else the last one that ended. */
const coverageOf = (contracts: Contract[], systemId: string) => {
  const own = contracts.filter((contract) => contract.systemId === systemId);
  const current =
    own.find((contract) => contract.status === "current") ??
    own.find((contract) => contract.status === "upcoming") ??
    null;
  const last = own.reduce<Contract | null>((a, b) => (a && a.endDate >= b.endDate ? a : b), null);
  return { current, last };
};

const SystemCoverage = ({
  contracts,
  system,
  staff,
  canContract,
  onReinstate,
}: {
  contracts: Contract[];
  system: CustomerSystem;
  staff: boolean;
  canContract: boolean;
  onReinstate: (system: CustomerSystem) => void;
}) => {
  const { t } = useTranslation();
  const format = useFormatters();
  const { current, last } = coverageOf(contracts, system.id);
  const shown = current ?? last;
  return (
    <Group gap={6} wrap="wrap">
      {shown ? (
        <>
          <ContractStatusBadge status={shown.status} />
          {staff ? (
            <Anchor component={Link} to={`/contracts/${shown.id}`} size="sm">
              {shown.number}
            </Anchor>
          ) : (
            <Text size="sm">{shown.number}</Text>
          )}
          <Text size="xs" c="dimmed">
            {t("contracts.endsOn", { date: format.localDate(shown.endDate) })}
          </Text>
        </>
      ) : (
        <Text size="sm" c="dimmed">
          {t("contracts.noContract")}
        </Text>
      )}
      {canContract && !current && last && (
        <Button
          size="compact-xs"
          variant="light"
          leftSection={<IconArrowsExchange size={12} />}
          onClick={() => onReinstate(system)}
        >
          {t("contracts.reinstatement.open")}
        </Button>
      )}
      {canContract && !last && (
        <Button
          size="compact-xs"
          variant="light"
          component={Link}
          to={`/contracts/new?organizationId=${system.organizationId}&systemId=${system.id}`}
          leftSection={<IconFilePlus size={12} />}
        >
          {t("contracts.new")}
        </Button>
      )}
    </Group>
  );
};

export const OrganizationSystems = ({ organizationId }: { organizationId: string }) => {
  const { t } = useTranslation();
  const { can, user } = useAuth();
  const list = useSystems({ organizationId });
  const contracts = useOrganizationContracts(organizationId, can("contracts:read"));
  const [editing, setEditing] = useState<CustomerSystem | "new" | null>(null);
  const [reinstating, setReinstating] = useState<CustomerSystem | null>(null);
  const canWrite = can("systems:write");
  const canContract = can("contracts:write");
  const staff = user?.role !== "customer_contact";
  const showCoverage = can("contracts:read") && contracts.isSuccess;
  const addButton = canWrite ? (
    <Button variant="light" size="sm" leftSection={<IconPlus size={16} />} onClick={() => setEditing("new")}>
      {t("systems.add")}
    </Button>
  ) : null;

  return (
    <>
      <PagedList
        list={list}
        compact
        addButton={addButton}
        empty={{
          title: t("systems.empty"),
          description: t("systems.emptyDescription"),
          icon: <IconServer size={28} stroke={1.5} />,
        }}
      >
        <DataTable
          label={t("systems.title")}
          head={
            <>
              <Table.Th>{t("systems.fields.name")}</Table.Th>
              <Table.Th visibleFrom="sm">{t("systems.fields.product")}</Table.Th>
              <Table.Th visibleFrom="md">{t("systems.fields.modules")}</Table.Th>
              <Table.Th visibleFrom="sm">{t("systems.fields.installedVersion")}</Table.Th>
              <Table.Th visibleFrom="sm">{t("systems.fields.environment")}</Table.Th>
              {showCoverage && <Table.Th>{t("systems.fields.contract")}</Table.Th>}
              {canWrite && <ActionsHeader />}
            </>
          }
        >
          {list.items.map((system) => (
            <Table.Tr key={system.id}>
              <Table.Td fw={600}>
                {system.name}
                <Text hiddenFrom="sm" size="xs" c="dimmed" fw={400}>
                  {system.productName} {system.installedVersion} · {t(`environments.${system.environment}`)}
                </Text>
              </Table.Td>
              <Table.Td visibleFrom="sm">{system.productName}</Table.Td>
              <Table.Td visibleFrom="md">
                <Text size="sm" c={system.modules.length ? undefined : "dimmed"}>
                  {system.modules.length ? system.modules.map((module) => module.name).join(", ") : "—"}
                </Text>
              </Table.Td>
              <Table.Td visibleFrom="sm">
                <Stack gap={4} align="flex-start">
                  <Text ff="monospace" fz="sm">
                    {system.installedVersion}
                  </Text>
                  <SupportStatusBadge support={system.support} />
                </Stack>
              </Table.Td>
              <Table.Td visibleFrom="sm">
                <EnvironmentBadge environment={system.environment} />
              </Table.Td>
              {showCoverage && (
                <Table.Td>
                  <SystemCoverage
                    contracts={contracts.data?.items ?? []}
                    system={system}
                    staff={staff}
                    canContract={canContract}
                    onReinstate={setReinstating}
                  />
                </Table.Td>
              )}
              {canWrite && (
                <Table.Td>
                  <RowAction
                    tooltip={t("common.edit")}
                    label={t("systems.editNamed", { name: system.name })}
                    onClick={() => setEditing(system)}
                  >
                    <IconPencil size={16} />
                  </RowAction>
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </DataTable>
      </PagedList>
      <SystemFormModal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        organizationId={organizationId}
        system={editing && editing !== "new" ? editing : undefined}
      />
      {reinstating && <ReinstatementModal opened onClose={() => setReinstating(null)} system={reinstating} />}
    </>
  );
};
