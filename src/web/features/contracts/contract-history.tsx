import { Anchor, Text, ThemeIcon, Timeline } from "@mantine/core";
import {
  IconArrowsExchange,
  IconFilePlus,
  IconHistory,
  IconPencil,
  IconPoint,
  IconRefresh,
  IconUserCheck,
  IconUserMinus,
} from "@tabler/icons-react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Contract } from "../../../api/contracts";
import { useFormatters } from "../../components/formatters";
import { ListState } from "../../components/list-state";
import { useOrganizationContacts } from "../contacts/contacts-api";
import { usePlans } from "../plans/plans-api";
import { type HistoryEntry, useContractHistory } from "./contracts-api";

const text = (value: unknown): string | null => (typeof value === "string" && value !== "" ? value : null);
const cents = (value: unknown): number | null => (typeof value === "number" ? value : null);
const record = (value: unknown): Record<string, unknown> =>
  value !== null && typeof value === "object" ? (value as Record<string, unknown>) : {};

const ICONS: Record<string, ReactNode> = {
  "contract.created": <IconFilePlus size={14} />,
  "contract.contact_authorized": <IconUserCheck size={14} />,
  "contract.contact_removed": <IconUserMinus size={14} />,
  "contract.renewed": <IconRefresh size={14} />,
  "contract.updated": <IconPencil size={14} />,
  "contract.reinstated": <IconArrowsExchange size={14} />,
};
const KNOWN = Object.keys(ICONS);

/** The contract's audit trail as a readable, translated timeline (oldest first). */
export const ContractHistory = ({ contract }: { contract: Contract }) => {
  const { t } = useTranslation();
  const format = useFormatters();
  const history = useContractHistory(contract.id);
  const plans = usePlans();
  // the removal entries carry only the contact's id: name them from the organization's contacts
  const contacts = useOrganizationContacts(contract.organizationId);
  const contactName = (id: unknown) =>
    contacts.items.find((contact) => contact.id === id)?.name ?? t("contracts.history.someContact");
  const planName = (id: unknown) =>
    plans.data?.items.find((plan) => plan.id === id)?.name ?? text(id) ?? contract.planName;
  const items = history.data?.items ?? [];

  const describe = (entry: HistoryEntry): { title: string; body: ReactNode } => {
    const d = entry.details;
    const term = (start: unknown, end: unknown) =>
      t("contracts.term", { start: format.localDate(text(start)), end: format.localDate(text(end)) });
    switch (entry.action) {
      case "contract.created":
        return {
          title: t("contracts.history.actions.created"),
          body: t("contracts.history.createdBody", {
            plan: planName(d.planId),
            term: term(d.startDate, d.endDate),
            fee: format.money(cents(d.annualFeeCents)),
            price: format.money(cents(d.salePriceCents)),
          }),
        };
      case "contract.contact_authorized":
        return {
          title: t("contracts.history.actions.contactAuthorized"),
          body: text(d.contactName) ?? contactName(d.contactId),
        };
      case "contract.contact_removed":
        return { title: t("contracts.history.actions.contactRemoved"), body: contactName(d.contactId) };
      case "contract.renewed": {
        const carried = Array.isArray(d.carried) ? d.carried.length : 0;
        const previous = text(d.previousContractId);
        return {
          title: t("contracts.history.actions.renewed"),
          body: (
            <>
              {t("contracts.history.renewedBody", {
                term: term(d.startDate, d.endDate),
                plan: planName(d.planId),
                fee: format.money(cents(d.annualFeeCents)),
                count: carried,
              })}
              {previous && (
                <>
                  {" "}
                  <Anchor component={Link} to={`/contracts/${previous}`} size="sm">
                    {t("contracts.history.previous")}
                  </Anchor>
                </>
              )}
            </>
          ),
        };
      }
      case "contract.updated": {
        const before = record(d.before);
        const after = record(d.after);
        const changes: string[] = [];
        if ("purchaseOrder" in after && after.purchaseOrder !== before.purchaseOrder) {
          changes.push(
            t("contracts.history.poChanged", {
              before: text(before.purchaseOrder) ?? "—",
              after: text(after.purchaseOrder) ?? "—",
            }),
          );
        }
        if ("notes" in after && after.notes !== before.notes)
          changes.push(t("contracts.history.notesChanged"));
        return {
          title: t("contracts.history.actions.updated"),
          body: changes.length ? changes.join(" · ") : t("contracts.history.noChange"),
        };
      }
      case "contract.reinstated": {
        const quote = record(d.quote);
        return {
          title: t("contracts.history.actions.reinstated"),
          body: t("contracts.history.reinstatedBody", {
            total: format.money(cents(quote.totalCents)),
            date: format.localDate(text(quote.quoteDate)),
            po: text(d.purchaseOrder) ?? "—",
          }),
        };
      }
      default:
        return { title: entry.action, body: null };
    }
  };

  return (
    <ListState
      query={history}
      isEmpty={items.length === 0}
      rows={3}
      compact
      empty={{ title: t("contracts.history.empty"), icon: <IconHistory size={28} stroke={1.5} /> }}
    >
      <Timeline
        bulletSize={26}
        lineWidth={2}
        active={items.length - 1}
        aria-label={t("contracts.history.title")}
      >
        {items.map((entry, index) => {
          const { title, body } = describe(entry);
          return (
            <Timeline.Item
              // biome-ignore lint/suspicious/noArrayIndexKey: audit entries have no id and never reorder
              key={index}
              title={
                <Text fw={600} size="sm">
                  {title}
                </Text>
              }
              bullet={
                <ThemeIcon size={26} radius="xl" variant="light">
                  {KNOWN.includes(entry.action) ? ICONS[entry.action] : <IconPoint size={14} />}
                </ThemeIcon>
              }
            >
              {body && (
                <Text size="sm" c="dimmed" component="div">
                  {body}
                </Text>
              )}
              <Text size="xs" c="dimmed" mt={4}>
                {entry.actorName
                  ? t("contracts.history.by", { name: entry.actorName, at: format.dateTime(entry.at) })
                  : format.dateTime(entry.at)}
              </Text>
            </Timeline.Item>
          );
        })}
      </Timeline>
    </ListState>
  );
};
