import { notifications } from "@mantine/notifications";
import { ApiError, NetworkError } from "../app/api-client";
import { i18n } from "../i18n/i18n";
import { problemText } from "./problem-text";

/** A translated, human sentence for any failed request. */
export const describeError = (error: unknown): string => {
  if (error instanceof NetworkError) return i18n.t("errors.network");
  if (error instanceof ApiError) {
    const code = error.code ?? (error.status >= 500 ? "internal" : "malformed_request");
    // a code newer than this build's catalogs: the server's own title beats a generic sentence
    if (!i18n.exists(`errors.${code}`)) return error.problem?.title ?? i18n.t("errors.internal");
    return i18n.t(`errors.${code}`);
  }
  return i18n.t("errors.internal");
};

/** The sentence for a failed request: the server's reason in the viewer's language, else its kind. */
export const describeProblem = (error: unknown): string =>
  (error instanceof ApiError ? problemText(error.problem) : null) ?? describeError(error);

export const notifySuccess = (message: string) =>
  notifications.show({ color: "teal", message, autoClose: 3500, withBorder: true });

/** The failure in the viewer's language: what kind of failure, and why, when the server said why. */
export const notifyError = (error: unknown) => {
  const why = error instanceof ApiError ? problemText(error.problem) : null;
  notifications.show({
    color: "red",
    title: describeError(error),
    message: why ?? "",
    autoClose: 7000,
    withBorder: true,
  });
};
