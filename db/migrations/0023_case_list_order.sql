-- The case list is newest first by (registered_at, id): an index in exactly that order reads a page's rows
-- and stops, where one on registered_at alone must sort every case registered in the same second.
CREATE INDEX cases_list_idx ON cases (registered_at DESC, id DESC);
DROP INDEX cases_organization_idx;
CREATE INDEX cases_organization_idx ON cases (organization_id, registered_at DESC, id DESC);
