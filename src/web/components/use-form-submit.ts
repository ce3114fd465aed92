import type { UseFormReturnType } from "@mantine/form";
import { useState } from "react";
import { applyServerErrors } from "./server-errors";

type ServerErrorOptions = Parameters<typeof applyServerErrors>[2];

/**
 * A form's submit handler: after the form's own checks, `save` runs; when it fails, the server's field errors
 * go next to their fields and the rest becomes `generalError`, for the alert at the top of the form.
 */
export const useFormSubmit = <Values>(
  form: UseFormReturnType<Values>,
  options: ServerErrorOptions,
  save: (values: Values) => Promise<unknown>,
) => {
  const [generalError, setGeneralError] = useState<string | null>(null);
  const submit = form.onSubmit(async (values) => {
    setGeneralError(null);
    try {
      await save(values);
    } catch (error) {
      setGeneralError(applyServerErrors(form, error, options));
    }
  });
  return { submit, generalError };
};
