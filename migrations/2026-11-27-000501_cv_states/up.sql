-- No orphaned CV files: a CV row is written *before* its file, as 'pending', and marked
-- 'stored' once the file is written; a delete marks it 'deleting' and removes the file before
-- the row. A crash at any point leaves a row that names its file, which the sweep finds
-- through cvs_unfinished_idx. Only 'stored' CVs are shown to users.
ALTER TABLE cvs
    ADD COLUMN state text NOT NULL DEFAULT 'stored'
        CHECK (state IN ('pending', 'stored', 'deleting'));
-- Existing rows were written after their files, so they are stored; new rows say what they are.
ALTER TABLE cvs ALTER COLUMN state DROP DEFAULT;

CREATE INDEX cvs_unfinished_idx ON cvs (created_at) WHERE state <> 'stored';
