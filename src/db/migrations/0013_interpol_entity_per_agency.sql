-- An Interpol entity id is unique within the importing agency, no longer across agencies. A unique index across
-- agencies answered an agency's import (or any write) of a notice another agency already held with a refusal, which
-- told it that some agency holds that notice. Each agency now keeps its own copy of a public notice it imports
-- (docs/interpol-import.md, "Notices other agencies hold").
drop index fugitive_notices_entity_key;
create unique index fugitive_notices_entity_key on fugitive_notices (agency_id, interpol_entity_id) where interpol_entity_id is not null;
