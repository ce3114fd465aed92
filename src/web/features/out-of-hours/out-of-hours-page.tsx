import { Button, Group, Modal, Stack, Switch, Table, Text } from "@mantine/core";
import { IconCalendarPlus, IconCheck, IconMoonStars, IconX } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useAuth } from "../../app/auth-context";
import { ActionsHeader, DataTable } from "../../components/data-table";
import { useFormatters } from "../../components/formatters";
import { ListPage, ListToolbar } from "../../components/list-page";
import { PageLoader, QueryError } from "../../components/list-state";
import { notifyError, notifySuccess } from "../../components/notify";
import { PagedList } from "../../components/paged-list";
import { StatusTabs } from "../../components/status-tabs";
import { useUrlFilters } from "../../components/use-url-filters";
import { OrganizationFilter, OrganizationPicker } from "../organizations/organization-picker";
import { BookingForm } from "./booking-form";
import {
  OUT_OF_HOURS_STATUS_VALUES,
  type OutOfHoursStatus,
  type OutOfHoursWindow,
  useOutOfHoursAction,
  useOutOfHoursOverview,
  useOutOfHoursSettings,
  useOutOfHoursWindows,
} from "./out-of-hours-api";
import { OutOfHoursStatusBadge, useWindowTimes, WindowReasonModal } from "./out-of-hours-parts";

const ALL = "all";
const TABS = [...OUT_OF_HOURS_STATUS_VALUES, ALL] as const;
type Tab = (typeof TABS)[number];

/** Staff booking a day for an organization: pick it, then the same form its contacts use. */
const StaffBookingModal = ({ opened, onClose }: { opened: boolean; onClose: () => void }) => {
  const { t } = useTranslation();
  const [organizationId, setOrganizationId] = useState<string | null>(null);
  const overview = useOutOfHoursOverview(organizationId, opened && organizationId !== null);
  const close = () => {
    setOrganizationId(null);
    onClose();
  };
  return (
    <Modal opened={opened} onClose={close} title={t("outOfHours.bookTitle")} size="lg">
      <Stack gap="md">
        <OrganizationPicker
          label={t("outOfHours.fields.organization")}
          value={organizationId}
          onChange={setOrganizationId}
          required
        />
        {organizationId &&
          (overview.isPending ? (
            <PageLoader />
          ) : overview.isError ? (
            <QueryError error={overview.error} onRetry={overview.refetch} />
          ) : overview.data.contracts.length === 0 ? (
            <Text size="sm" c="orange.8">
              {t("outOfHours.noContract")}
            </Text>
          ) : (
            <BookingForm overview={overview.data} organizationId={organizationId} onDone={close} />
          ))}
      </Stack>
    </Modal>
  );
};

