import { Card, Group, List, SimpleGrid, Stack, Text, ThemeIcon, Title } from "@mantine/core";
import { IconFileCertificate, IconUserCheck } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { Navigate } from "react-router";
import type { Contract } from "../../../api/contracts";
import { useCurrentUser } from "../../app/auth-context";
import { DetailList } from "../../components/detail-list";
import { useFormatters } from "../../components/formatters";
import { ListState, LoadMore } from "../../components/list-state";
import { PageHeader } from "../../components/page-header";
import { ContractOutOfHours } from "../out-of-hours/out-of-hours-parts";
import { ContractStatusBadge } from "./contract-status-badge";
import { type ContractStatus, useContracts } from "./contracts-api";
import { SeatsIndicator } from "./seats-indicator";

const ORDER: Record<ContractStatus, number> = { current: 0, upcoming: 1, expired: 2 };

const ContractCard = ({ contract }: { contract: Contract }) => {
  const { t } = useTranslation();
  const format = useFormatters();
  return (
    <Card withBorder radius="md" padding="lg" component="article" aria-label={contract.number}>
      <Group justify="space-between" align="flex-start" gap="xs" mb="md">
        <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
          <ThemeIcon
            variant="light"
            size={40}
            radius="md"
            color={contract.status === "expired" ? "gray" : "brand"}
          >
            <IconFileCertificate size={22} stroke={1.6} />
          </ThemeIcon>
          <div style={{ minWidth: 0 }}>
            <Title order={3} fz="md" style={{ overflowWrap: "anywhere" }}>
              {contract.systemName}
            </Title>
            <Text size="xs" c="dimmed">
              {contract.productName} · {contract.number}
            </Text>
          </div>
        </Group>
        <ContractStatusBadge status={contract.status} />
      </Group>
      <DetailList
        cols={3}
        items={[
          { label: t("contracts.fields.plan"), value: contract.planName },
          { label: t("contracts.fields.startDate"), value: format.localDate(contract.startDate) },
          { label: t("contracts.fields.endDate"), value: format.localDate(contract.endDate) },
        ]}
      />
      <Stack gap="xs" mt="lg">
        <SeatsIndicator used={contract.seats.used} limit={contract.seats.limit} warnWhenFull={false} />
        <ContractOutOfHours contractId={contract.id} />
        {contract.authorizedContacts.length > 0 ? (
          <List
            spacing={4}
            size="sm"
            icon={
              <ThemeIcon size={20} radius="xl" variant="light" color="teal">
                <IconUserCheck size={12} />
              </ThemeIcon>
            }
            aria-label={t("contracts.contacts.title")}
          >
            {contract.authorizedContacts.map((contact) => (
              <List.Item key={contact.id}>{contact.name}</List.Item>
            ))}
          </List>
        ) : (
          <Text size="sm" c="dimmed">
            {t("contracts.mine.noContacts")}
          </Text>
        )}
      </Stack>
    </Card>
  );
};

/** Customer portal, "Mis pólizas": the organization's contracts, current first. No prices, no history. */
export const MyContractsPage = () => {
  const user = useCurrentUser();
  if (user.role !== "customer_contact") return <Navigate to="/contracts" replace />;
  return <MyContracts />;
};

const MyContracts = () => {
  const { t } = useTranslation();
  const list = useContracts({});
  const contracts = [...list.items].sort((a, b) => ORDER[a.status] - ORDER[b.status]);
  const hasCurrent = contracts.some((contract) => contract.status === "current");

  return (
    <>
      <PageHeader title={t("contracts.mine.title")} description={t("contracts.mine.description")} />
      <ListState
        query={list}
        isEmpty={contracts.length === 0}
        rows={3}
        empty={{
          title: t("contracts.mine.empty"),
          description: t("contracts.mine.emptyDescription"),
          icon: <IconFileCertificate size={28} stroke={1.5} />,
        }}
      >
        {!hasCurrent && (
          <Text size="sm" c="orange.8" mb="md">
            {t("contracts.mine.noneCurrent")}
          </Text>
        )}
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
          {contracts.map((contract) => (
            <ContractCard key={contract.id} contract={contract} />
          ))}
        </SimpleGrid>
        <LoadMore
          shown={contracts.length}
          hasNextPage={list.hasNextPage}
          isFetchingNextPage={list.isFetchingNextPage}
          fetchNextPage={list.fetchNextPage}
        />
      </ListState>
    </>
  );
};
