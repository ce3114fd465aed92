import { Anchor, Code, Modal, ScrollArea, Text } from "@mantine/core";
import { IconMailCode } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useFormatters } from "../../components/formatters";
import { ListState } from "../../components/list-state";
import { useOriginalHeaders } from "./inbound-mail-api";

/** The header block as text (never markup), in a scrolling monospace block. */
const HeadersBody = ({ caseId, mailId }: { caseId: string; mailId: string }) => {
  const { t } = useTranslation();
  const format = useFormatters();
  const query = useOriginalHeaders({ caseId, mailId, enabled: true });
  return (
    <ListState
      query={query}
      isEmpty={!query.data?.headers}
      rows={4}
      compact
      empty={{ title: t("inboundMail.headers.empty") }}
    >
      <Text size="xs" c="dimmed" mb="xs">
        {query.data && t("inboundMail.headers.received", { at: format.dateTime(query.data.receivedAt) })}
      </Text>
      <ScrollArea.Autosize mah="60vh" type="auto">
        <Code block fz="xs" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
          {query.data?.headers}
        </Code>
      </ScrollArea.Autosize>
    </ListState>
  );
};

/** Staff: "show original headers" of the message a case event came from, in a dialog. */
export const OriginalHeadersLink = ({ caseId, mailId }: { caseId: string; mailId: string }) => {
  const { t } = useTranslation();
  const [opened, setOpened] = useState(false);
  return (
    <>
      <Anchor
        component="button"
        type="button"
        size="xs"
        onClick={() => setOpened(true)}
        style={{ display: "inline-flex", alignItems: "center", gap: 4 }}
      >
        <IconMailCode size={14} aria-hidden />
        {t("inboundMail.headers.show")}
      </Anchor>
      <Modal
        opened={opened}
        onClose={() => setOpened(false)}
        title={t("inboundMail.headers.title")}
        size="xl"
      >
        {opened && <HeadersBody caseId={caseId} mailId={mailId} />}
      </Modal>
    </>
  );
};
