import { Alert, Button, Code, Group, Select, SimpleGrid, Table, Text, TextInput } from "@mantine/core";
import { IconFilterOff, IconHistory, IconListDetails } from "@tabler/icons-react";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { AUDIT_ENTITIES, MAX_AUDIT_RANGE_YEARS } from "../../../api/audit";
import { ActionsHeader, DataTable } from "../../components/data-table";
import { DayAndTimeCell } from "../../components/day-and-time";
import { useFormatters } from "../../components/formatters";
import { ListPage, ListToolbar } from "../../components/list-page";
import { PagedList } from "../../components/paged-list";
import { RowAction } from "../../components/row-action";
import { useUrlFilters } from "../../components/use-url-filters";
import { OrganizationPicker } from "../organizations/organization-picker";
import { type AuditEntry, type AuditFilterValues, useAuditLog, useStaffActors } from "./audit-api";
import { AuditEntryDetail } from "./audit-entry-detail";
import { EntityRef, OrganizationRef, useActionText, useEntityText, Who } from "./audit-parts";
import {
  AUDIT_ACTION_GROUP_KEYS,
  AUDIT_ACTION_KEYS,
  type AuditActionGroup,
  entityLabel,
  isActionGroup,
  isKnownAction,
} from "./audit-words";

const FILTER_KEYS = ["entity", "action", "actorId", "organizationId", "from", "to", "q"] as const;

/** The action's options: each group's "all of it" first, then its actions in words; an unknown one as code. */
const useActionOptions = (current: string | null) => {
  const { t } = useTranslation();
  const actionText = useActionText();
  return useMemo(() => {
    const byGroup = new Map<AuditActionGroup, { value: string; label: string }[]>();
    for (const action of Object.keys(AUDIT_ACTION_KEYS)) {
      // the old name of a sign-in has the new one's words: offer one of them
      if (action === "auth.login") continue;
      const group = action.split(".")[0]!;
      if (!isActionGroup(group)) continue;
      const items = byGroup.get(group) ?? [];
      items.push({ value: action, label: actionText(action) });
      byGroup.set(group, items);
    }
    const data = [...byGroup].map(([group, items]) => {
      const name = t(AUDIT_ACTION_GROUP_KEYS[group]);
      return {
        group: name,
        items: [{ value: `${group}.`, label: t("audit.filters.allOfGroup", { group: name }) }, ...items],
      };
    });
    const known = data.some((g) => g.items.some((item) => item.value === current));
    return current && !known
      ? [{ group: current, items: [{ value: current, label: current }] }, ...data]
      : data;
  }, [t, actionText, current]);
};

const FilterBar = ({
  values,
  filters,
  problem,
  actorName,
}: {
  values: AuditFilterValues;
  filters: ReturnType<typeof useUrlFilters>;
  problem: "reversed" | "tooLong" | null;
  /** The chosen person's name when they are not staff (a customer contact picked from a row). */
  actorName: string | null;
}) => {
  const { t } = useTranslation();
  const entityText = useEntityText();
  const actions = useActionOptions(values.action);
  const staff = useStaffActors();
  const actorOptions = useMemo(() => {
    const items = (staff.data ?? []).map((user) => ({
      value: user.id,
      label: `${user.name} · ${t(`roles.${user.role}`)}`,
    }));
    if (values.actorId && !items.some((item) => item.value === values.actorId)) {
      items.unshift({ value: values.actorId, label: actorName ?? t("audit.filters.otherPerson") });
    }
    return items;
  }, [staff.data, values.actorId, actorName, t]);
  const periodError =
    problem === "reversed"
      ? t("audit.filters.reversed")
      : problem === "tooLong"
        ? t("audit.filters.tooLong", { years: MAX_AUDIT_RANGE_YEARS })
        : undefined;
  const filtered = FILTER_KEYS.some((key) => (key === "q" ? values.q : values[key]));

  return (
    <>
      <ListToolbar search={{ filters, label: t("audit.filters.search") }} mb="sm" />
      <SimpleGrid
        cols={{ base: 2, sm: 3, xl: 6 }}
        spacing="sm"
        verticalSpacing="xs"
        mb="md"
        component="section"
        aria-label={t("audit.filters.label")}
      >
        <Select
          label={t("audit.filters.entity")}
          placeholder={t("audit.filters.allEntities")}
          clearable
          searchable
          value={values.entity}
          onChange={(value) => filters.setFilter("entity", value)}
          data={AUDIT_ENTITIES.map((entity) => ({ value: entity, label: entityText(entity) })).sort((a, b) =>
            a.label.localeCompare(b.label),
          )}
          nothingFoundMessage={t("common.noMatches")}
        />
        <Select
          label={t("audit.filters.action")}
          placeholder={t("audit.filters.anyAction")}
          clearable
          searchable
          value={values.action}
          onChange={(value) => filters.setFilter("action", value)}
          data={actions}
          nothingFoundMessage={t("common.noMatches")}
          comboboxProps={{ width: 320, position: "bottom-start" }}
        />
        <Select
          label={t("audit.filters.actor")}
          placeholder={t("audit.filters.anyone")}
          clearable
          searchable
          value={values.actorId}
          onChange={(value) => filters.setFilter("actorId", value)}
          data={actorOptions}
          nothingFoundMessage={staff.isFetching ? t("common.loading") : t("common.noMatches")}
          comboboxProps={{ width: 300, position: "bottom-start" }}
        />
        <OrganizationPicker
          label={t("audit.filters.organization")}
          placeholder={t("audit.filters.allOrganizations")}
          value={values.organizationId}
          onChange={(value) => filters.setFilter("organizationId", value)}
        />
        <TextInput
          type="date"
          label={t("audit.filters.from")}
          value={values.from ?? ""}
          onChange={(event) => filters.setFilter("from", event.currentTarget.value || null)}
        />
        <TextInput
          type="date"
          label={t("audit.filters.to")}
          value={values.to ?? ""}
          onChange={(event) => filters.setFilter("to", event.currentTarget.value || null)}
          error={periodError}
        />
      </SimpleGrid>
      {filtered && (
        <Group justify="flex-end" mt={-8} mb="sm">
          <Button
            variant="subtle"
            size="xs"
            leftSection={<IconFilterOff size={14} />}
            onClick={() => filters.setFilter("q", null, { clear: FILTER_KEYS })}
          >
            {t("audit.filters.clear")}
          </Button>
        </Group>
      )}
    </>
  );
};

