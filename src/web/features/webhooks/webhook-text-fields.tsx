import { Textarea, TextInput } from "@mantine/core";
import type { GetInputPropsReturnType } from "@mantine/form";
import { useTranslation } from "react-i18next";
import { DESCRIPTION_MAX } from "./webhook-form";

/** The endpoint's URL and description, the same in the register modal and the settings. */
export const WebhookTextFields = ({
  url,
  description,
  autoFocus = false,
}: {
  url: GetInputPropsReturnType;
  description: GetInputPropsReturnType;
  autoFocus?: boolean;
}) => {
  const { t } = useTranslation();
  return (
    <>
      <TextInput
        label={t("webhooks.fields.url")}
        description={t("webhooks.fields.urlHelp")}
        placeholder={t("webhooks.fields.urlPlaceholder")}
        inputWrapperOrder={["label", "input", "description", "error"]}
        required
        data-autofocus={autoFocus || undefined}
        maxLength={2000}
        styles={{ input: { fontFamily: "var(--mantine-font-family-monospace)" } }}
        {...url}
      />
      <Textarea
        label={t("webhooks.fields.description")}
        placeholder={t("webhooks.fields.descriptionPlaceholder")}
        autosize
        minRows={2}
        maxRows={4}
        maxLength={DESCRIPTION_MAX}
        {...description}
      />
    </>
  );
};
