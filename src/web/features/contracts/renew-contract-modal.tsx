import {
  Alert,
  Button,
  Group,
  Modal,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from "@mantine/core";
import { IconAlertCircle, IconCalendarEvent, IconCircleCheck } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Contract } from "../../../api/contracts";
import { formatHundredths, parseHundredths } from "../../components/decimal-amount";
import { DetailList } from "../../components/detail-list";
import { FormAlert } from "../../components/form-alert";
import { FormButtons } from "../../components/form-buttons";
import { useFormatters } from "../../components/formatters";
import { describeProblem, notifySuccess } from "../../components/notify";
import { usePlans } from "../plans/plans-api";
import { useRenewContract } from "./contracts-api";
import { previewAnnualFee } from "./fee-preview";

const MAX_PRICE_CENTS = 1_000_000_000_000;

interface RenewContractModalProps {
  opened: boolean;
  onClose: () => void;
  contract: Contract;
}

/** "Renovar": the server starts the new contract on the next business day after this one ends. */
export const RenewContractModal = (props: RenewContractModalProps) => {
  const { t } = useTranslation();
  return (
    <Modal
      opened={props.opened}
      onClose={props.onClose}
      title={t("contracts.renew.title", { number: props.contract.number })}
      size="lg"
    >
      {props.opened && <RenewContract {...props} />}
    </Modal>
  );
};

const RenewContract = ({ onClose, contract }: RenewContractModalProps) => {
  const { t } = useTranslation();
  const format = useFormatters();
  const plans = usePlans();
  const renew = useRenewContract(contract.id);
  const [planId, setPlanId] = useState(contract.planId);
  const [salePrice, setSalePrice] = useState(formatHundredths(contract.salePriceCents));
  const [purchaseOrder, setPurchaseOrder] = useState("");
  const [errors, setErrors] = useState<{ salePrice?: string; purchaseOrder?: string }>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [renewed, setRenewed] = useState<Contract | null>(null);

  const plan = plans.data?.items.find((item) => item.id === planId) ?? null;
  const priceCents = parseHundredths(salePrice);
  const fee =
    plan && priceCents !== null
      ? previewAnnualFee({
          salePriceCents: priceCents,
          feeRateBps: plan.settings.feeRateBps,
          minimumFeeCents: plan.settings.minimumFeeCents,
        })
      : null;

  if (renewed) {
    return (
      <Stack gap="md">
        <Alert color="teal" variant="light" icon={<IconCircleCheck size={18} />} role="status">
          {t("contracts.renew.done", { number: renewed.number })}
        </Alert>
        <Paper p="md" radius="md" bg="gray.0">
          <Group gap="sm" wrap="nowrap" align="flex-start">
            <IconCalendarEvent size={22} color="var(--mantine-color-brand-6)" aria-hidden />
            <div>
              <Text size="xs" c="dimmed" fw={600} tt="uppercase" style={{ letterSpacing: 0.4 }}>
                {t("contracts.renew.startsOn")}
              </Text>
              <Text fw={700} fz="lg" data-testid="renewal-start">
                {format.localDateLong(renewed.startDate)}
              </Text>
              <Text size="sm" c="dimmed">
                {t("contracts.renew.startExplained", { end: format.localDateLong(contract.endDate) })}
              </Text>
            </div>
          </Group>
        </Paper>
        <DetailList
          cols={3}
          items={[
            { label: t("contracts.fields.endDate"), value: format.localDate(renewed.endDate) },
            { label: t("contracts.fields.plan"), value: renewed.planName },
            { label: t("contracts.fields.annualFee"), value: format.money(renewed.annualFeeCents) },
            {
              label: t("contracts.renew.carried"),
              value: t("contracts.seats.short", { used: renewed.seats.used, limit: renewed.seats.limit }),
            },
          ]}
        />
        <Group justify="flex-end" gap="sm" mt="xs">
          <Button variant="default" onClick={onClose}>
            {t("contracts.renew.stay")}
          </Button>
          <Button component={Link} to={`/contracts/${renewed.id}`} onClick={onClose}>
            {t("contracts.open", { number: renewed.number })}
          </Button>
        </Group>
      </Stack>
    );
  }

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const next: typeof errors = {};
    if (priceCents === null || priceCents > MAX_PRICE_CENTS) next.salePrice = t("contracts.validation.money");
    if (purchaseOrder.trim().length > 100) next.purchaseOrder = t("validation.tooLong", { max: 100 });
    setErrors(next);
    if (Object.keys(next).length > 0 || priceCents === null) return;
    setFailure(null);
    try {
      const created = await renew.mutateAsync({
        ...(planId !== contract.planId ? { planId } : {}),
        ...(priceCents !== contract.salePriceCents ? { salePriceCents: priceCents } : {}),
        ...(purchaseOrder.trim() ? { purchaseOrder: purchaseOrder.trim() } : {}),
      });
      notifySuccess(t("contracts.renew.done", { number: created.number }));
      setRenewed(created);
    } catch (error) {
      setFailure(describeProblem(error));
    }
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Alert variant="light" color="brand" icon={<IconCalendarEvent size={18} />}>
          <Text size="sm">{t("contracts.renew.rule", { end: format.localDateLong(contract.endDate) })}</Text>
        </Alert>
        <FormAlert message={failure} />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <Select
            label={t("contracts.fields.plan")}
            data={(plans.data?.items ?? []).map((item) => ({ value: item.id, label: item.name }))}
            value={planId}
            onChange={(value) => value && setPlanId(value)}
            allowDeselect={false}
            description={
              plan
                ? t("contracts.create.planSummary", {
                    count: plan.settings.maxAuthorizedContacts,
                    rate: format.percentBps(plan.settings.feeRateBps),
                    minimum: format.money(plan.settings.minimumFeeCents),
                  })
                : undefined
            }
          />
          <TextInput
            label={t("contracts.fields.salePrice")}
            inputMode="decimal"
            leftSection={
              <Text size="sm" c="dimmed">
                USD
              </Text>
            }
            leftSectionWidth={48}
            value={salePrice}
            error={errors.salePrice}
            onChange={(event) => {
              setSalePrice(event.currentTarget.value);
              setErrors((current) => ({ ...current, salePrice: undefined }));
            }}
          />
        </SimpleGrid>
        <Group justify="space-between" align="baseline" gap="xs">
          <Text size="sm" c="dimmed">
            {t("contracts.create.feePreview")}
          </Text>
          <Text fw={700} style={{ fontVariantNumeric: "tabular-nums" }}>
            {fee ? format.money(fee.feeCents) : "—"}
            {fee?.minimumApplied && (
              <Text span size="xs" c="dimmed" fw={400} ml={6}>
                {t("contracts.renew.minimumApplied")}
              </Text>
            )}
          </Text>
        </Group>
        {plan && contract.seats.used > plan.settings.maxAuthorizedContacts && (
          <Alert color="orange" variant="light" icon={<IconAlertCircle size={18} />}>
            {t("contracts.renew.seatsDropped", {
              count: plan.settings.maxAuthorizedContacts,
              used: contract.seats.used,
            })}
          </Alert>
        )}
        <TextInput
          label={t("contracts.fields.purchaseOrder")}
          description={t("contracts.create.purchaseOrderHelp")}
          maxLength={100}
          value={purchaseOrder}
          error={errors.purchaseOrder}
          onChange={(event) => setPurchaseOrder(event.currentTarget.value)}
        />
        <FormButtons onCancel={onClose} submitLabel={t("contracts.renew.submit")} loading={renew.isPending} />
      </Stack>
    </form>
  );
};
