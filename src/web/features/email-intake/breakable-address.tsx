import { Fragment } from "react";

/**
 * An address or a Message-ID that may wrap only where a reader expects it: after "@" and after the dots of
 * the domain ("mfrios@" / "transparencia." / "gob.mx"), never in the middle of a word.
 */
export const BreakableAddress = ({ value }: { value: string }) => {
  const parts = value.split(/(?<=[@.])/);
  return (
    <>
      {parts.map((part, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the pieces of one string, in order
        <Fragment key={index}>
          {index > 0 && <wbr />}
          {part}
        </Fragment>
      ))}
    </>
  );
};
