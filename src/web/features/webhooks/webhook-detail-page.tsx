import { Alert, Button, Stack, Switch, Text } from "@mantine/core";
import { schemaResolver, useForm } from "@mantine/form";
import { useDisclosure } from "@mantine/hooks";
import { IconAlertCircle, IconAlertTriangle, IconKey, IconPlugOff, IconTrash } from "@tabler/icons-react";
import { useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate, useParams } from "react-router";
import { ApiError } from "../../app/api-client";
import { ConfirmModal } from "../../components/confirm-modal";
import { DetailList } from "../../components/detail-list";
import { useFormatters } from "../../components/formatters";
import { PageLoader, QueryError } from "../../components/list-state";
import { notifyError, notifySuccess } from "../../components/notify";
import { PageHeader } from "../../components/page-header";
import { SaveBar } from "../../components/save-bar";
import { Section } from "../../components/section";
import { applyServerErrors } from "../../components/server-errors";
import { WebhookDeliveries } from "./webhook-deliveries";
import { WebhookEventsField } from "./webhook-events-field";
import { WEBHOOK_FORM_FIELDS, type WebhookFormValues, webhookFormSchema } from "./webhook-form";
import { WebhookRotateModal } from "./webhook-rotate-modal";
import { WebhookSecretModal } from "./webhook-secret-modal";
import { WebhookStateBadge } from "./webhook-state";
import { WebhookTextFields } from "./webhook-text-fields";
import { webhookState } from "./webhook-words";
import {
  useDeleteWebhook,
  useUpdateWebhook,
  useWebhook,
  type WebhookEndpoint,
  type WebhookWithSecret,
} from "./webhooks-api";

const LIST = "/settings/webhooks";

const valuesOf = (endpoint: WebhookEndpoint): WebhookFormValues => ({
  url: endpoint.url,
  description: endpoint.description,
  organizationId: endpoint.organizationId,
  events: [...endpoint.events],
});

/** URL, description and events are the same (the state, pending count and version aside). */
const sameSettings = (a: WebhookEndpoint, b: WebhookEndpoint) =>
  JSON.stringify([a.url, a.description, [...a.events].sort()]) ===
  JSON.stringify([b.url, b.description, [...b.events].sort()]);

/** Rotate the secret and delete (with a confirmation), at the top right. */
const HeaderActions = ({ endpoint }: { endpoint: WebhookEndpoint }) => {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const remove = useDeleteWebhook(endpoint.id);
  const [confirming, confirm] = useDisclosure(false);
  const [rotating, rotate] = useDisclosure(false);
  const [rotated, setRotated] = useState<WebhookWithSecret | null>(null);
  return (
    <>
      <Button variant="default" leftSection={<IconKey size={16} />} onClick={rotate.open}>
        {t("webhooks.rotate.button")}
      </Button>
      <Button variant="light" color="red" leftSection={<IconTrash size={16} />} onClick={confirm.open}>
        {t("webhooks.delete.button")}
      </Button>
      <WebhookRotateModal
        endpoint={endpoint}
        opened={rotating}
        onClose={rotate.close}
        onRotated={setRotated}
      />
      <WebhookSecretModal created={rotated} kind="rotated" onClose={() => setRotated(null)} />
      <ConfirmModal
        opened={confirming}
        title={t("webhooks.delete.title")}
        message={t("webhooks.delete.message", { url: endpoint.url })}
        confirmLabel={t("webhooks.delete.confirm")}
        loading={remove.isPending}
        onClose={confirm.close}
        onConfirm={async () => {
          await remove.mutateAsync();
          notifySuccess(t("webhooks.delete.done"));
          navigate(LIST, { replace: true });
        }}
      />
    </>
  );
};

