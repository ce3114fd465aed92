import { Card, Group, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { IconHourglass } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { useFormatters } from "../../components/formatters";
import { ListState } from "../../components/list-state";
import { PagedList } from "../../components/paged-list";
import { Section } from "../../components/section";
import { BalanceBar, HourPackageStatusBadge, useHoursFormat } from "../hour-banks/hour-bank-parts";
import { type HourPackage, useHourEntries, useHourPackages } from "../hour-banks/hour-banks-api";
import { HourEntriesTable } from "../hour-banks/hour-entries-table";

const ORDER: Record<HourPackage["status"], number> = { active: 0, upcoming: 1, used_up: 2, expired: 3 };

const PackageCard = ({ pkg }: { pkg: HourPackage }) => {
  const { t } = useTranslation();
  const format = useFormatters();
  const hours = useHoursFormat();
  return (
    <Card withBorder radius="md" padding="lg" component="article" aria-label={pkg.purchaseOrder}>
      <Group justify="space-between" align="flex-start" gap="xs" mb="md">
        <div style={{ minWidth: 0 }}>
          <Title order={3} fz="md">
            {t("myServices.hourBank.package", { hours: hours(pkg.hours) })}
          </Title>
          <Text size="xs" c="dimmed">
            {t("hourBanks.fields.purchaseOrderShort", { purchaseOrder: pkg.purchaseOrder })}
          </Text>
        </div>
        <HourPackageStatusBadge status={pkg.status} />
      </Group>
      <BalanceBar pkg={pkg} />
      <Text size="sm" c={pkg.status === "expired" ? "dimmed" : undefined} mt="sm">
        {pkg.status === "expired"
          ? t("myServices.hourBank.expired", { date: format.localDate(pkg.expiresOn) })
          : t("myServices.hourBank.validUntil", {
              from: format.localDate(pkg.purchasedOn),
              date: format.localDate(pkg.expiresOn),
            })}
      </Text>
    </Card>
  );
};

/** "Mis servicios": the organization's hour-bank packages with their balance, and the hours logged. */
export const HourBankSection = () => {
  const { t } = useTranslation();
  const packages = useHourPackages({});
  const entries = useHourEntries();
  const sorted = [...packages.items].sort((a, b) => ORDER[a.status] - ORDER[b.status]);
  return (
    <Section title={t("myServices.hourBank.title")} description={t("myServices.hourBank.description")}>
      <Stack gap="lg">
        <ListState
          query={packages}
          isEmpty={sorted.length === 0}
          rows={2}
          compact
          empty={{
            title: t("myServices.hourBank.empty"),
            description: t("myServices.hourBank.emptyDescription"),
            icon: <IconHourglass size={24} stroke={1.5} />,
          }}
        >
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
            {sorted.map((pkg) => (
              <PackageCard key={pkg.id} pkg={pkg} />
            ))}
          </SimpleGrid>
        </ListState>
        {sorted.length > 0 && (
          <Stack gap="xs">
            <Title order={4} fz="sm">
              {t("hourBanks.entries.title")}
            </Title>
            <PagedList list={entries} compact empty={{ title: t("myServices.hourBank.noEntries") }}>
              <HourEntriesTable entries={entries.items} label={t("hourBanks.entries.title")} />
            </PagedList>
          </Stack>
        )}
      </Stack>
    </Section>
  );
};
