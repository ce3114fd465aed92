import { Box, Code, ScrollArea, Text } from "@mantine/core";

interface SandboxedHtmlProps {
  html: string;
  /** The frame's accessible name. */
  title: string;
  height: number;
  /** A line above the frame that says how the HTML is shown. */
  note: string;
}

/**
 * A mail's HTML, inert: inside an iframe with an empty sandbox (no scripts, no forms, no same-origin, no
 * top navigation), given as srcdoc and without a referrer — never put into this page's own DOM.
 */
export const SandboxedHtml = ({ html, title, height, note }: SandboxedHtmlProps) => (
  <>
    <Text size="xs" c="dimmed" mb="xs">
      {note}
    </Text>
    <Box
      component="iframe"
      title={title}
      sandbox=""
      referrerPolicy="no-referrer"
      srcDoc={html}
      w="100%"
      h={height}
      bg="white"
      style={{ border: "1px solid var(--mantine-color-gray-3)", borderRadius: 8, display: "block" }}
    />
  </>
);

/** A mail's source exactly as it came: text in a scrolling block, never markup. */
export const RawSource = ({ raw, maxHeight }: { raw: string; maxHeight: number }) => (
  <ScrollArea.Autosize mah={maxHeight} type="auto">
    <Code block style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
      {raw}
    </Code>
  </ScrollArea.Autosize>
);