/** Why it is off or failing, and what to do about it. */
const StateNotice = ({ endpoint }: { endpoint: WebhookEndpoint }) => {
  const { t } = useTranslation();
  const format = useFormatters();
  const state = webhookState(endpoint);
  if (state === "active") return null;
  if (state === "failing")
    return (
      <Alert variant="light" color="orange" icon={<IconAlertTriangle size={18} />}>
        {t("webhooks.notice.failing", { since: format.dateTime(endpoint.failingSince) })}
      </Alert>
    );
  if (state === "disabledFailing")
    return (
      <Alert variant="light" color="red" icon={<IconAlertCircle size={18} />}>
        {t("webhooks.notice.disabledFailing", { at: format.dateTime(endpoint.disabledAt) })}
      </Alert>
    );
  return (
    <Alert variant="light" color="gray" icon={<IconPlugOff size={18} />}>
      {t("webhooks.notice.disabledAdmin", { at: format.dateTime(endpoint.disabledAt) })}
    </Alert>
  );
};

/** On or off at once (its own save, apart from the form below), with the facts that do not change. */
const StateSection = ({ endpoint }: { endpoint: WebhookEndpoint }) => {
  const { t } = useTranslation();
  const format = useFormatters();
  const update = useUpdateWebhook(endpoint.id);
  const overlapOpen = endpoint.previousSecretUntil && new Date(endpoint.previousSecretUntil) > new Date();

  const toggle = async (active: boolean) => {
    try {
      await update.mutateAsync({ version: endpoint.version, active });
      notifySuccess(active ? t("webhooks.activated") : t("webhooks.deactivated"));
    } catch (error) {
      notifyError(error);
    }
  };

  return (
    <Section title={t("webhooks.stateSection.title")} actions={<WebhookStateBadge endpoint={endpoint} />}>
      <Stack gap="md">
        <StateNotice endpoint={endpoint} />
        <Switch
          size="md"
          label={t("webhooks.stateSection.switch")}
          description={
            endpoint.active
              ? t("webhooks.stateSection.switchOnHelp")
              : t("webhooks.stateSection.switchOffHelp")
          }
          checked={endpoint.active}
          disabled={update.isPending}
          onChange={(event) => void toggle(event.currentTarget.checked)}
        />
        <DetailList
          cols={4}
          items={[
            {
              label: t("webhooks.fields.organization"),
              value: endpoint.organizationName ?? t("webhooks.allOrganizationsShort"),
            },
            {
              label: t("webhooks.fields.pending"),
              value: t("webhooks.pendingCount", { count: endpoint.pendingDeliveries }),
            },
            { label: t("webhooks.fields.createdAt"), value: format.dateTime(endpoint.createdAt) },
            {
              label: t("webhooks.fields.previousSecret"),
              value: overlapOpen
                ? t("webhooks.previousSecretUntil", { until: format.dateTime(endpoint.previousSecretUntil) })
                : t("webhooks.noPreviousSecret"),
            },
          ]}
        />
      </Stack>
    </Section>
  );
};

/**
 * URL, description and events, saved together with the version read. Turning the endpoint on or off moves
 * the version too; the form follows such a change (it does not hold the state) and keeps unsaved input.
 */
