import { ActionIcon, Code, CopyButton, Group, Tooltip } from "@mantine/core";
import { IconCheck, IconCopy } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";

/** A secret shown once (a token, a signing secret), wrapped to fit, with a copy button beside it. */
export const SecretValue = ({
  value,
  label,
  copyLabel,
}: {
  value: string;
  label: string;
  copyLabel?: string;
}) => {
  const { t } = useTranslation();
  return (
    <Group gap="xs" wrap="nowrap" align="center">
      <Code
        block
        fz="sm"
        style={{ flex: 1, overflowWrap: "anywhere", whiteSpace: "pre-wrap" }}
        aria-label={label}
      >
        {value}
      </Code>
      <CopyButton value={value} timeout={2000}>
        {({ copied, copy }) => (
          <Tooltip label={copied ? t("common.copied") : t("common.copy")} withArrow>
            <ActionIcon
              color={copied ? "teal" : "gray"}
              variant="light"
              size="lg"
              onClick={copy}
              aria-label={copyLabel ?? t("common.copy")}
            >
              {copied ? <IconCheck size={18} /> : <IconCopy size={18} />}
            </ActionIcon>
          </Tooltip>
        )}
      </CopyButton>
    </Group>
  );
};
