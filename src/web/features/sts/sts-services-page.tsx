import { Button, Group, Select, Table, Text } from "@mantine/core";
import { IconCalendarEvent, IconPlus, IconUserCog } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useAuth } from "../../app/auth-context";
import { DataTable } from "../../components/data-table";
import { useFormatters } from "../../components/formatters";
import { ListPage, ListToolbar } from "../../components/list-page";
import { PagedList } from "../../components/paged-list";
import { useRowLink } from "../../components/row-link";
import { useUrlFilters } from "../../components/use-url-filters";
import { OrganizationFilter } from "../organizations/organization-picker";
import {
  SERVICE_STATUS_VALUES,
  type StsServiceStatus,
  type StsServiceSummary,
  useStsServices,
} from "./sts-api";
import { ServiceStatusBadge, useVisitName } from "./sts-parts";

const isStatus = (value: string | null): value is StsServiceStatus =>
  (SERVICE_STATUS_VALUES as readonly (string | null)[]).includes(value);

const ServicesTable = ({ services, label }: { services: StsServiceSummary[]; label: string }) => {
  const { t } = useTranslation();
  const format = useFormatters();
  const rowLink = useRowLink();
  const visitName = useVisitName();
  return (
    <DataTable
      label={label}
      minWidth={600}
      head={
        <>
          <Table.Th>{t("sts.fields.organization")}</Table.Th>
          <Table.Th>{t("sts.fields.engineer")}</Table.Th>
          <Table.Th visibleFrom="sm">{t("sts.fields.period")}</Table.Th>
          <Table.Th>{t("sts.fields.nextVisit")}</Table.Th>
          <Table.Th>{t("sts.fields.status")}</Table.Th>
        </>
      }
    >
      {services.map((service) => (
        <Table.Tr key={service.id} {...rowLink(`/sts/services/${service.id}`)}>
          <Table.Td>
            <Link className="soporte-row-link" to={`/sts/services/${service.id}`}>
              {service.organizationName}
            </Link>
            <Text size="xs" c="dimmed">
              {service.purchaseOrder}
            </Text>
          </Table.Td>
          <Table.Td>
            <Text size="sm">{service.engineer.name}</Text>
          </Table.Td>
          <Table.Td visibleFrom="sm" style={{ whiteSpace: "nowrap" }}>
            <Text size="sm">
              {t("sts.periodRange", {
                start: format.localDate(service.startDate),
                end: format.localDate(service.endDate),
              })}
            </Text>
          </Table.Td>
          <Table.Td>
            {service.nextVisit ? (
              <>
                <Text size="sm">{format.localDate(service.nextVisit.scheduledOn)}</Text>
                <Text size="xs" c="dimmed">
                  {visitName(service.nextVisit)}
                </Text>
              </>
            ) : (
              <Text size="sm" c="dimmed">
                {t("sts.noNextVisit")}
              </Text>
            )}
          </Table.Td>
          <Table.Td>
            <ServiceStatusBadge status={service.status} />
          </Table.Td>
        </Table.Tr>
      ))}
    </DataTable>
  );
};

/** Staff: every on-site engineer service, newest first, with its engineer and next visit. */
export const StsServicesPage = () => {
  const { t } = useTranslation();
  const { can } = useAuth();
  const filters = useUrlFilters();
  const organizationId = filters.get("organizationId");
  const rawStatus = filters.get("status");
  const status = isStatus(rawStatus) ? rawStatus : null;
  const list = useStsServices({ organizationId, status });
  const sellButton = can("services:sell") ? (
    <Button component={Link} to="/sts/services/new" leftSection={<IconPlus size={16} />}>
      {t("sts.create.open")}
    </Button>
  ) : null;

  return (
    <ListPage
      title={t("sts.servicesTitle")}
      description={t("sts.servicesDescription")}
      actions={
        <Group gap="sm">
          <Button component={Link} to="/sts" variant="default" leftSection={<IconCalendarEvent size={16} />}>
            {t("sts.agendaLink")}
          </Button>
          {sellButton}
        </Group>
      }
    >
      <ListToolbar>
        <OrganizationFilter filters={filters} />
        <Select
          aria-label={t("sts.fields.status")}
          placeholder={t("sts.filters.allStatuses")}
          clearable
          value={status}
          onChange={(value) => filters.setFilter("status", value)}
          data={SERVICE_STATUS_VALUES.map((value) => ({ value, label: t(`sts.serviceStatus.${value}`) }))}
          style={{ flex: "1 1 180px", maxWidth: 220 }}
        />
      </ListToolbar>
      <PagedList
        list={list}
        filtered={Boolean(organizationId || status)}
        empty={{
          title: t("sts.servicesEmpty"),
          description: t("sts.servicesEmptyDescription"),
          icon: <IconUserCog size={28} stroke={1.5} />,
          action: sellButton,
        }}
      >
        <ServicesTable services={list.items} label={t("sts.servicesTitle")} />
      </PagedList>
    </ListPage>
  );
};