const SettingsEditor = ({
  endpoint,
  reload,
}: {
  endpoint: WebhookEndpoint;
  reload: () => Promise<WebhookEndpoint | undefined>;
}) => {
  const { t, i18n } = useTranslation();
  // biome-ignore lint/correctness/useExhaustiveDependencies: messages follow the language
  const schema = useMemo(() => webhookFormSchema(t), [t, i18n.language]);
  const update = useUpdateWebhook(endpoint.id);
  const [base, setBase] = useState(endpoint);
  const [failure, setFailure] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);
  const form = useForm<WebhookFormValues>({
    initialValues: valuesOf(endpoint),
    validate: schemaResolver(schema, { sync: true }),
    onValuesChange: () => setFailure(null),
  });
  const dirty = form.isDirty();

  const takeSaved = (saved: WebhookEndpoint) => {
    const next = valuesOf(saved);
    setBase(saved);
    form.setInitialValues(next);
    form.setValues(next);
    form.resetDirty(next);
    form.clearErrors();
    setFailure(null);
    setConflict(false);
  };

  // a newer endpoint from the server: turned on or off (the form follows), or someone else's save (taken
  // only while nothing is being edited)
  // biome-ignore lint/correctness/useExhaustiveDependencies: the form object is stable enough; its values are read
  useEffect(() => {
    if (endpoint.version === base.version) return;
    if (sameSettings(endpoint, base)) setBase(endpoint);
    else if (!dirty) takeSaved(endpoint);
  }, [endpoint, base, dirty]);

  const submit = form.onSubmit(
    async (values) => {
      setFailure(null);
      try {
        const saved = await update.mutateAsync({
          version: base.version,
          url: values.url.trim(),
          description: values.description.trim(),
          events: values.events,
        });
        takeSaved(saved);
        notifySuccess(t("common.saved"));
      } catch (error) {
        if (error instanceof ApiError && error.code === "version_conflict") {
          void reload();
          setConflict(true);
          setFailure(t("webhooks.conflict.short"));
          return;
        }
        setFailure(applyServerErrors(form, error, { fields: WEBHOOK_FORM_FIELDS }));
      }
    },
    () => setFailure(t("webhooks.validation.fix")),
  );

  const discard = () => {
    form.reset();
    form.clearErrors();
    setFailure(null);
  };

  return (
    <form onSubmit={submit} noValidate aria-label={t("webhooks.settings.title")}>
      <Stack gap="lg">
        <Section title={t("webhooks.settings.title")} description={t("webhooks.settings.description")}>
          <Stack gap="md">
            <WebhookTextFields
              url={form.getInputProps("url")}
              description={form.getInputProps("description")}
            />
            <WebhookEventsField
              value={form.values.events}
              organizationId={endpoint.organizationId}
              error={form.errors.events}
              onChange={(events) => {
                form.setFieldValue("events", events);
                form.clearFieldError("events");
              }}
            />
          </Stack>
        </Section>
        {conflict && (
          <Alert variant="light" color="orange" icon={<IconAlertCircle size={18} />} role="alert">
            <Text size="sm">{t("webhooks.conflict.message")}</Text>
            <Button
              variant="white"
              color="orange"
              size="xs"
              mt="xs"
              onClick={async () => takeSaved((await reload()) ?? endpoint)}
            >
              {t("webhooks.conflict.reload")}
            </Button>
          </Alert>
        )}
        <SaveBar dirty={dirty} saving={update.isPending} failure={failure} onDiscard={discard} />
      </Stack>
    </form>
  );
};

/** One webhook endpoint: its state, its settings, its secret and its delivery log (admins). */
export const WebhookDetailPage = () => {
  const { t } = useTranslation();
  const { webhookId = "" } = useParams();
  const query = useWebhook(webhookId);
  const endpoint = query.data;

  if (query.isPending) return <PageLoader />;
  if (query.isError || !endpoint) return <QueryError error={query.error} onRetry={query.refetch} />;

  return (
    <>
      <PageHeader
        title={endpoint.url}
        description={endpoint.description || t("webhooks.noDescription")}
        back={{ to: LIST, label: t("webhooks.back") }}
        actions={<HeaderActions endpoint={endpoint} />}
      />
      <Stack gap="lg">
        <StateSection endpoint={endpoint} />
        {/* the log before the settings: it is what an admin comes back for, the settings change rarely */}
        <Section title={t("webhooks.deliveries.title")} description={t("webhooks.deliveries.description")}>
          <WebhookDeliveries endpoint={endpoint} />
        </Section>
        {/* set up once per endpoint: a refetch in the background does not wipe unsaved input */}
        <SettingsEditor
          key={endpoint.id}
          endpoint={endpoint}
          reload={async () => (await query.refetch()).data}
        />
      </Stack>
    </>
  );
};
