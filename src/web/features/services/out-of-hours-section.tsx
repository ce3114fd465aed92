import { Button, Card, Group, Modal, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import { IconCalendarPlus, IconMoonStars, IconX } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { DataTable } from "../../components/data-table";
import { useFormatters } from "../../components/formatters";
import { PageLoader, QueryError } from "../../components/list-state";
import { PagedList } from "../../components/paged-list";
import { Section } from "../../components/section";
import { BookingForm } from "../out-of-hours/booking-form";
import {
  type OutOfHoursOverview,
  type OutOfHoursWindow,
  useOutOfHoursOverview,
  useOutOfHoursWindows,
} from "../out-of-hours/out-of-hours-api";
import {
  contractYearLabel,
  OutOfHoursStatusBadge,
  useWindowTimes,
  WindowReasonModal,
} from "../out-of-hours/out-of-hours-parts";

/** Each current contract with out-of-hours days: what is left of this contract year. */
const DaysLeft = ({ overview }: { overview: OutOfHoursOverview }) => {
  const { t } = useTranslation();
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
      {overview.contracts.map((contract) => (
        <Card
          key={contract.contractId}
          withBorder
          radius="md"
          padding="md"
          aria-label={contract.contractNumber}
        >
          <Text size="xs" c="dimmed">
            {contract.systemName} · {contract.contractNumber}
          </Text>
          {contract.current ? (
            <>
              <Title order={4} fz="xl" mt={4}>
                {t("outOfHours.portal.left", { count: contract.current.left })}
              </Title>
              <Text size="sm">
                {t("outOfHours.quota", {
                  used: contract.current.used,
                  total: contract.daysPerYear,
                  year: contractYearLabel(contract.current),
                })}
              </Text>
            </>
          ) : (
            <Text size="sm">{t("outOfHours.portal.outsideTerm")}</Text>
          )}
        </Card>
      ))}
    </SimpleGrid>
  );
};

/** The organization's windows, newest first, each cancellable by an authorized contact until it starts. */
const MyWindows = ({ canCancel, noticeDays }: { canCancel: boolean; noticeDays: number }) => {
  const { t } = useTranslation();
  const times = useWindowTimes();
  const format = useFormatters();
  const list = useOutOfHoursWindows({});
  const [cancelling, setCancelling] = useState<OutOfHoursWindow | null>(null);
  return (
    <>
      <PagedList
        list={list}
        compact
        empty={{
          title: t("outOfHours.portal.empty"),
          description: t("outOfHours.portal.emptyDescription"),
          icon: <IconMoonStars size={24} stroke={1.5} />,
        }}
      >
        <DataTable
          label={t("outOfHours.portal.windows")}
          head={
            <>
              <Table.Th>{t("outOfHours.fields.window")}</Table.Th>
              <Table.Th visibleFrom="sm">{t("outOfHours.fields.maintenance")}</Table.Th>
              <Table.Th w={130}>{t("outOfHours.fields.status")}</Table.Th>
              {canCancel && <Table.Th w={120} />}
            </>
          }
        >
          {list.items.map((window) => {
            const when = times(window);
            return (
              <Table.Tr key={window.id}>
                <Table.Td>
                  <Text size="sm" fw={600} style={{ whiteSpace: "nowrap" }}>
                    {when.day}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {when.hours}
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
                <Table.Td visibleFrom="sm">
                  <Text size="sm" lineClamp={3} style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
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
                {canCancel && (
                  <Table.Td>
                    {window.refundIfCancelledNow !== null && (
                      <Button
                        size="xs"
                        variant="subtle"
                        color="red"
                        leftSection={<IconX size={14} />}
                        aria-label={t("outOfHours.portal.cancelNamed", { date: when.day })}
                        onClick={() => setCancelling(window)}
                      >
                        {t("outOfHours.actions.cancel")}
                      </Button>
                    )}
                  </Table.Td>
                )}
              </Table.Tr>
            );
          })}
        </DataTable>
      </PagedList>
      <WindowReasonModal
        window={cancelling}
        action="cancel"
        noticeDays={noticeDays}
        onClose={() => setCancelling(null)}
      />
    </>
  );
};

/**
 * "Mis servicios": the out-of-hours days of the organization's Extendido contracts — the days left this
 * contract year, the booking form with the earliest date allowed, and the windows with their cancellation.
 */
export const OutOfHoursSection = () => {
  const { t } = useTranslation();
  const format = useFormatters();
  const overview = useOutOfHoursOverview(null);
  const [booking, setBooking] = useState(false);
  const data = overview.data;
  const canBook = Boolean(data?.canBook && data.contracts.length > 0);
  return (
    <Section
      title={t("outOfHours.portal.title")}
      description={t("outOfHours.portal.description")}
      actions={
        canBook && (
          <Button leftSection={<IconCalendarPlus size={16} />} onClick={() => setBooking(true)}>
            {t("outOfHours.actions.book")}
          </Button>
        )
      }
    >
      {overview.isPending ? (
        <PageLoader />
      ) : overview.isError ? (
        <QueryError error={overview.error} onRetry={overview.refetch} />
      ) : (
        <Stack gap="lg">
          {data!.contracts.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t("outOfHours.portal.noContract")}
            </Text>
          ) : (
            <>
              <DaysLeft overview={data!} />
              <Group gap="xs">
                <Text size="sm">
                  {t("outOfHours.earliest", {
                    date: format.localDateLong(data!.earliestDate),
                    count: data!.noticeBusinessDays,
                  })}
                </Text>
                {!data!.canBook && (
                  <Text size="sm" c="dimmed">
                    {t("outOfHours.portal.notAuthorized")}
                  </Text>
                )}
              </Group>
            </>
          )}
          <div>
            <Title order={4} fz="md" mb="xs">
              {t("outOfHours.portal.windows")}
            </Title>
            <MyWindows canCancel={data!.canBook} noticeDays={data!.noticeBusinessDays} />
          </div>
        </Stack>
      )}
      <Modal opened={booking} onClose={() => setBooking(false)} title={t("outOfHours.bookTitle")} size="lg">
        {booking && data && <BookingForm overview={data} onDone={() => setBooking(false)} />}
      </Modal>
    </Section>
  );
};
