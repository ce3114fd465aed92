import { Alert, Badge, Button, Group, Modal, Stack, Text, Textarea } from "@mantine/core";
import { IconInfoCircle } from "@tabler/icons-react";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { FormAlert } from "../../components/form-alert";
import { describeProblem, notifySuccess } from "../../components/notify";
import {
  type OutOfHoursQuota,
  type OutOfHoursStatus,
  type OutOfHoursWindow,
  useContractOutOfHours,
  useOutOfHoursAction,
} from "./out-of-hours-api";

const STATUS_COLORS: Record<OutOfHoursStatus, string> = {
  requested: "orange",
  confirmed: "teal",
  declined: "red",
  cancelled: "gray",
};

export const OutOfHoursStatusBadge = ({ status }: { status: OutOfHoursStatus }) => {
  const { t } = useTranslation();
  return (
    <Badge
      variant="light"
      color={STATUS_COLORS[status]}
      radius="sm"
      tt="none"
      fw={500}
      style={{ minWidth: "fit-content" }}
    >
      {t(`outOfHours.statuses.${status}`)}
    </Badge>
  );
};

/** "2026-27": the years a contract year spans ("2026" when it is one calendar year). */
export const contractYearLabel = (year: { startDate: string; endDate: string }) => {
  const from = year.startDate.slice(0, 4);
  const to = year.endDate.slice(0, 4);
  return from === to ? from : `${from}-${to.slice(2)}`;
};

/** A window's day and hours in the zone it was booked in: "sáb, 12 dic 2026 · 08:00–20:00". */
export const useWindowTimes = () => {
  const { t, i18n } = useTranslation();
  return useMemo(() => {
    const cache = new Map<string, { day: Intl.DateTimeFormat; time: Intl.DateTimeFormat }>();
    const formats = (zone: string) => {
      let found = cache.get(zone);
      if (!found) {
        found = {
          day: new Intl.DateTimeFormat(i18n.language, {
            weekday: "short",
            day: "numeric",
            month: "short",
            year: "numeric",
            timeZone: zone,
          }),
          time: new Intl.DateTimeFormat(i18n.language, {
            hour: "2-digit",
            minute: "2-digit",
            hourCycle: "h23",
            timeZone: zone,
          }),
        };
        cache.set(zone, found);
      }
      return found;
    };
    return (
      window: Pick<OutOfHoursWindow, "startsAt" | "endsAt" | "timeZone" | "localStart" | "localEnd">,
    ) => {
      const { day, time } = formats(window.timeZone);
      const start = new Date(window.startsAt);
      const end = new Date(window.endsAt);
      // a window lasts at most 24 hours: it ends the same day or the next
      const nextDay = window.localStart.slice(0, 10) !== window.localEnd.slice(0, 10);
      const hours = `${time.format(start)}–${time.format(end)}`;
      return { day: day.format(start), hours: nextDay ? t("outOfHours.untilNextDay", { hours }) : hours };
    };
  }, [t, i18n.language]);
};

/** "Días fuera de horario: 1 de 2 usados en el año de contrato 2026-27", or nothing on a plan without them. */
export const QuotaLine = ({ quota }: { quota: OutOfHoursQuota }) => {
  const { t } = useTranslation();
  if (quota.daysPerYear === 0 || !quota.current) return null;
  return (
    <Text size="sm" fw={500}>
      {t("outOfHours.quota", {
        used: quota.current.used,
        total: quota.daysPerYear,
        year: contractYearLabel(quota.current),
      })}
    </Text>
  );
};

/** A contract's out-of-hours days, for the contract pages. */
export const ContractOutOfHours = ({ contractId }: { contractId: string }) => {
  const quota = useContractOutOfHours(contractId);
  return quota.data ? <QuotaLine quota={quota.data} /> : null;
};

/** Decline (staff) or cancel (either) a window, with an optional reason; cancelling says whether the day comes back. */
export const WindowReasonModal = ({
  window,
  action,
  noticeDays,
  onClose,
}: {
  window: OutOfHoursWindow | null;
  action: "decline" | "cancel";
  /** The notice in business days, to explain the refund (when known). */
  noticeDays?: number;
  onClose: () => void;
}) => {
  const { t } = useTranslation();
  const act = useOutOfHoursAction();
  const [reason, setReason] = useState("");
  const [failure, setFailure] = useState<string | null>(null);
  const close = () => {
    setReason("");
    setFailure(null);
    onClose();
  };
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!window) return;
    setFailure(null);
    try {
      await act.mutateAsync({ id: window.id, action, reason: reason.trim() });
      notifySuccess(t(action === "decline" ? "outOfHours.declined" : "outOfHours.cancelled"));
      close();
    } catch (failed) {
      setFailure(describeProblem(failed));
    }
  };
  const refund = window?.refundIfCancelledNow;
  return (
    <Modal
      opened={window !== null}
      onClose={close}
      title={t(action === "decline" ? "outOfHours.declineTitle" : "outOfHours.cancelTitle")}
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Text size="sm">
            {action === "decline"
              ? t("outOfHours.declineHelp", { organization: window?.organizationName ?? "" })
              : t("outOfHours.cancelHelp", { organization: window?.organizationName ?? "" })}
          </Text>
          {action === "cancel" && refund !== null && refund !== undefined && (
            <Alert variant="light" color={refund ? "teal" : "orange"} icon={<IconInfoCircle size={18} />}>
              {noticeDays === undefined
                ? t(refund ? "outOfHours.cancelRefundPlain" : "outOfHours.cancelNoRefundPlain")
                : t(refund ? "outOfHours.cancelRefund" : "outOfHours.cancelNoRefund", { count: noticeDays })}
            </Alert>
          )}
          <FormAlert message={failure} />
          <Textarea
            label={t("outOfHours.fields.reason")}
            autosize
            minRows={2}
            maxRows={6}
            maxLength={2000}
            data-autofocus
            value={reason}
            onChange={(event) => setReason(event.currentTarget.value)}
          />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" color="red" loading={act.isPending}>
              {t(action === "decline" ? "outOfHours.actions.decline" : "outOfHours.actions.cancel")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
};
