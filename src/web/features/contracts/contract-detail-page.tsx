import { Anchor, Badge, Button, Group, SimpleGrid, Stack, Text } from "@mantine/core";
import { IconArrowsExchange, IconPencil, IconRefresh } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { useAuth } from "../../app/auth-context";
import { DetailList } from "../../components/detail-list";
import { useFormatters } from "../../components/formatters";
import { PageLoader, QueryError } from "../../components/list-state";
import { daysBetween, todayLocalDate } from "../../components/local-date";
import { PageHeader } from "../../components/page-header";
import { Section } from "../../components/section";
import { SupportStatusBadge } from "../../components/support-status-badge";
import { ContractOutOfHours } from "../out-of-hours/out-of-hours-parts";
import { useSystem } from "../systems/systems-api";
import { AuthorizedContactsSection } from "./authorized-contacts-section";
import { BillingLines } from "./billing-lines";
import { ContractEditModal } from "./contract-edit-modal";
import { ContractHistory } from "./contract-history";
import { ContractStatusBadge } from "./contract-status-badge";
import { useContract, useSystemContracts } from "./contracts-api";
import { ReinstatementModal } from "./reinstatement-modal";
import { RenewContractModal } from "./renew-contract-modal";

type Dialog = "renew" | "reinstate" | "edit" | null;

/** Staff: one contract with its authorized contacts, billing lines and history. */
export const ContractDetailPage = () => {
  const { t } = useTranslation();
  const { can } = useAuth();
  const format = useFormatters();
  const { contractId = "" } = useParams();
  const query = useContract(contractId);
  const systemContracts = useSystemContracts(query.data?.systemId);
  const system = useSystem(query.data?.systemId);
  const [dialog, setDialog] = useState<Dialog>(null);

  if (query.isPending) return <PageLoader />;
  if (query.isError) return <QueryError error={query.error} onRetry={query.refetch} />;
  const contract = query.data;
  const siblings = systemContracts.data?.items ?? [];
  const successor = siblings.find((other) => other.previousContractId === contract.id) ?? null;
  const previous = siblings.find((other) => other.id === contract.previousContractId) ?? null;
  const systemCovered = siblings.some((other) => other.status !== "expired");
  const canWrite = can("contracts:write");
  const siblingsKnown = systemContracts.isSuccess;
  const canRenew = canWrite && siblingsKnown && !successor && contract.status !== "expired";
  const canReinstate = canWrite && siblingsKnown && !successor && !systemCovered;
  const daysLeft = daysBetween(todayLocalDate(), contract.endDate);

  return (
    <>
      <PageHeader
        title={t("contracts.detailTitle", { number: contract.number })}
        description={
          <>
            <Anchor component={Link} to={`/organizations/${contract.organizationId}`} size="sm">
              {contract.organizationName}
            </Anchor>
            {" · "}
            {contract.systemName} ({contract.productName})
          </>
        }
        back={{ to: "/contracts", label: t("nav.contracts") }}
        actions={
          <>
            {canWrite && (
              <Button
                variant="default"
                leftSection={<IconPencil size={16} />}
                onClick={() => setDialog("edit")}
              >
                {t("common.edit")}
              </Button>
            )}
            {canReinstate && (
              <Button leftSection={<IconArrowsExchange size={16} />} onClick={() => setDialog("reinstate")}>
                {t("contracts.reinstatement.open")}
              </Button>
            )}
            {canRenew && (
              <Button leftSection={<IconRefresh size={16} />} onClick={() => setDialog("renew")}>
                {t("contracts.renew.open")}
              </Button>
            )}
          </>
        }
      />
      <Stack gap="lg">
        <Section
          title={t("contracts.summary")}
          actions={
            <Group gap={6}>
              <ContractStatusBadge status={contract.status} />
              <Badge variant="default" radius="sm" tt="none" fw={500}>
                {t(`contracts.kinds.${contract.kind}`)}
              </Badge>
            </Group>
          }
        >
          {(successor || previous || (contract.status === "current" && daysLeft <= 90)) && (
            <Stack gap={4} mb="md">
              {contract.status === "current" && daysLeft <= 90 && !successor && (
                <Text size="sm" c="orange.8" fw={500}>
                  {t("contracts.endsInDays", { count: daysLeft })}
                </Text>
              )}
              {successor && (
                <Text size="sm">
                  {t("contracts.followedBy")}{" "}
                  <Anchor component={Link} to={`/contracts/${successor.id}`}>
                    {successor.number}
                  </Anchor>{" "}
                  (
                  {t("contracts.term", {
                    start: format.localDate(successor.startDate),
                    end: format.localDate(successor.endDate),
                  })}
                  )
                </Text>
              )}
              {previous && (
                <Text size="sm">
                  {t("contracts.follows")}{" "}
                  <Anchor component={Link} to={`/contracts/${previous.id}`}>
                    {previous.number}
                  </Anchor>
                </Text>
              )}
            </Stack>
          )}
          <DetailList
            cols={3}
            items={[
              { label: t("contracts.fields.plan"), value: contract.planName },
              {
                label: t("systems.fields.installedVersion"),
                value: system.data && (
                  <Group gap="xs">
                    <Text ff="monospace" fz="sm">
                      {system.data.installedVersion}
                    </Text>
                    <SupportStatusBadge support={system.data.support} />
                  </Group>
                ),
              },
              { label: t("contracts.fields.startDate"), value: format.localDate(contract.startDate) },
              { label: t("contracts.fields.endDate"), value: format.localDate(contract.endDate) },
              { label: t("contracts.fields.annualFee"), value: format.money(contract.annualFeeCents) },
              { label: t("contracts.fields.salePrice"), value: format.money(contract.salePriceCents) },
              { label: t("contracts.fields.purchaseOrder"), value: contract.purchaseOrder },
              {
                label: t("contracts.fields.notes"),
                value: contract.notes && <Text style={{ whiteSpace: "pre-wrap" }}>{contract.notes}</Text>,
              },
            ]}
          />
          <Stack mt="md" gap={0}>
            <ContractOutOfHours contractId={contract.id} />
          </Stack>
        </Section>
        <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
          <Section title={t("contracts.contacts.title")} description={t("contracts.contacts.description")}>
            <AuthorizedContactsSection contract={contract} />
          </Section>
          <Section title={t("contracts.billing.title")} description={t("contracts.billing.description")}>
            <BillingLines
              lines={contract.billingLines}
              totalCents={contract.billedCents}
              label={t("contracts.billing.title")}
            />
          </Section>
        </SimpleGrid>
        {can("contracts:history") && (
          <Section title={t("contracts.history.title")} description={t("contracts.history.description")}>
            <ContractHistory contract={contract} />
          </Section>
        )}
      </Stack>
      <RenewContractModal opened={dialog === "renew"} onClose={() => setDialog(null)} contract={contract} />
      <ContractEditModal opened={dialog === "edit"} onClose={() => setDialog(null)} contract={contract} />
      <ReinstatementModal
        opened={dialog === "reinstate"}
        onClose={() => setDialog(null)}
        system={{ id: contract.systemId, name: contract.systemName }}
      />
    </>
  );
};
