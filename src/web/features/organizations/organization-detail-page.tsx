import { Button, Paper, Tabs, Text } from "@mantine/core";
import { IconFileCertificate, IconPencil, IconServer, IconUsersGroup } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { Link, Navigate, useParams, useSearchParams } from "react-router";
import { useAuth, useCurrentUser } from "../../app/auth-context";
import { DetailList } from "../../components/detail-list";
import { DomainList } from "../../components/domain-list";
import { useFormatters } from "../../components/formatters";
import { PageLoader, QueryError } from "../../components/list-state";
import { PageHeader } from "../../components/page-header";
import { SellPackageButton } from "../hour-banks/sell-package-modal";
import { OrganizationContacts } from "./organization-contacts";
import { OrganizationContracts } from "./organization-contracts";
import { OrganizationSystems } from "./organization-systems";
import { useOrganization } from "./organizations-api";

type Tab = "contacts" | "systems" | "contracts";
const TABS: readonly Tab[] = ["contacts", "systems", "contracts"];

const OrganizationDetail = ({ organizationId, own }: { organizationId: string; own: boolean }) => {
  const { t } = useTranslation();
  const { can } = useAuth();
  const format = useFormatters();
  const organization = useOrganization(organizationId);
  const [params, setParams] = useSearchParams();
  const showContracts = !own && can("contracts:read");
  const requested = TABS.find((value) => value === params.get("tab")) ?? "contacts";
  const tab: Tab = requested === "contracts" && !showContracts ? "contacts" : requested;

  if (organization.isPending) return <PageLoader />;
  if (organization.isError) return <QueryError error={organization.error} onRetry={organization.refetch} />;
  const org = organization.data;

  return (
    <>
      <PageHeader
        title={org.name}
        description={own ? t("organizations.mine") : undefined}
        back={own ? undefined : { to: "/organizations", label: t("nav.organizations") }}
        actions={
          <>
            {!own && <SellPackageButton organizationId={org.id} />}
            {can("organizations:write") && (
              <Button
                variant="default"
                component={Link}
                to={`/organizations/${org.id}/edit`}
                leftSection={<IconPencil size={16} />}
              >
                {t("common.edit")}
              </Button>
            )}
          </>
        }
      />
      <Paper p={{ base: "md", sm: "lg" }} radius="md" mb="lg">
        <DetailList
          cols={3}
          items={[
            { label: t("organizations.fields.rfc"), value: org.rfc && <Text ff="monospace">{org.rfc}</Text> },
            {
              label: t("organizations.fields.emailDomains"),
              value: <DomainList domains={org.emailDomains} max={6} />,
            },
            { label: t("organizations.fields.timeZone"), value: org.timeZone },
            {
              label: t("organizations.fields.accountExecutive"),
              value: org.accountExecutive?.name ?? t("organizations.noAccountExecutive"),
            },
            { label: t("common.createdAt"), value: format.dateTime(org.createdAt) },
            { label: t("common.updatedAt"), value: format.dateTime(org.updatedAt) },
          ]}
        />
      </Paper>
      <Paper p={{ base: "sm", sm: "md" }} radius="md">
        <Tabs
          value={tab}
          onChange={(value) =>
            setParams(value && value !== "contacts" ? { tab: value } : {}, { replace: true })
          }
          keepMounted={false}
        >
          <Tabs.List mb="md">
            <Tabs.Tab value="contacts" leftSection={<IconUsersGroup size={16} />}>
              {t("organizations.tabs.contacts")}
            </Tabs.Tab>
            <Tabs.Tab value="systems" leftSection={<IconServer size={16} />}>
              {t("organizations.tabs.systems")}
            </Tabs.Tab>
            {showContracts && (
              <Tabs.Tab value="contracts" leftSection={<IconFileCertificate size={16} />}>
                {t("organizations.tabs.contracts")}
              </Tabs.Tab>
            )}
          </Tabs.List>
          <Tabs.Panel value="contacts">
            <OrganizationContacts organizationId={org.id} />
          </Tabs.Panel>
          <Tabs.Panel value="systems">
            <OrganizationSystems organizationId={org.id} />
          </Tabs.Panel>
          {showContracts && (
            <Tabs.Panel value="contracts">
              <OrganizationContracts organizationId={org.id} />
            </Tabs.Panel>
          )}
        </Tabs>
      </Paper>
    </>
  );
};

export const OrganizationDetailPage = () => {
  const { organizationId = "" } = useParams();
  const user = useCurrentUser();
  return <OrganizationDetail organizationId={organizationId} own={user.organizationId === organizationId} />;
};

/** A customer contact's own organization. */
export const MyOrganizationPage = () => {
  const user = useCurrentUser();
  if (!user.organizationId) return <Navigate to="/" replace />;
  return <OrganizationDetail organizationId={user.organizationId} own />;
};
