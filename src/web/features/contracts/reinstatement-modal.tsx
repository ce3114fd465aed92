import { Alert, Modal, Skeleton, Stack, Text, TextInput } from "@mantine/core";
import { IconAlertCircle, IconInfoCircle } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { ApiError } from "../../app/api-client";
import { DetailList } from "../../components/detail-list";
import { FormAlert } from "../../components/form-alert";
import { FormButtons } from "../../components/form-buttons";
import { useFormatters } from "../../components/formatters";
import { isLocalDate, todayLocalDate } from "../../components/local-date";
import { describeProblem, notifySuccess } from "../../components/notify";
import { usePlans } from "../plans/plans-api";
import { BillingLines } from "./billing-lines";
import { useAcceptReinstatement, useReinstatementQuote } from "./contracts-api";

interface ReinstatementModalProps {
  opened: boolean;
  onClose: () => void;
  system: { id: string; name: string };
}

/** "Re-contratación" of a system without a current contract: the itemised quote on a date, then accept. */
export const ReinstatementModal = (props: ReinstatementModalProps) => {
  const { t } = useTranslation();
  return (
    <Modal
      opened={props.opened}
      onClose={props.onClose}
      title={t("contracts.reinstatement.title", { system: props.system.name })}
      size="lg"
    >
      {props.opened && <ReinstatementForm {...props} />}
    </Modal>
  );
};

const ReinstatementForm = ({ onClose, system }: ReinstatementModalProps) => {
  const { t } = useTranslation();
  const format = useFormatters();
  const navigate = useNavigate();
  const [date, setDate] = useState(todayLocalDate);
  const [purchaseOrder, setPurchaseOrder] = useState("");
  const [poError, setPoError] = useState<string | null>(null);
  const [acceptError, setAcceptError] = useState<string | null>(null);
  const validDate = isLocalDate(date);
  const quote = useReinstatementQuote(system.id, validDate ? date : null);
  const accept = useAcceptReinstatement(system.id);
  const plans = usePlans();
  const q = quote.data;
  const planName = plans.data?.items.find((plan) => plan.id === q?.planId)?.name ?? q?.planId;

  const quoteError = quote.isError && describeProblem(quote.error);
  // a refusal (no lapse, never contracted) is an answer, not a failure to retry
  const refusal = quote.error instanceof ApiError && quote.error.status === 409;

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!q) return;
    const po = purchaseOrder.trim();
    if (!po) {
      setPoError(t("validation.required"));
      return;
    }
    if (po.length > 100) {
      setPoError(t("validation.tooLong", { max: 100 }));
      return;
    }
    setAcceptError(null);
    try {
      const created = await accept.mutateAsync({
        quoteDate: q.quoteDate,
        expectedTotalCents: q.totalCents,
        purchaseOrder: po,
      });
      notifySuccess(t("contracts.reinstatement.done", { number: created.number }));
      onClose();
      navigate(`/contracts/${created.id}`);
    } catch (error) {
      setAcceptError(describeProblem(error));
      if (error instanceof ApiError && error.code === "quote_changed") void quote.refetch();
    }
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Alert variant="light" color="brand" icon={<IconInfoCircle size={18} />}>
          <Text size="sm">{t("contracts.reinstatement.rule")}</Text>
        </Alert>
        <TextInput
          type="date"
          label={t("contracts.reinstatement.date")}
          description={t("contracts.reinstatement.dateHelp")}
          value={date}
          onChange={(event) => {
            setDate(event.currentTarget.value);
            setAcceptError(null);
          }}
          error={validDate ? null : t("catalog.validation.date")}
          maw={{ sm: 240 }}
          required
        />
        {quote.isPending && validDate ? (
          <Stack gap="xs" aria-busy="true" aria-label={t("common.loading")}>
            <Skeleton height={60} radius="sm" />
            <Skeleton height={120} radius="sm" />
          </Stack>
        ) : quoteError ? (
          <Alert
            color={refusal ? "orange" : "red"}
            variant="light"
            icon={<IconAlertCircle size={18} />}
            role="alert"
          >
            {quoteError}
          </Alert>
        ) : q ? (
          <>
            <DetailList
              cols={3}
              items={[
                { label: t("contracts.reinstatement.lastEnd"), value: format.localDate(q.lastEndDate) },
                { label: t("contracts.fields.plan"), value: planName },
                { label: t("contracts.fields.annualFee"), value: format.money(q.annualFeeCents) },
                {
                  label: t("contracts.reinstatement.lapsedYears"),
                  value: t("contracts.reinstatement.years", { count: q.lapsedYears }),
                },
                {
                  label: t("contracts.reinstatement.penalty"),
                  value: q.penaltyApplies
                    ? t("contracts.reinstatement.penaltyRate", { rate: format.percentBps(q.penaltyRateBps) })
                    : t("contracts.reinstatement.noPenalty"),
                },
              ]}
            />
            <BillingLines
              lines={q.lines}
              totalCents={q.totalCents}
              label={t("contracts.reinstatement.quote")}
            />
            <TextInput
              label={t("contracts.fields.purchaseOrder")}
              description={t("contracts.reinstatement.poHelp")}
              required
              maxLength={100}
              value={purchaseOrder}
              error={poError}
              onChange={(event) => {
                setPurchaseOrder(event.currentTarget.value);
                setPoError(null);
              }}
            />
          </>
        ) : null}
        <FormAlert message={acceptError} />
        <FormButtons
          onCancel={onClose}
          submitLabel={
            q
              ? t("contracts.reinstatement.accept", { total: format.money(q.totalCents) })
              : t("contracts.reinstatement.acceptPlain")
          }
          loading={accept.isPending}
          disabled={!q || quote.isFetching}
        />
      </Stack>
    </form>
  );
};