/**
 * The audit log (admins and managers): who changed what and when, filtered by what it is about, the action,
 * the person, the organization and the period, with each entry's before and after.
 */
export const AuditPage = () => {
  const { t } = useTranslation();
  const format = useFormatters();
  const actionText = useActionText();
  const filters = useUrlFilters();
  const values: AuditFilterValues = {
    entity: filters.get("entity"),
    action: filters.get("action"),
    actorId: filters.get("actorId"),
    organizationId: filters.get("organizationId"),
    from: filters.get("from"),
    to: filters.get("to"),
    q: filters.q,
  };
  const { list, problem } = useAuditLog(values);
  const [open, setOpen] = useState<AuditEntry | null>(null);
  const onlyActor = (actorId: string) => filters.setFilter("actorId", actorId);
  const actorName = values.actorId
    ? (list.items.find((entry) => entry.actor?.id === values.actorId)?.actor?.name ?? null)
    : null;
  const filtered = FILTER_KEYS.some((key) => (key === "q" ? values.q : values[key]));

  return (
    <ListPage title={t("audit.title")} description={t("audit.description")}>
      <FilterBar values={values} filters={filters} problem={problem} actorName={actorName} />
      {problem ? (
        <Alert color="yellow" variant="light">
          {t("audit.filters.fixPeriod")}
        </Alert>
      ) : (
        <PagedList
          list={list}
          search={values.q}
          filtered={filtered}
          empty={{
            title: t("audit.empty"),
            description: t("audit.emptyDescription"),
            icon: <IconHistory size={28} stroke={1.5} />,
          }}
        >
          <DataTable
            label={t("audit.table")}
            minWidth={340}
            head={
              <>
                <Table.Th w={1}>{t("audit.columns.when")}</Table.Th>
                <Table.Th visibleFrom="sm">{t("audit.columns.who")}</Table.Th>
                <Table.Th>{t("audit.columns.action")}</Table.Th>
                <Table.Th visibleFrom="sm">{t("audit.columns.entity")}</Table.Th>
                <Table.Th visibleFrom="sm">{t("audit.columns.organization")}</Table.Th>
                <ActionsHeader w={44} />
              </>
            }
          >
            {list.items.map((entry) => (
              <Table.Tr key={entry.id}>
                <DayAndTimeCell iso={entry.at} />
                <Table.Td visibleFrom="sm" style={{ verticalAlign: "top", minWidth: 150 }}>
                  <Who entry={entry} onOnly={onlyActor} />
                </Table.Td>
                <Table.Td style={{ verticalAlign: "top", minWidth: 160 }}>
                  <Text size="sm" fw={600} style={{ overflowWrap: "anywhere" }}>
                    {actionText(entry.action)}
                  </Text>
                  {isKnownAction(entry.action) && (
                    <Code fz={11} c="dimmed" bg="transparent" p={0}>
                      {entry.action}
                    </Code>
                  )}
                  {/* on a phone the other columns fold in here */}
                  <FoldedColumns entry={entry} onOnly={onlyActor} />
                </Table.Td>
                <Table.Td visibleFrom="sm" style={{ verticalAlign: "top" }}>
                  <EntityRef entry={entry} />
                </Table.Td>
                <Table.Td visibleFrom="sm" style={{ verticalAlign: "top", minWidth: 140 }}>
                  <OrganizationRef entry={entry} />
                </Table.Td>
                <Table.Td style={{ verticalAlign: "top" }}>
                  <RowAction
                    tooltip={t("audit.open")}
                    label={t("audit.openNamed", {
                      action: actionText(entry.action),
                      at: format.dateTime(entry.at),
                    })}
                    onClick={() => setOpen(entry)}
                  >
                    <IconListDetails size={18} />
                  </RowAction>
                </Table.Td>
              </Table.Tr>
            ))}
          </DataTable>
        </PagedList>
      )}
      <AuditEntryDetail entry={open} onClose={() => setOpen(null)} />
    </ListPage>
  );
};

/** Who, what about and which organization, under the action on narrow screens. */
const FoldedColumns = ({ entry, onOnly }: { entry: AuditEntry; onOnly: (actorId: string) => void }) => {
  const entityText = useEntityText();
  const label = entityLabel(entry);
  return (
    <Text component="div" size="xs" c="dimmed" mt={4} hiddenFrom="sm">
      <Who entry={entry} onOnly={onOnly} />
      <Text size="xs" mt={4}>
        {entityText(entry.entity)}
        {label ? ` · ${label}` : ""}
        {entry.organizationName ? ` · ${entry.organizationName}` : ""}
      </Text>
    </Text>
  );
};
