import { Button, Group, SegmentedControl, Select } from "@mantine/core";
import { IconCalendarEvent, IconList, IconPlus } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useAuth } from "../../app/auth-context";
import { ListPage, ListToolbar } from "../../components/list-page";
import { PagedList } from "../../components/paged-list";
import { useUrlFilters } from "../../components/use-url-filters";
import { OrganizationFilter } from "../organizations/organization-picker";
import {
  type AgendaStatus,
  type StsVisit,
  type StsVisitKind,
  useEngineerOptions,
  useStsAgenda,
  VISIT_KIND_VALUES,
} from "./sts-api";
import { StsVisitsTable } from "./sts-visits-table";
import { HoldVisitModal, RescheduleVisitModal } from "./visit-dialogs";

const AGENDA_STATUSES = ["scheduled", "held", "all"] as const satisfies readonly AgendaStatus[];
const isStatus = (value: string | null): value is AgendaStatus =>
  (AGENDA_STATUSES as readonly (string | null)[]).includes(value);
const isKind = (value: string | null): value is StsVisitKind =>
  (VISIT_KIND_VALUES as readonly (string | null)[]).includes(value);

/**
 * Staff: "Agenda STS", the on-site engineer's visits by date (the overdue ones first), to record one held with
 * its minutes or move it. Managers see every service's; others those they are engineer or account executive of.
 */
export const StsAgendaPage = () => {
  const { t } = useTranslation();
  const { can, user } = useAuth();
  const filters = useUrlFilters({ status: "scheduled" });
  const rawStatus = filters.get("status") ?? "scheduled";
  const status: AgendaStatus = isStatus(rawStatus) ? rawStatus : "scheduled";
  const rawKind = filters.get("kind");
  const kind = isKind(rawKind) ? rawKind : null;
  const organizationId = filters.get("organizationId");
  const engineerId = filters.get("engineerId");
  const seesAll = user?.role === "admin" || user?.role === "manager";
  const engineers = useEngineerOptions(seesAll);
  const list = useStsAgenda({ status, kind, organizationId, engineerId: seesAll ? engineerId : null });
  const [holding, setHolding] = useState<StsVisit | null>(null);
  const [moving, setMoving] = useState<StsVisit | null>(null);

  const actions = (
    <Group gap="sm">
      <Button component={Link} to="/sts/services" variant="default" leftSection={<IconList size={16} />}>
        {t("sts.servicesLink")}
      </Button>
      {can("services:sell") && (
        <Button component={Link} to="/sts/services/new" leftSection={<IconPlus size={16} />}>
          {t("sts.create.open")}
        </Button>
      )}
    </Group>
  );

  return (
    <ListPage title={t("sts.title")} description={t("sts.description")} actions={actions}>
      <ListToolbar align="center">
        <SegmentedControl
          aria-label={t("sts.filters.label")}
          value={status}
          onChange={(value) => filters.setFilter("status", value)}
          data={AGENDA_STATUSES.map((value) => ({ value, label: t(`sts.filters.${value}`) }))}
        />
        <Select
          aria-label={t("sts.fields.kind")}
          placeholder={t("sts.filters.allKinds")}
          clearable
          value={kind}
          onChange={(value) => filters.setFilter("kind", value)}
          data={VISIT_KIND_VALUES.map((value) => ({ value, label: t(`sts.kinds.${value}`) }))}
          style={{ flex: "1 1 180px", maxWidth: 220 }}
        />
        <OrganizationFilter filters={filters} />
        {seesAll && (
          <Select
            aria-label={t("sts.fields.engineer")}
            placeholder={t("sts.filters.allEngineers")}
            clearable
            searchable
            value={engineerId}
            onChange={(value) => filters.setFilter("engineerId", value)}
            data={(engineers.data ?? []).map((person) => ({ value: person.id, label: person.name }))}
            style={{ flex: "1 1 200px", maxWidth: 260 }}
          />
        )}
      </ListToolbar>
      <PagedList
        list={list}
        filtered={Boolean(kind || organizationId || engineerId || status !== "scheduled")}
        hint={seesAll ? t("sts.scope.all") : t("sts.scope.mine")}
        empty={{
          title: t("sts.empty"),
          description: t("sts.emptyDescription"),
          icon: <IconCalendarEvent size={28} stroke={1.5} />,
        }}
      >
        <StsVisitsTable
          visits={list.items}
          label={t("sts.title")}
          onHold={setHolding}
          onReschedule={setMoving}
        />
      </PagedList>
      <HoldVisitModal visit={holding} onClose={() => setHolding(null)} />
      <RescheduleVisitModal visit={moving} onClose={() => setMoving(null)} />
    </ListPage>
  );
};
