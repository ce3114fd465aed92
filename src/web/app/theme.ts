import { createTheme, type MantineColorsTuple } from "@mantine/core";

/** A calm blue close to the vendor's brand; index 6 is the primary shade. */
const brand: MantineColorsTuple = [
  "#e8f3ff",
  "#d2e3fb",
  "#a4c4f2",
  "#72a3ea",
  "#4987e3",
  "#2f76df",
  "#1f6ddf",
  "#105cc6",
  "#0051b2",
  "#00469e",
];

export const theme = createTheme({
  primaryColor: "brand",
  colors: { brand },
  defaultRadius: "md",
  fontFamily:
    "Inter, system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Liberation Sans', sans-serif",
  headings: { fontWeight: "650" },
  cursorType: "pointer",
  components: {
    Table: { defaultProps: { verticalSpacing: "sm", highlightOnHover: true } },
    Paper: { defaultProps: { withBorder: true } },
    TextInput: { defaultProps: { radius: "md" } },
  },
});