/** Staff: the out-of-hours windows booked by customers, to confirm, decline or cancel. */
export const OutOfHoursPage = () => {
  const { t } = useTranslation();
  const { can } = useAuth();
  const format = useFormatters();
  const times = useWindowTimes();
  const filters = useUrlFilters({ status: "requested", upcoming: "true" });
  const tab = (TABS as readonly string[]).includes(filters.get("status") ?? "requested")
    ? ((filters.get("status") ?? "requested") as Tab)
    : "requested";
  const upcoming = (filters.get("upcoming") ?? "true") === "true";
  const organizationId = filters.get("organizationId");
  const list = useOutOfHoursWindows({
    status: tab === ALL ? null : (tab as OutOfHoursStatus),
    organizationId,
    upcoming,
  });
  const action = useOutOfHoursAction();
  const [reasonFor, setReasonFor] = useState<{
    window: OutOfHoursWindow;
    action: "decline" | "cancel";
  } | null>(null);
  const [booking, setBooking] = useState(false);
  const settings = useOutOfHoursSettings(can("settings:read"));
  const canConfirm = can("out-of-hours:confirm");
  const canCancel = can("out-of-hours:book");

  const confirm = async (window: OutOfHoursWindow) => {
    try {
      await action.mutateAsync({ id: window.id, action: "confirm" });
      notifySuccess(t("outOfHours.confirmed", { organization: window.organizationName }));
    } catch (error) {
      notifyError(error);
    }
  };

  return (
    <>
      <ListPage
        title={t("outOfHours.title")}
        description={t("outOfHours.description")}
        actions={
          canCancel && (
            <Button leftSection={<IconCalendarPlus size={16} />} onClick={() => setBooking(true)}>
              {t("outOfHours.actions.bookFor")}
            </Button>
          )
        }
      >
        <StatusTabs
          label={t("outOfHours.fields.status")}
          values={TABS}
          value={tab}
          onChange={(value) => filters.setFilter("status", value)}
          tabLabel={(value) => (value === ALL ? t("outOfHours.statusAll") : t(`outOfHours.tabs.${value}`))}
          count={() => undefined}
        />
        <ListToolbar align="center">
          <OrganizationFilter filters={filters} />
          <Switch
            label={t("outOfHours.upcomingOnly")}
            checked={upcoming}
            onChange={(event) =>
              filters.setFilter("upcoming", event.currentTarget.checked ? "true" : "false")
            }
          />
        </ListToolbar>
        <PagedList
          list={list}
          filtered={Boolean(organizationId) || tab !== "requested" || !upcoming}
          empty={{
            title: tab === "requested" ? t("outOfHours.emptyRequested") : t("outOfHours.empty"),
            description: t("outOfHours.emptyDescription"),
            icon: <IconMoonStars size={28} stroke={1.5} />,
          }}
        >
          <DataTable
            label={t("outOfHours.title")}
            minWidth={560}
            head={
              <>
                <Table.Th>{t("outOfHours.fields.window")}</Table.Th>
                <Table.Th>{t("outOfHours.fields.organization")}</Table.Th>
                <Table.Th visibleFrom="md">{t("outOfHours.fields.maintenance")}</Table.Th>
                <Table.Th w={130}>{t("outOfHours.fields.status")}</Table.Th>
                {(canConfirm || canCancel) && <ActionsHeader w={200} />}
              </>
            }
          >
            {list.items.map((window) => {
              const when = times(window);
              const open = window.refundIfCancelledNow !== null;
              return (
                <Table.Tr key={window.id}>
                  <Table.Td>
                    <Text size="sm" fw={600} style={{ whiteSpace: "nowrap" }}>
                      {when.day}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {when.hours}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {window.timeZone}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Link className="soporte-row-link" to={`/organizations/${window.organizationId}`}>
                      {window.organizationName}
                    </Link>
                    <Text size="xs" c="dimmed">
                      <Link to={`/contracts/${window.contractId}`}>{window.contractNumber}</Link> ·{" "}
                      {window.systemName}
                    </Text>
                    {window.requestedBy && (
                      <Text size="xs" c="dimmed">
                        {t("outOfHours.requestedBy", {
                          name: window.requestedBy.name,
                          date: format.dateTime(window.requestedAt),
                        })}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td visibleFrom="md">
                    <Text
                      size="sm"
                      lineClamp={3}
                      style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}
                    >
                      {window.maintenance}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <OutOfHoursStatusBadge status={window.status} />
                    {window.reason && (
                      <Text size="xs" c="dimmed" mt={4} lineClamp={2}>
                        {window.reason}
                      </Text>
                    )}
                    {window.status === "cancelled" && (
                      <Text size="xs" c="dimmed">
                        {window.refunded ? t("outOfHours.refunded") : t("outOfHours.notRefunded")}
                      </Text>
                    )}
                  </Table.Td>
                  {(canConfirm || canCancel) && (
                    <Table.Td>
                      <Group gap={6} justify="flex-end" wrap="nowrap">
                        {canConfirm && window.status === "requested" && (
                          <>
                            <Button
                              size="xs"
                              variant="light"
                              leftSection={<IconCheck size={14} />}
                              aria-label={t("outOfHours.confirmNamed", {
                                organization: window.organizationName,
                              })}
                              loading={action.isPending && action.variables?.id === window.id}
                              onClick={() => confirm(window)}
                            >
                              {t("outOfHours.actions.confirm")}
                            </Button>
                            <Button
                              size="xs"
                              variant="subtle"
                              color="red"
                              aria-label={t("outOfHours.declineNamed", {
                                organization: window.organizationName,
                              })}
                              onClick={() => setReasonFor({ window, action: "decline" })}
                            >
                              {t("outOfHours.actions.decline")}
                            </Button>
                          </>
                        )}
                        {canCancel && open && window.status === "confirmed" && (
                          <Button
                            size="xs"
                            variant="subtle"
                            color="red"
                            leftSection={<IconX size={14} />}
                            aria-label={t("outOfHours.cancelNamed", {
                              organization: window.organizationName,
                            })}
                            onClick={() => setReasonFor({ window, action: "cancel" })}
                          >
                            {t("outOfHours.actions.cancel")}
                          </Button>
                        )}
                      </Group>
                    </Table.Td>
                  )}
                </Table.Tr>
              );
            })}
          </DataTable>
        </PagedList>
      </ListPage>
      <WindowReasonModal
        window={reasonFor?.window ?? null}
        action={reasonFor?.action ?? "cancel"}
        noticeDays={settings.data?.noticeBusinessDays}
        onClose={() => setReasonFor(null)}
      />
      <StaffBookingModal opened={booking} onClose={() => setBooking(false)} />
    </>
  );
};
