-- Why a message ended as it did, as a code with parameters the web words in the reader's language; `detail`
-- keeps the English text for API users.
ALTER TABLE inbound_mail ADD COLUMN reason text;
ALTER TABLE inbound_mail ADD COLUMN reason_params jsonb NOT NULL DEFAULT '{}';

-- what was written as free text before, as codes
UPDATE inbound_mail SET reason = CASE
    WHEN detail = 'multipart message without readable parts' THEN 'multipart_without_parts'
    WHEN detail = 'no From address' THEN 'no_from_address'
    WHEN detail = 'unknown sender' THEN 'unknown_sender'
    WHEN detail = 'not an authorized contact' THEN 'not_authorized_contact'
    WHEN detail = 'report' THEN 'auto_report'
    WHEN detail = 'null sender' THEN 'null_sender'
    WHEN outcome = 'unverified_sender' THEN 'authentication_failed'
    WHEN outcome = 'loop_suspected' THEN 'loop_threshold'
    WHEN outcome = 'bounce' THEN 'bounce_marked'
    WHEN outcome = 'auto_submitted' AND detail LIKE 'sender %' THEN 'automatic_sender'
    WHEN outcome = 'auto_submitted' AND position(': ' IN detail) > 0 THEN 'auto_header'
    WHEN outcome = 'auto_submitted' THEN 'auto_header_present'
    WHEN outcome = 'parse_failed' THEN 'parse_error'
    WHEN status = 'failed' THEN 'processing_error'
  END
 WHERE detail IS NOT NULL;

UPDATE inbound_mail SET reason_params = jsonb_strip_nulls(CASE reason
    WHEN 'authentication_failed' THEN jsonb_build_object('results', detail)
    WHEN 'loop_threshold' THEN jsonb_build_object(
      'count', (substring(detail FROM '^(\d+) messages'))::int,
      'minutes', (substring(detail FROM 'in (\d+) min$'))::int)
    WHEN 'bounce_marked' THEN jsonb_build_object('count', (substring(detail FROM '^(\d+)'))::int)
    WHEN 'automatic_sender' THEN jsonb_build_object('sender', substring(detail FROM 8))
    WHEN 'auto_header' THEN jsonb_build_object(
      'header', split_part(detail, ': ', 1), 'value', substring(detail FROM position(': ' IN detail) + 2))
    WHEN 'auto_header_present' THEN jsonb_build_object('header', detail)
    WHEN 'parse_error' THEN jsonb_build_object('error', detail)
    WHEN 'processing_error' THEN jsonb_build_object('error', detail)
    ELSE '{}'::jsonb
  END)
 WHERE reason IS NOT NULL;
