import { Button, Menu } from "@mantine/core";
import { IconChevronDown, IconDownload, IconFileSpreadsheet, IconFileText } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";

export type CsvSeparator = "comma" | "semicolon";

/**
 * "Descargar CSV": a menu of two plain links to the API's CSV, one for Excel in Spanish (`;`, since the
 * decimal separator is a comma there) and one comma-separated. A link, not a fetch: the browser downloads
 * the file with the session cookie and names it from the server's Content-Disposition.
 */
export const CsvMenu = ({
  url,
  label,
  disabled,
}: {
  /** The CSV's address for each separator. */
  url: (separator: CsvSeparator) => string;
  /** The button's text ("Descargar CSV" by default). */
  label?: string;
  disabled?: boolean;
}) => {
  const { t } = useTranslation();
  return (
    <Menu position="bottom-end" shadow="md" width={240}>
      <Menu.Target>
        <Button
          variant="default"
          leftSection={<IconDownload size={16} />}
          rightSection={<IconChevronDown size={14} />}
          disabled={disabled}
        >
          {label ?? t("csv.download")}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item
          component="a"
          href={url("semicolon")}
          download
          leftSection={<IconFileSpreadsheet size={16} />}
        >
          {t("csv.semicolon")}
        </Menu.Item>
        <Menu.Item component="a" href={url("comma")} download leftSection={<IconFileText size={16} />}>
          {t("csv.comma")}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
};
