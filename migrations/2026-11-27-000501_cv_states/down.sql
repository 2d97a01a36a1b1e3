DROP INDEX cvs_unfinished_idx;
-- Unfinished CVs may have no file; without the column they would show as whole. Their files,
-- if any, are left under the upload directory (cvs/<user>/<id>) for the operator.
DELETE FROM cvs WHERE state <> 'stored';
ALTER TABLE cvs DROP COLUMN state;
