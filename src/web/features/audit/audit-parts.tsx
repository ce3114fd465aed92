import { Anchor, Group, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { AUDIT_ENTITIES, type AuditEntity } from "../../../api/audit";
import { RoleBadge } from "../../components/role-badge";
import type { AuditEntry } from "./audit-api";
import { AUDIT_ACTION_KEYS, entityLabel, entityPath, isKnownAction } from "./audit-words";

const isEntity = (value: string | null): value is AuditEntity =>
  (AUDIT_ENTITIES as readonly (string | null)[]).includes(value);

/** An action in words where the catalogs have them, otherwise its code. */
export const useActionText = () => {
  const { t } = useTranslation();
  return (action: string) => (isKnownAction(action) ? t(AUDIT_ACTION_KEYS[action]) : action);
};

/** An entity in words where the catalogs have them, otherwise its code. */
export const useEntityText = () => {
  const { t } = useTranslation();
  return (entity: string) => (isEntity(entity) ? t(`audit.entities.${entity}`) : entity);
};

/** Who did it: the person and their role, or the system; how they came, small. */
export const Who = ({ entry, onOnly }: { entry: AuditEntry; onOnly?: (actorId: string) => void }) => {
  const { t } = useTranslation();
  if (!entry.actor) {
    return (
      <Text size="sm" title={t("audit.systemHint")}>
        {t("audit.system")}
      </Text>
    );
  }
  const actor = entry.actor;
  return (
    <>
      {onOnly ? (
        <Anchor
          component="button"
          type="button"
          size="sm"
          fw={500}
          ta="left"
          title={t("audit.onlyThisPerson", { name: actor.name })}
          aria-label={t("audit.onlyThisPerson", { name: actor.name })}
          onClick={() => onOnly(actor.id)}
          style={{ overflowWrap: "anywhere" }}
        >
          {actor.name}
        </Anchor>
      ) : (
        <Text size="sm" fw={500}>
          {actor.name}
        </Text>
      )}
      <Group gap={6} mt={2} wrap="wrap">
        <RoleBadge role={actor.role} />
        {entry.via && entry.via !== "session" && (
          <Text size="xs" c="dimmed">
            {t(`audit.via.${entry.via}`)}
          </Text>
        )}
      </Group>
    </>
  );
};

/** The thing the entry is about, with a link where the console has a page for it. */
export const EntityRef = ({ entry }: { entry: AuditEntry }) => {
  const entityText = useEntityText();
  const path = entityPath(entry);
  const label = entityLabel(entry);
  return (
    <>
      <Text size="sm">{entityText(entry.entity)}</Text>
      {label &&
        (path ? (
          <Anchor component={Link} to={path} size="xs" style={{ overflowWrap: "anywhere" }}>
            {label}
          </Anchor>
        ) : (
          <Text size="xs" c="dimmed" ff="monospace">
            {label}
          </Text>
        ))}
    </>
  );
};

export const OrganizationRef = ({ entry }: { entry: AuditEntry }) =>
  entry.organizationId && entry.organizationName ? (
    <Anchor
      component={Link}
      to={`/organizations/${entry.organizationId}`}
      size="sm"
      style={{ overflowWrap: "anywhere" }}
    >
      {entry.organizationName}
    </Anchor>
  ) : (
    <Text size="sm" c="dimmed">
      —
    </Text>
  );
