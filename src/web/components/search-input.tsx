import { CloseButton, TextInput } from "@mantine/core";
import { useDebouncedCallback } from "@mantine/hooks";
import { IconSearch } from "@tabler/icons-react";
import { useEffect, useState } from "react";

interface SearchInputProps {
  label: string;
  placeholder?: string;
  value: string;
  /** Called after typing pauses (300 ms), or at once when cleared. */
  onSearch: (value: string) => void;
  clearLabel: string;
}

export const SearchInput = ({ label, placeholder, value, onSearch, clearLabel }: SearchInputProps) => {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  const debounced = useDebouncedCallback((next: string) => onSearch(next.trim()), 300);

  return (
    <TextInput
      aria-label={label}
      placeholder={placeholder ?? label}
      value={text}
      leftSection={<IconSearch size={16} aria-hidden />}
      rightSection={
        text ? (
          <CloseButton
            size="sm"
            aria-label={clearLabel}
            onClick={() => {
              setText("");
              onSearch("");
            }}
          />
        ) : null
      }
      onChange={(event) => {
        setText(event.currentTarget.value);
        debounced(event.currentTarget.value);
      }}
      style={{ flex: "1 1 260px", maxWidth: 420 }}
    />
  );
};
