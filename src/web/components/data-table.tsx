import { Table, VisuallyHidden } from "@mantine/core";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

interface DataTableProps {
  /** The table's accessible name (screen readers and the browser journeys find it by it). */
  label: string;
  /** The header cells. */
  head: ReactNode;
  /** The rows. */
  children: ReactNode;
  /** Narrower than this, the table scrolls sideways instead of squeezing its columns. */
  minWidth?: number;
  highlightOnHover?: boolean;
}

/** A list's table in the house style, inside its sideways scroll. */
export const DataTable = ({ label, head, children, minWidth = 320, highlightOnHover }: DataTableProps) => (
  <Table.ScrollContainer minWidth={minWidth}>
    <Table className="soporte-table" aria-label={label} highlightOnHover={highlightOnHover}>
      <Table.Thead>
        <Table.Tr>{head}</Table.Tr>
      </Table.Thead>
      <Table.Tbody>{children}</Table.Tbody>
    </Table>
  </Table.ScrollContainer>
);

/** The header of a column of row buttons: named for screen readers, blank on screen. */
export const ActionsHeader = ({ w = 48 }: { w?: number }) => {
  const { t } = useTranslation();
  return (
    <Table.Th w={w}>
      <VisuallyHidden>{t("common.actions")}</VisuallyHidden>
    </Table.Th>
  );
};
