import type { DemoSignIn } from "./demo-seed";

const line = (s: DemoSignIn) => `${s.role.padEnd(18)} ${s.email.padEnd(44)} ${s.password}  ${s.name}`;

/**
 * `<DATA_DIR>/demo-users.txt`: one `role email password name` per line, the contacts who can open a case
 * first, each followed by the contracts it may open cases on (a comment line, so the columns stay parseable).
 */
export const formatDemoSignIns = (signIns: DemoSignIn[]): string => {
  const contacts = signIns.filter((s) => s.role === "customer_contact");
  const authorized = contacts.filter((s) => (s.authorizedOn ?? []).length > 0);
  const unauthorized = contacts.filter((s) => (s.authorizedOn ?? []).length === 0);
  const staff = signIns.filter((s) => s.role !== "customer_contact");
  const sections = [
    "# Soporte demo sign-ins (generated; change or deactivate them in production)",
    "# role               email                                        password  name",
    ...(authorized.length
      ? [
          "",
          "# Customer contacts authorized on a current contract: they open cases in the portal",
          ...authorized.flatMap((s) => [
            line(s),
            ...(s.authorizedOn ?? []).map((c) => `#   authorized on ${c}`),
          ]),
        ]
      : []),
    ...(staff.length ? ["", "# Staff", ...staff.map(line)] : []),
    ...(unauthorized.length
      ? [
          "",
          "# Customer contacts not authorized on any current contract: a request of theirs is held while its system has no contract, else refused",
          ...unauthorized.map(line),
        ]
      : []),
  ];
  return `${sections.join("\n")}\n`;
};
