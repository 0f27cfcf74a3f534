-- Each template version keeps its own message type: a template may change type from one
-- version to the next, and an older version renders (and is checked) as the type it had.
-- Versions written before this column existed take their template's type.
ALTER TABLE message_template_versions ADD COLUMN message_type TEXT;
UPDATE message_template_versions SET message_type = (
    SELECT t.message_type FROM message_templates t WHERE t.id = message_template_versions.template_id
);
