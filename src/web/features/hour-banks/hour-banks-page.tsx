import { Button, Select } from "@mantine/core";
import { IconHourglass, IconPlus } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useAuth } from "../../app/auth-context";
import { ListPage, ListToolbar } from "../../components/list-page";
import { PagedList } from "../../components/paged-list";
import { useUrlFilters } from "../../components/use-url-filters";
import { OrganizationFilter } from "../organizations/organization-picker";
import { type HourPackageStatus, PACKAGE_STATUS_VALUES, useHourPackages } from "./hour-banks-api";
import { HourPackagesTable } from "./hour-packages-table";
import { SellPackageModal } from "./sell-package-modal";

const isStatus = (value: string | null): value is HourPackageStatus =>
  (PACKAGE_STATUS_VALUES as readonly (string | null)[]).includes(value);

/** Staff: "Bolsas de horas", every consulting-hour package with its balance, latest expiry first. */
export const HourBanksPage = () => {
  const { t } = useTranslation();
  const { can } = useAuth();
  const filters = useUrlFilters();
  const organizationId = filters.get("organizationId");
  const rawStatus = filters.get("status");
  const status = isStatus(rawStatus) ? rawStatus : null;
  const list = useHourPackages({ organizationId, status });
  const [selling, setSelling] = useState(false);

  const sellButton = can("services:sell") ? (
    <Button leftSection={<IconPlus size={16} />} onClick={() => setSelling(true)}>
      {t("hourBanks.sell.open")}
    </Button>
  ) : null;

  return (
    <ListPage title={t("hourBanks.title")} description={t("hourBanks.description")} actions={sellButton}>
      <ListToolbar>
        <OrganizationFilter filters={filters} />
        <Select
          aria-label={t("hourBanks.fields.status")}
          placeholder={t("hourBanks.filters.allStatuses")}
          clearable
          value={status}
          onChange={(value) => filters.setFilter("status", value)}
          data={PACKAGE_STATUS_VALUES.map((value) => ({ value, label: t(`hourBanks.status.${value}`) }))}
          style={{ flex: "1 1 200px", maxWidth: 240 }}
        />
      </ListToolbar>
      <PagedList
        list={list}
        filtered={Boolean(organizationId || status)}
        empty={{
          title: t("hourBanks.empty"),
          description: t("hourBanks.emptyDescription"),
          icon: <IconHourglass size={28} stroke={1.5} />,
          action: sellButton,
        }}
      >
        <HourPackagesTable packages={list.items} label={t("hourBanks.title")} />
      </PagedList>
      <SellPackageModal opened={selling} onClose={() => setSelling(false)} organizationId={organizationId} />
    </ListPage>
  );
};
