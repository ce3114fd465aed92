-- Automatic replies per address are now counted from inbound_mail (the replies its mail received), so
-- nothing reads the outbox by recipient any more: the index only cost every outgoing mail a write.
DROP INDEX IF EXISTS outbox_to_address_idx;
