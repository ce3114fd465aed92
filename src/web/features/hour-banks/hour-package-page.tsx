import { Anchor, Button, Grid, List, Stack, Text, ThemeIcon } from "@mantine/core";
import { IconBellRinging, IconClockPlus, IconHourglass } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { useAuth } from "../../app/auth-context";
import { DetailList } from "../../components/detail-list";
import { useFormatters } from "../../components/formatters";
import { PageLoader, QueryError } from "../../components/list-state";
import { PageHeader } from "../../components/page-header";
import { PagedList } from "../../components/paged-list";
import { Section } from "../../components/section";
import { BalanceBar, HourPackageStatusBadge, useHoursFormat, useMoney } from "./hour-bank-parts";
import { type HourPackageDetail, useHourPackage, usePackageEntries } from "./hour-banks-api";
import { HourEntriesTable } from "./hour-entries-table";
import { LogEntryModal } from "./log-entry-modal";

const Alerts = ({ pkg }: { pkg: HourPackageDetail }) => {
  const { t } = useTranslation();
  const format = useFormatters();
  if (pkg.alerts.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {t("hourBanks.alerts.none")}
      </Text>
    );
  }
  return (
    <List
      spacing="xs"
      size="sm"
      aria-label={t("hourBanks.alerts.title")}
      icon={
        <ThemeIcon size={22} radius="xl" variant="light" color="orange">
          <IconBellRinging size={13} />
        </ThemeIcon>
      }
    >
      {pkg.alerts.map((alert) => (
        <List.Item key={alert.kind}>
          <Text size="sm" fw={500}>
            {t(`hourBanks.alerts.kinds.${alert.kind}`, { percent: pkg.lowBalancePercent })}
          </Text>
          <Text size="xs" c="dimmed">
            {t("hourBanks.alerts.sent", { date: format.dateTime(alert.sentAt), count: alert.recipients })}
          </Text>
        </List.Item>
      ))}
    </List>
  );
};

/** Staff: one package, its balance bar, the entries that took from it and the alerts sent. */
export const HourPackagePage = () => {
  const { t } = useTranslation();
  const { can } = useAuth();
  const format = useFormatters();
  const hours = useHoursFormat();
  const money = useMoney();
  const { packageId = "" } = useParams();
  const query = useHourPackage(packageId);
  const entries = usePackageEntries(packageId);
  const [logging, setLogging] = useState(false);

  if (query.isPending) return <PageLoader />;
  if (query.isError) return <QueryError error={query.error} onRetry={query.refetch} />;
  const pkg = query.data;
  const logButton = can("hour-banks:log") ? (
    <Button leftSection={<IconClockPlus size={16} />} onClick={() => setLogging(true)}>
      {t("hourBanks.log.open")}
    </Button>
  ) : null;

  return (
    <>
      <PageHeader
        title={t("hourBanks.detailTitle", { hours: hours(pkg.hours) })}
        description={
          <>
            <Anchor component={Link} to={`/organizations/${pkg.organizationId}`} size="sm">
              {pkg.organizationName}
            </Anchor>
            {" · "}
            {t("hourBanks.fields.purchaseOrderShort", { purchaseOrder: pkg.purchaseOrder })}
          </>
        }
        back={{ to: "/hour-banks", label: t("nav.hourBanks") }}
        actions={logButton}
      />
      <Stack gap="lg">
        <Section
          title={t("hourBanks.balance.title")}
          actions={<HourPackageStatusBadge status={pkg.status} />}
        >
          <Stack gap="lg">
            <BalanceBar pkg={pkg} />
            {pkg.lowBalance && pkg.status === "active" && (
              <Text size="sm" c="orange.8">
                {t("hourBanks.balance.low", { percent: pkg.lowBalancePercent })}
              </Text>
            )}
            <DetailList
              cols={3}
              items={[
                {
                  label: t("hourBanks.fields.contract"),
                  value: (
                    <Anchor component={Link} to={`/contracts/${pkg.contract.id}`} size="sm">
                      {pkg.contract.number}
                    </Anchor>
                  ),
                },
                { label: t("hourBanks.fields.purchasedOn"), value: format.localDate(pkg.purchasedOn) },
                { label: t("hourBanks.fields.expiresOn"), value: format.localDate(pkg.expiresOn) },
                {
                  label: t("hourBanks.fields.price"),
                  value: money(pkg.priceCents, pkg.currency),
                },
                { label: t("hourBanks.fields.soldBy"), value: pkg.soldBy?.name },
                { label: t("common.createdAt"), value: format.dateTime(pkg.createdAt) },
              ]}
            />
          </Stack>
        </Section>
        <Grid gap="lg">
          <Grid.Col span={{ base: 12, lg: 8 }}>
            <Section title={t("hourBanks.entries.title")} description={t("hourBanks.entries.description")}>
              <PagedList
                list={entries}
                compact
                empty={{
                  title: t("hourBanks.entries.empty"),
                  icon: <IconHourglass size={24} stroke={1.5} />,
                  action: logButton,
                }}
              >
                <HourEntriesTable
                  entries={entries.items}
                  label={t("hourBanks.entries.title")}
                  packageId={pkg.id}
                />
              </PagedList>
            </Section>
          </Grid.Col>
          <Grid.Col span={{ base: 12, lg: 4 }}>
            <Section title={t("hourBanks.alerts.title")} description={t("hourBanks.alerts.description")}>
              <Alerts pkg={pkg} />
            </Section>
          </Grid.Col>
        </Grid>
      </Stack>
      <LogEntryModal
        opened={logging}
        onClose={() => setLogging(false)}
        organizationId={pkg.organizationId}
        organizationName={pkg.organizationName}
      />
    </>
  );
};
