import { Alert } from "@mantine/core";
import { IconAlertCircle } from "@tabler/icons-react";
import type { ReactNode } from "react";

/** Why a form or dialog could not do its work, at its top (field errors stand by their fields); else nothing. */
export const FormAlert = ({ message }: { message: ReactNode }) =>
  message ? (
    <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} role="alert">
      {message}
    </Alert>
  ) : null;
