import { Card, Group, SimpleGrid, Text, ThemeIcon } from "@mantine/core";
import { IconArrowRight } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { can } from "../../../api/permissions";
import { useCurrentUser } from "../../app/auth-context";
import { type NavItem, navigationFor } from "../../app/navigation";
import { PageHeader } from "../../components/page-header";
import { RenewalPipeline } from "../contracts/renewal-pipeline";
import { ComplianceThisMonth } from "../reports/compliance-this-month";
import { UnreadAlerts } from "../support-center/unread-alerts";

/** Who sees this month's compliance first thing: the support managers and admins. */
const COMPLIANCE_ROLES = new Set(["manager", "admin"]);

/** Who sees the renewal pipeline first thing: sales, their managers and admins. */
const PIPELINE_ROLES = new Set(["account_executive", "manager", "admin"]);

const DESCRIPTIONS = {
  "nav.cases": "home.cards.cases",
  "nav.phoneLog": "home.cards.phoneLog",
  "nav.myCases": "home.cards.myCases",
  "nav.openCase": "home.cards.openCase",
  "nav.myOrganization": "home.cards.myOrganization",
  "nav.organizations": "home.cards.organizations",
  "nav.contacts": "home.cards.contacts",
  "nav.catalog": "home.cards.catalog",
  "nav.contracts": "home.cards.contracts",
  "nav.sts": "home.cards.sts",
  "nav.myContracts": "home.cards.myContracts",
  "nav.myServices": "home.cards.myServices",
  "nav.hourBanks": "home.cards.hourBanks",
  "nav.reports": "home.cards.reports",
  "nav.serviceLevel": "home.cards.serviceLevel",
  "nav.outOfHours": "home.cards.outOfHours",
  "nav.supportCenter": "home.cards.supportCenter",
  "nav.versions": "home.cards.versions",
  "nav.plans": "home.cards.plans",
  "nav.calendars": "home.cards.calendars",
  "nav.heldRequests": "home.cards.heldRequests",
  "nav.inboundMail": "home.cards.inboundMail",
  "nav.mailSettings": "home.cards.mailSettings",
  "nav.webhooks": "home.cards.webhooks",
  "nav.users": "home.cards.users",
  "nav.escalation": "home.cards.escalation",
  "nav.outbox": "home.cards.outbox",
  "nav.devMail": "home.cards.devMail",
  "nav.audit": "home.cards.audit",
  "nav.apiReference": "home.cards.apiReference",
} as const satisfies Record<Exclude<NavItem["labelKey"], "nav.home">, `home.cards.${string}`>;

export const HomePage = () => {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const firstName = user.name.split(/\s+/)[0] ?? user.name;
  const cards = navigationFor(user).filter((item) => item.labelKey !== "nav.home");

  return (
    <>
      <PageHeader title={t("home.greeting", { name: firstName })} description={t("home.subtitle")} />
      {user.role === "customer_contact" && <UnreadAlerts />}
      {COMPLIANCE_ROLES.has(user.role) && can(user.role, "reports:read") && <ComplianceThisMonth />}
      {PIPELINE_ROLES.has(user.role) && <RenewalPipeline />}
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
        {cards.map((item) => {
          const Icon = item.icon;
          const external = item.external ? { href: item.to, target: "_blank", rel: "noreferrer" } : null;
          const description = t(DESCRIPTIONS[item.labelKey as keyof typeof DESCRIPTIONS]);
          const body = (
            <>
              <Group justify="space-between" mb="sm" wrap="nowrap">
                <ThemeIcon variant="light" size={40} radius="md">
                  <Icon size={22} stroke={1.6} />
                </ThemeIcon>
                <IconArrowRight size={18} color="var(--mantine-color-gray-5)" aria-hidden />
              </Group>
              <Text fw={650} mb={4}>
                {t(item.labelKey)}
              </Text>
              <Text size="sm" c="dimmed">
                {description}
              </Text>
            </>
          );
          return external ? (
            <Card key={item.to} component="a" {...external} withBorder padding="lg" radius="md">
              {body}
            </Card>
          ) : (
            <Card key={item.to} component={Link} to={item.to} withBorder padding="lg" radius="md">
              {body}
            </Card>
          );
        })}
      </SimpleGrid>
    </>
  );
};
