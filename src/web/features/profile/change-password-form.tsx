import { Button, Group, PasswordInput, Stack } from "@mantine/core";
import { schemaResolver, useForm } from "@mantine/form";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { PASSWORD_MIN_LENGTH, passwordSchema } from "../../../api/auth";
import { ApiError } from "../../app/api-client";
import { FormAlert } from "../../components/form-alert";
import { notifySuccess } from "../../components/notify";
import { applyServerErrors } from "../../components/server-errors";
import { useChangePassword } from "./profile-api";

export const ChangePasswordForm = () => {
  const { t, i18n } = useTranslation();
  const change = useChangePassword();
  const [generalError, setGeneralError] = useState<string | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: messages follow the language
  const schema = useMemo(
    () =>
      z
        .object({
          currentPassword: z.string().min(1, t("validation.required")),
          newPassword: z
            .string()
            .refine(
              (value) => passwordSchema.safeParse(value).success,
              t("validation.passwordLength", { min: PASSWORD_MIN_LENGTH }),
            ),
          confirmPassword: z.string(),
        })
        .refine((values) => values.newPassword === values.confirmPassword, {
          message: t("profile.passwordsDiffer"),
          path: ["confirmPassword"],
        }),
    [t, i18n.language],
  );
  const form = useForm({
    initialValues: { currentPassword: "", newPassword: "", confirmPassword: "" },
    validate: schemaResolver(schema, { sync: true }),
  });

  const submit = form.onSubmit(async (values) => {
    setGeneralError(null);
    try {
      await change.mutateAsync({ currentPassword: values.currentPassword, newPassword: values.newPassword });
      form.reset();
      notifySuccess(t("profile.passwordChanged"));
    } catch (error) {
      const wrongCurrent =
        error instanceof ApiError &&
        (error.code === "invalid_credentials" ||
          (error.code === "validation_failed" &&
            error.problem?.errors?.some((fieldError) => fieldError.field === "currentPassword")));
      if (wrongCurrent) {
        form.setFieldError("currentPassword", t("profile.wrongCurrentPassword"));
        return;
      }
      setGeneralError(applyServerErrors(form, error, { fields: ["currentPassword", "newPassword"] }));
    }
  });

  return (
    <form onSubmit={submit} noValidate aria-label={t("profile.changePassword")}>
      <Stack gap="md" maw={420}>
        <FormAlert message={generalError} />
        <PasswordInput
          label={t("profile.currentPassword")}
          autoComplete="current-password"
          required
          {...form.getInputProps("currentPassword")}
        />
        <PasswordInput
          label={t("profile.newPassword")}
          description={t("validation.passwordLength", { min: PASSWORD_MIN_LENGTH })}
          autoComplete="new-password"
          required
          {...form.getInputProps("newPassword")}
        />
        <PasswordInput
          label={t("profile.confirmPassword")}
          autoComplete="new-password"
          required
          {...form.getInputProps("confirmPassword")}
        />
        <Group>
          <Button type="submit" loading={form.submitting}>
            {t("profile.changePassword")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
};
