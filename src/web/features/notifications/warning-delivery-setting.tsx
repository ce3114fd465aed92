import { Radio, Skeleton, Stack } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { QueryError } from "../../components/list-state";
import { notifyError, notifySuccess } from "../../components/notify";
import {
  useNotificationPreferences,
  useSaveNotificationPreferences,
  WARNING_DELIVERY_VALUES,
  type WarningDelivery,
} from "./notifications-api";

const isDelivery = (value: string): value is WarningDelivery =>
  (WARNING_DELIVERY_VALUES as readonly string[]).includes(value);

/**
 * Staff: warnings before a target falls due by mail as they happen, or one mail each hour with all of
 * them. Escalations always arrive at once; the bell shows everything either way. Saved on change.
 */
export const WarningDeliverySetting = () => {
  const { t } = useTranslation();
  const preferences = useNotificationPreferences();
  const save = useSaveNotificationPreferences();
  // the choice shows at once, in the click's own render; the mutation's state reaches React a tick later
  const [choosing, setChoosing] = useState<WarningDelivery | null>(null);

  if (preferences.isError) return <QueryError error={preferences.error} onRetry={preferences.refetch} />;
  if (preferences.isPending) return <Skeleton height={72} radius="sm" />;

  const value = choosing ?? preferences.data.warningDelivery;
  const change = async (next: string) => {
    if (!isDelivery(next) || next === preferences.data.warningDelivery) return;
    setChoosing(next);
    try {
      await save.mutateAsync({ warningDelivery: next });
      notifySuccess(t("notifications.preferences.saved"));
    } catch (error) {
      notifyError(error);
    } finally {
      setChoosing(null);
    }
  };

  return (
    <Radio.Group
      label={t("notifications.preferences.warningDelivery")}
      description={t("notifications.preferences.warningDeliveryHelp")}
      value={value}
      onChange={change}
    >
      <Stack gap="sm" mt="sm">
        {WARNING_DELIVERY_VALUES.map((option) => (
          <Radio
            key={option}
            value={option}
            disabled={choosing !== null}
            label={t(`notifications.preferences.deliveries.${option}`)}
            description={t(`notifications.preferences.deliveriesHelp.${option}`)}
          />
        ))}
      </Stack>
    </Radio.Group>
  );
};
