import { Modal, Stack, Text } from "@mantine/core";
import { schemaResolver, useForm } from "@mantine/form";
import { useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { FormAlert } from "../../components/form-alert";
import { FormButtons } from "../../components/form-buttons";
import { useFormSubmit } from "../../components/use-form-submit";
import { OrganizationPicker } from "../organizations/organization-picker";
import { WebhookEventsField } from "./webhook-events-field";
import { WEBHOOK_FORM_FIELDS, type WebhookFormValues, webhookFormSchema } from "./webhook-form";
import { WebhookTextFields } from "./webhook-text-fields";
import { keepAllowedEvents } from "./webhook-words";
import { useCreateWebhook, type WebhookWithSecret } from "./webhooks-api";

/** A new endpoint: its https URL, what it is for, whose events (all, or one organization's) and which. */
export const WebhookCreateModal = ({
  opened,
  onClose,
  onCreated,
}: {
  opened: boolean;
  onClose: () => void;
  onCreated: (created: WebhookWithSecret) => void;
}) => {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={t("webhooks.create.title")} size="xl">
      {opened && <CreateForm onClose={onClose} onCreated={onCreated} />}
    </Modal>
  );
};

const CreateForm = ({
  onClose,
  onCreated,
}: {
  onClose: () => void;
  onCreated: (created: WebhookWithSecret) => void;
}) => {
  const { t, i18n } = useTranslation();
  // biome-ignore lint/correctness/useExhaustiveDependencies: messages follow the language
  const schema = useMemo(() => webhookFormSchema(t), [t, i18n.language]);
  const create = useCreateWebhook();
  const form = useForm<WebhookFormValues>({
    initialValues: { url: "", description: "", organizationId: null, events: [] },
    validate: schemaResolver(schema, { sync: true }),
  });

  const { submit, generalError } = useFormSubmit(form, { fields: WEBHOOK_FORM_FIELDS }, async (values) => {
    const created = await create.mutateAsync({
      url: values.url.trim(),
      description: values.description.trim(),
      organizationId: values.organizationId,
      events: values.events,
    });
    onClose();
    onCreated(created);
  });

  // the form is taller than the window: after a refused submit, the first problem comes into view
  const formRef = useRef<HTMLFormElement>(null);
  const [attempts, setAttempts] = useState(0);
  useEffect(() => {
    if (attempts === 0 && !generalError) return;
    formRef.current
      ?.querySelector('[role="alert"], .mantine-InputWrapper-error')
      ?.scrollIntoView({ block: "center", behavior: "smooth" });
  }, [attempts, generalError]);

  return (
    <form
      ref={formRef}
      onSubmit={(event) => {
        setAttempts((count) => count + 1);
        submit(event);
      }}
      noValidate
    >
      <Stack gap="md">
        <FormAlert message={generalError} />
        <WebhookTextFields
          url={form.getInputProps("url")}
          description={form.getInputProps("description")}
          autoFocus
        />
        <Stack gap={4}>
          {/* a block around the picker: its own flex sizing is for rows of filters */}
          <div>
            <OrganizationPicker
              label={t("webhooks.fields.organization")}
              placeholder={t("webhooks.allOrganizations")}
              value={form.values.organizationId}
              error={form.errors.organizationId as string | undefined}
              onChange={(organizationId) => {
                form.setFieldValue("organizationId", organizationId);
                form.setFieldValue("events", keepAllowedEvents(form.values.events, organizationId));
                form.clearFieldError("organizationId");
                form.clearFieldError("events");
              }}
            />
          </div>
          <TextHelp>
            {form.values.organizationId
              ? t("webhooks.fields.organizationChosenHelp")
              : t("webhooks.fields.organizationHelp")}
          </TextHelp>
        </Stack>
        <WebhookEventsField
          value={form.values.events}
          organizationId={form.values.organizationId}
          error={form.errors.events}
          onChange={(events) => {
            form.setFieldValue("events", events);
            form.clearFieldError("events");
          }}
        />
        <FormButtons
          onCancel={onClose}
          submitLabel={t("webhooks.create.submit")}
          loading={create.isPending}
        />
      </Stack>
    </form>
  );
};

/** The line under the organization picker (the picker takes no description of its own). */
const TextHelp = ({ children }: { children: React.ReactNode }) => (
  <Text size="xs" c="dimmed">
    {children}
  </Text>
);
