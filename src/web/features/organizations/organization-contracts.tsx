import { Button } from "@mantine/core";
import { IconFileCertificate, IconPlus } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useAuth } from "../../app/auth-context";
import { PagedList } from "../../components/paged-list";
import { useContracts, useRenewedContractIds } from "../contracts/contracts-api";
import { ContractsTable } from "../contracts/contracts-table";

/** An organization's contracts (staff), soonest end first. */
export const OrganizationContracts = ({ organizationId }: { organizationId: string }) => {
  const { t } = useTranslation();
  const { can } = useAuth();
  const list = useContracts({ organizationId });
  const successors = useRenewedContractIds();
  const addButton = can("contracts:write") ? (
    <Button
      variant="light"
      size="sm"
      component={Link}
      to={`/contracts/new?organizationId=${organizationId}`}
      leftSection={<IconPlus size={16} />}
    >
      {t("contracts.new")}
    </Button>
  ) : null;

  return (
    <PagedList
      list={list}
      compact
      addButton={addButton}
      empty={{
        title: t("contracts.emptyForOrganization"),
        description: t("contracts.emptyForOrganizationDescription"),
        icon: <IconFileCertificate size={28} stroke={1.5} />,
      }}
    >
      <ContractsTable
        contracts={list.items}
        label={t("contracts.title")}
        showOrganization={false}
        successors={successors}
      />
    </PagedList>
  );
};
